/**
 * The rows both stores read and how they become domain objects, written once. The engines hold a
 * few values differently — tags (SQLite: comma-separated text; PostgreSQL: `text[]`), times (ISO
 * text; `timestamptz`), JSON (text; `json`/`jsonb`, parsed by pg) and the vote sequence (integer;
 * `bigserial`, which pg gives as text) — so the row types take the engine's `HeldValues`, and each
 * engine passes its `ValueConversions`. A mapper converts only the columns it uses: listing the
 * votes parses no conversation.
 */
import type { Winner } from "@arena/shared/protocol";
import { styleOfMetadata } from "@arena/shared/ratings/styleFeatures";

import type {
  BattleRecord,
  BattleSource,
  BattleState,
  BattleWithVote,
  ConversationTurn,
  StoredBattle,
} from "../domain/battle.ts";
import type { SessionStanding } from "../domain/sessionStanding.ts";
import type { StoredVote } from "../domain/vote.ts";
import { type FileLayouts, missingLayout } from "./fileLayouts.ts";

/** How an engine holds the values SQL gives no common type. */
export type HeldValues = { tags: unknown; time: unknown; json: unknown; seq: unknown };

/** An engine's way from its held values to the domain's. */
export type ValueConversions<V extends HeldValues> = {
  tags(held: V["tags"]): string[];
  time(held: V["time"]): Date;
  json(held: V["json"]): unknown;
};

/** A row of `battles`. */
export type BattleRow<V extends HeldValues> = {
  id: string;
  session_hash: string;
  prompt: string;
  language: string;
  category: string | null;
  tags: V["tags"];
  model_a: string;
  model_b: string;
  answer_a: string | null;
  answer_b: string | null;
  source: BattleSource;
  started_at: V["time"];
  /** `ConversationTurn[]`. */
  conversation: V["json"] | null;
  prompt_key: string | null;
  /** `BattleState`. */
  state: V["json"] | null;
  /** The values of the record's own fields in the order of `file_layout`, or (no layout) the whole object. */
  file_fields: V["json"] | null;
  file_layout: number | null;
  /** FastChat's `conv_metadata` object. */
  conv_metadata: V["json"] | null;
};

/** A row of `VOTES_WITH_BATTLES`: a battle with its vote. */
export type VoteRow<V extends HeldValues> = BattleRow<V> & {
  seq: V["seq"];
  winner: Winner;
  voted_at: V["time"];
  flag: string | null;
  /** The vote's session (the battle's own `session_hash` is the one that started it). */
  voter_hash: string;
  /** Reason ids, comma-separated (see reasonsOfColumn); null = none. */
  reasons: string | null;
};

/** A row of `session_standings`. */
export type StandingRow<V extends HeldValues> = {
  session_hash: string;
  status: SessionStanding["status"];
  source: SessionStanding["source"];
  reason: string;
  updated_at: V["time"];
};

/** Every vote with its battle; each engine adds its conditions, `ORDER BY v.seq` and paging. */
export const VOTES_WITH_BATTLES = `
  SELECT b.*, v.seq, v.winner, v.voted_at, v.flag, v.session_hash AS voter_hash, v.reasons
  FROM votes v JOIN battles b ON b.id = v.battle_id`;

/** The condition (after others, on `VOTES_WITH_BATTLES`) of `battlesWithoutStyle`. */
export const WITHOUT_STYLE =
  "b.conv_metadata IS NULL AND b.source <> 'import' AND b.answer_a IS NOT NULL AND b.answer_b IS NOT NULL";

export function battleRecordOf<V extends HeldValues>(row: BattleRow<V>, values: ValueConversions<V>): BattleRecord {
  return {
    id: row.id,
    sessionHash: row.session_hash,
    prompt: row.prompt,
    language: row.language,
    category: row.category,
    tags: values.tags(row.tags),
    modelA: row.model_a,
    modelB: row.model_b,
    answerA: row.answer_a,
    answerB: row.answer_b,
    source: row.source,
    startedAt: values.time(row.started_at),
  };
}

export function storedBattleOf<V extends HeldValues>(
  row: BattleRow<V>,
  voted: boolean,
  values: ValueConversions<V>,
): StoredBattle {
  return {
    record: battleRecordOf(row, values),
    state: row.state ? (values.json(row.state) as BattleState) : null,
    voted,
  };
}

export function storedVoteOf<V extends HeldValues>(row: VoteRow<V>, values: ValueConversions<V>): StoredVote {
  return {
    battleId: row.id,
    sessionHash: row.voter_hash,
    promptKey: row.prompt_key,
    modelA: row.model_a,
    modelB: row.model_b,
    winner: row.winner,
    language: row.language,
    category: row.category,
    tags: values.tags(row.tags),
    votedAt: values.time(row.voted_at),
    flag: row.flag,
    source: row.source,
    style: row.conv_metadata ? styleOfMetadata(values.json(row.conv_metadata)) : null,
    reasons: reasonsOfColumn(row.reasons),
  };
}

/**
 * Reason ids are held as one comma-separated text in both engines (ids never hold a comma: see
 * REASON_ID_PATTERN); no reasons is NULL.
 */
export function reasonsColumn(reasons: readonly string[] | undefined): string | null {
  return reasons && reasons.length > 0 ? reasons.join(",") : null;
}

export function reasonsOfColumn(column: string | null): string[] {
  return column ? column.split(",") : [];
}

/** A battle with its vote, as exported; its layout, if it has one, must be learnt. */
function battleWithVoteOf<V extends HeldValues>(
  row: VoteRow<V>,
  layouts: FileLayouts,
  values: ValueConversions<V>,
): BattleWithVote {
  return {
    ...battleRecordOf(row, values),
    winner: row.winner,
    votedAt: values.time(row.voted_at),
    flag: row.flag,
    ...(row.reasons ? { reasons: reasonsOfColumn(row.reasons) } : {}),
    ...(row.conversation ? { conversation: values.json(row.conversation) as ConversationTurn[] } : {}),
    ...(row.file_fields ? { fileFields: fileFieldsOf(values.json(row.file_fields), row.file_layout, layouts) } : {}),
    ...(row.conv_metadata ? { convMetadata: values.json(row.conv_metadata) as Record<string, unknown> } : {}),
  };
}

function fileFieldsOf(stored: unknown, layout: number | null, layouts: FileLayouts): Record<string, unknown> {
  if (layout === null) return stored as Record<string, unknown>;
  const fields = layouts.join(layout, stored as unknown[]);
  if (fields === undefined) throw missingLayout(layout);
  return fields;
}

export function sessionStandingOf<V extends HeldValues>(
  row: StandingRow<V>,
  values: ValueConversions<V>,
): SessionStanding {
  return {
    sessionHash: row.session_hash,
    status: row.status,
    source: row.source,
    reason: row.reason,
    updatedAt: values.time(row.updated_at),
  };
}

/** What `pagesOfBattlesWithVotes` needs of an engine. */
export type VotedBattlesSource<V extends HeldValues> = {
  values: ValueConversions<V>;
  /** A `seq` before every vote's. */
  start: V["seq"];
  /** Up to `limit` rows of the query after `seq` `after`, in vote order. */
  page(after: V["seq"], limit: number): VoteRow<V>[] | Promise<VoteRow<V>[]>;
  /** Reads every layout of `file_layouts` into the store's `FileLayouts`. */
  learnLayouts(): void | Promise<void>;
};

/** Keyset paging over a query of voted battles, in vote order (memory stays that of a page). */
export async function* pagesOfBattlesWithVotes<V extends HeldValues>(
  source: VotedBattlesSource<V>,
  layouts: FileLayouts,
  pageSize: number,
): AsyncGenerator<BattleWithVote[]> {
  let after = source.start;
  for (;;) {
    const rows = await source.page(after, pageSize);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.seq;
    // Layouts are only ever added: one read learns every layout the page can name.
    if (rows.some((row) => row.file_layout !== null && !layouts.knows(row.file_layout))) await source.learnLayouts();
    yield rows.map((row) => battleWithVoteOf(row, layouts, source.values));
  }
}
