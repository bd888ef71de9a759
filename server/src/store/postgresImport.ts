/**
 * `importBattles` for PostgreSQL: one transaction, one statement per chunk of battles. Each
 * column travels as one JSON array of texts — the cheapest shape for both sides short of COPY
 * (V8 writes a flat array of strings at memory speed, PostgreSQL reads it back as rows with
 * json_array_elements_text, far faster than one object per row) — and the next chunk is read
 * from the file while PostgreSQL writes the last one.
 */
import type pg from "pg";
import { RepeatedValues, chunksOf } from "./importBatches.ts";
import { inTransaction } from "./pgGroupCommit.ts";
import { pgJson, pgText, pgTextOrNull } from "./pgValues.ts";
import type { BattleWithVote, ImportBatches } from "./store.ts";

/** Battles per statement: one statement stays well under PostgreSQL's limits and the statement timeout. */
const IMPORT_CHUNK = 2_000;

type Column = {
  name: string;
  /** Sent as JSON values (`json_array_elements`) rather than texts. */
  json?: boolean;
  value: (battle: BattleWithVote, values: RepeatedValues) => unknown;
};

/** The statement's parameters, `$1` … `$19`, in order: each one JSON array, one element per battle. */
const COLUMNS: readonly Column[] = [
  { name: "id", value: (battle) => pgText(battle.id) },
  { name: "session_hash", value: (battle) => pgText(battle.sessionHash) },
  { name: "prompt", value: (battle) => pgText(battle.prompt) },
  { name: "prompt_key", value: (battle, values) => values.promptKey(battle.prompt, battle.source) },
  { name: "language", value: (battle) => pgText(battle.language) },
  { name: "category", value: (battle) => pgTextOrNull(battle.category) },
  { name: "tags", value: (battle) => pgArray(battle.tags) },
  { name: "model_a", value: (battle) => pgText(battle.modelA) },
  { name: "model_b", value: (battle) => pgText(battle.modelB) },
  { name: "answer_a", value: (battle) => pgTextOrNull(battle.answerA) },
  { name: "answer_b", value: (battle) => pgTextOrNull(battle.answerB) },
  { name: "source", value: (battle) => battle.source },
  { name: "started_at", value: (battle, values) => values.isoTime(battle.startedAt) },
  { name: "conversation", json: true, value: (battle) => (battle.conversation && battle.conversation.length > 1 ? battle.conversation : null) },
  { name: "file_fields", json: true, value: (battle) => battle.fileFields ?? null },
  { name: "conv_metadata", json: true, value: (battle) => battle.convMetadata ?? null },
  { name: "winner", value: (battle) => battle.winner },
  { name: "voted_at", value: (battle, values) => values.isoTime(battle.votedAt) },
  { name: "flag", value: (battle) => pgTextOrNull(battle.flag) },
];

/**
 * Ids already stored are skipped (the chunk holds each id once); votes get their sequence numbers
 * in the order of the input, for the battles this statement inserted. JSON values come as they
 * were sent (a `json` column keeps the text, so keys stay in the file's order); JSON null is none.
 */
const IMPORT_CHUNK_SQL = `
  WITH input AS (
    SELECT * FROM ROWS FROM (${COLUMNS.map(({ json }, index) => `json_array_elements${json ? "" : "_text"}($${index + 1}::json)`).join(", ")})
      WITH ORDINALITY AS x(${COLUMNS.map(({ name }) => name).join(", ")}, ord)
  ), inserted AS (
    INSERT INTO battles (id, session_hash, prompt, prompt_key, language, category, tags, model_a, model_b,
                         answer_a, answer_b, source, started_at, conversation, file_fields, conv_metadata)
    SELECT id, session_hash, prompt, prompt_key, language, category, tags::text[], model_a, model_b,
           answer_a, answer_b, source, started_at::timestamptz, nullif(conversation::text, 'null')::jsonb,
           nullif(file_fields::text, 'null')::json, nullif(conv_metadata::text, 'null')::json
    FROM input
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  )
  INSERT INTO votes (battle_id, session_hash, winner, voted_at, flag)
  SELECT input.id, input.session_hash, input.winner, input.voted_at::timestamptz, input.flag
  FROM input JOIN inserted ON inserted.id = input.id
  ORDER BY input.ord`;

export async function postgresImport(pool: pg.Pool, input: ImportBatches): Promise<{ imported: number; skipped: number }> {
  let total = 0;
  const values = new RepeatedValues();
  const imported = await inTransaction(pool, async (client) => {
    let count = 0;
    let writing: Promise<number> | undefined;
    for await (const chunk of chunksOf(input, IMPORT_CHUNK)) {
      total += chunk.length;
      const sent = client
        .query({ name: "import_chunk", text: IMPORT_CHUNK_SQL, values: columnsOf(chunk, values) })
        .then((result) => result.rowCount ?? 0);
      // Awaited below, after the next chunk is read; a failure meanwhile is not unhandled.
      sent.catch(() => undefined);
      if (writing) count += await writing;
      writing = sent;
    }
    if (writing) count += await writing;
    return count;
  });
  return { imported, skipped: total - imported };
}

/**
 * The chunk as one JSON array per column, the first of two battles with one id only (the second
 * would be skipped anyway, and the statement takes each id once).
 */
function columnsOf(chunk: BattleWithVote[], values: RepeatedValues): string[] {
  const seen = new Set<string>();
  const battles = chunk.filter((battle) => !seen.has(battle.id) && seen.add(battle.id));
  return COLUMNS.map(({ value }) => pgJson(battles.map((battle) => value(battle, values))));
}

/** A text[] literal: `{"coding","long"}`. */
function pgArray(items: readonly string[]): string {
  return `{${items.map((item) => `"${pgText(item).replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}
