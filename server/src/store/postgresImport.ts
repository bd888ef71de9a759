/**
 * `importBattles` for PostgreSQL: one transaction, one statement per chunk of battles. Each
 * column travels as one JSON array — the cheapest shape for both sides short of COPY (V8 writes
 * a flat array at memory speed, PostgreSQL reads it back with json_array_elements_text, far
 * faster than one object per row) — or, when the whole chunk shares it, as one value. The next
 * chunk is read from the file while PostgreSQL writes the last one.
 */
import type pg from "pg";

import type { BattleWithVote } from "../domain/battle.ts";
import type { FileLayouts } from "./fileLayouts.ts";
import { chunksOf, RepeatedValues } from "./importBatches.ts";
import { inTransaction } from "./pgGroupCommit.ts";
import { pgJson, pgText, pgTextOrNull } from "./pgValues.ts";
import { reasonsColumn } from "./rows.ts";
import type { ImportBatches } from "./store.ts";

/** Battles per statement: one statement stays well under PostgreSQL's limits and the statement timeout. */
const IMPORT_CHUNK = 2_000;

/** A battle as the statement takes it: its own fields split into values and layout (fileLayouts.ts). */
type ImportRow = { battle: BattleWithVote; fileFields: { values: unknown[]; layout: number } | null };

type Column = {
  name: string;
  /** The column's type in PostgreSQL; `json` and `jsonb` values travel as JSON, the others as texts. */
  type?: "text" | "text[]" | "timestamptz" | "integer" | "json" | "jsonb";
  value: (row: ImportRow, values: RepeatedValues) => unknown;
};

/**
 * The statement's columns, in order. Each is two parameters: a JSON array with one element per
 * battle, or, when every battle of the chunk has the same value (a CSV of votes has one voter,
 * no prompts, one time), an empty array and that value once.
 */
const COLUMNS: readonly Column[] = [
  { name: "id", value: ({ battle }) => pgText(battle.id) },
  { name: "session_hash", value: ({ battle }) => pgText(battle.sessionHash) },
  { name: "prompt", value: ({ battle }) => pgText(battle.prompt) },
  { name: "prompt_key", value: ({ battle }, values) => values.promptKey(battle.prompt, battle.source) },
  { name: "language", value: ({ battle }) => pgText(battle.language) },
  { name: "category", value: ({ battle }) => pgTextOrNull(battle.category) },
  { name: "tags", type: "text[]", value: ({ battle }) => pgArray(battle.tags) },
  { name: "model_a", value: ({ battle }) => pgText(battle.modelA) },
  { name: "model_b", value: ({ battle }) => pgText(battle.modelB) },
  { name: "answer_a", value: ({ battle }) => pgTextOrNull(battle.answerA) },
  { name: "answer_b", value: ({ battle }) => pgTextOrNull(battle.answerB) },
  { name: "source", value: ({ battle }) => battle.source },
  { name: "started_at", type: "timestamptz", value: ({ battle }, values) => values.isoTime(battle.startedAt) },
  {
    name: "conversation",
    type: "jsonb",
    value: ({ battle }) => (battle.conversation && battle.conversation.length > 1 ? battle.conversation : null),
  },
  { name: "file_fields", type: "json", value: ({ fileFields }) => fileFields?.values ?? null },
  { name: "file_layout", type: "integer", value: ({ fileFields }) => fileFields?.layout ?? null },
  { name: "conv_metadata", type: "json", value: ({ battle }) => battle.convMetadata ?? null },
  { name: "winner", value: ({ battle }) => battle.winner },
  { name: "voted_at", type: "timestamptz", value: ({ battle }, values) => values.isoTime(battle.votedAt) },
  { name: "flag", value: ({ battle }) => pgTextOrNull(battle.flag) },
  { name: "reasons", value: ({ battle }) => reasonsColumn(battle.reasons) },
];

const isJson = (type: Column["type"]) => type === "json" || type === "jsonb";

/**
 * A column of the input: its one value (a parameter, converted once), else this battle's element
 * of its array. A JSON null is none; checking it by its first token spares parsing a value again.
 */
function inputColumn({ name, type = "text" }: Column, index: number): string {
  const value = `$${2 * index + 2}::${type}`;
  if (!isJson(type)) return `coalesce(${value}, x.${name}${type === "text" ? "" : `::${type}`}) AS ${name}`;
  return `coalesce(${value}, CASE WHEN json_typeof(x.${name}) <> 'null' THEN x.${name}${type === "jsonb" ? "::jsonb" : ""} END) AS ${name}`;
}

/**
 * Ids already stored are skipped (the chunk holds each id once); votes get their sequence numbers
 * in the order of the input, for the battles this statement inserted. JSON values come as they
 * were sent (a `json` column keeps the text, so keys stay in the file's order).
 */
const IMPORT_CHUNK_SQL = `
  WITH input AS (
    SELECT ${COLUMNS.map(inputColumn).join(",\n           ")}, ord
    FROM ROWS FROM (${COLUMNS.map(({ type }, index) => `json_array_elements${isJson(type) ? "" : "_text"}($${2 * index + 1}::json)`).join(", ")})
      WITH ORDINALITY AS x(${COLUMNS.map(({ name }) => name).join(", ")}, ord)
  ), inserted AS (
    INSERT INTO battles (id, session_hash, prompt, prompt_key, language, category, tags, model_a, model_b,
                         answer_a, answer_b, source, started_at, conversation, file_fields, file_layout, conv_metadata)
    SELECT id, session_hash, prompt, prompt_key, language, category, tags, model_a, model_b,
           answer_a, answer_b, source, started_at, conversation, file_fields, file_layout, conv_metadata
    FROM input
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  )
  INSERT INTO votes (battle_id, session_hash, winner, voted_at, flag, reasons)
  SELECT input.id, input.session_hash, input.winner, input.voted_at, input.flag, input.reasons
  FROM input JOIN inserted ON inserted.id = input.id
  ORDER BY input.ord`;

/** The parameters of a chunk (see COLUMNS). */
function parametersOf(rows: ImportRow[], values: RepeatedValues): Array<string | null> {
  return COLUMNS.flatMap(({ name, type, value }) => {
    const column = rows.map((row) => value(row, values));
    const first = column[0];
    // The ids are never one value: they give the statement its rows.
    if (name === "id" || column.some((each) => each !== first)) return [pgJson(column), null];
    if (first === null || first === undefined) return ["[]", null];
    return ["[]", isJson(type) ? pgJson(first) : String(first)];
  });
}

export async function postgresImport(
  pool: pg.Pool,
  layouts: FileLayouts,
  input: ImportBatches,
): Promise<{ imported: number; skipped: number }> {
  let total = 0;
  const values = new RepeatedValues();
  try {
    const imported = await inTransaction(pool, async (client) => {
      let count = 0;
      let writing: Promise<number> | undefined;
      for await (const chunk of chunksOf(input, IMPORT_CHUNK)) {
        total += chunk.length;
        const rows = await importRows(client, layouts, chunk);
        const sent = client
          .query({ name: "import_chunk", text: IMPORT_CHUNK_SQL, values: parametersOf(rows, values) })
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
  } catch (error) {
    // Layouts made by this import went with it.
    layouts.forget();
    throw error;
  }
}

/**
 * The chunk's battles as the statement takes them, the first of two battles with one id only
 * (the second would be skipped anyway, and the statement takes each id once). Layouts seen for
 * the first time are stored first (in the import's transaction).
 */
async function importRows(client: pg.ClientBase, layouts: FileLayouts, chunk: BattleWithVote[]): Promise<ImportRow[]> {
  const seen = new Set<string>();
  const battles = chunk.filter((battle) => !seen.has(battle.id) && seen.add(battle.id));
  const splits = battles.map((battle) => (battle.fileFields ? layouts.split(battle.fileFields) : null));
  const fresh = new Set<string>();
  for (const split of splits) if (split && split.layout === undefined) fresh.add(split.fields);
  if (fresh.size > 0) {
    const fields = [...fresh];
    await client.query("INSERT INTO file_layouts (fields) SELECT unnest($1::text[]) ON CONFLICT (fields) DO NOTHING", [
      fields,
    ]);
    const { rows } = await client.query<{ id: number; fields: string }>(
      "SELECT id, fields FROM file_layouts WHERE fields = ANY($1::text[])",
      [fields],
    );
    for (const row of rows) layouts.learn(row.id, row.fields);
  }
  return battles.map((battle, index) => {
    const split = splits[index];
    if (!split) return { battle, fileFields: null };
    const layout = split.layout ?? layouts.idOf(split.fields)!;
    return { battle, fileFields: { values: split.values, layout } };
  });
}

/** A text[] literal: `{"coding","long"}`. */
function pgArray(items: readonly string[]): string {
  return `{${items.map((item) => `"${pgText(item).replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}
