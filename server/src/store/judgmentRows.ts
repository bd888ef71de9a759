/**
 * The judgings' rows (table `judgments`, apart from the people's `votes`) and how both engines read
 * them, written once; each engine keeps only its placeholders and value conversions.
 */
import type { JudgeOrder, JudgeVerdict } from "@arena/shared/judges";

import type { ConversationTurn } from "../domain/battle.ts";
import type { JudgeTask, JudgmentRecord } from "../domain/judgment.ts";

/**
 * The battles a judge should see, as a condition on `votes v JOIN battles b`: voted in this arena
 * (imported battles were judged, or not, where they came from: `arena judge` judges packs
 * offline), not flagged, not from an excluded session, with both answers. A vote left out by the
 * daily cap or prompt damping is judged still: the gate that drops it can change its mind.
 */
export const JUDGEABLE = `v.flag IS NULL AND b.source <> 'import' AND b.answer_a IS NOT NULL AND b.answer_b IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM session_standings s WHERE s.session_hash = v.session_hash AND s.status = 'excluded')`;

/**
 * The columns `storedVoteOf` reads, and no more (those of rows.ts's `COUNTED_VOTE_COLUMNS`, in its
 * order: the engines read them as arrays): the answers and conversations of thousands of judged
 * battles are what made reading them slow.
 */
export const STORED_VOTE_COLUMNS = `v.seq, v.battle_id, v.session_hash, v.winner, v.voted_at, v.flag,
  b.prompt_key, b.model_a, b.model_b, b.language, b.category, b.tags, b.source, b.conv_metadata, v.reasons`;

/**
 * `judgedVotes`: from the judged battles to their votes (CROSS JOIN fixes SQLite's join order, and
 * PostgreSQL reads it as a plain join): never a scan of every vote, which an imported history makes long.
 */
export const JUDGED_VOTES = `SELECT ${STORED_VOTE_COLUMNS}
  FROM (SELECT DISTINCT battle_id FROM judgments) jb CROSS JOIN votes v
  JOIN battles b ON b.id = v.battle_id
  WHERE v.battle_id = jb.battle_id AND v.flag IS NULL ORDER BY v.seq`;

/** A row of the pending query: the battle's conversation and the orders the judge has done. */
export type PendingRow<Json> = {
  id: string;
  prompt: string;
  answer_a: string;
  answer_b: string;
  conversation: Json | null;
  /** Comma-separated orders already stored (null: none). */
  done: string | null;
};

export type JudgmentRow<Time> = {
  battle_id: string;
  judge: string;
  order_shown: JudgeOrder;
  verdict: JudgeVerdict | null;
  raw: string;
  error: string | null;
  judged_at: Time;
};

export function judgeTaskOf<Json>(row: PendingRow<Json>, judge: string, json: (held: Json) => unknown): JudgeTask {
  const done = new Set((row.done ?? "").split(","));
  const turns = row.conversation
    ? (json(row.conversation) as ConversationTurn[])
    : [{ prompt: row.prompt, a: row.answer_a, b: row.answer_b }];
  return { battleId: row.id, judge, turns, missing: (["ab", "ba"] as const).filter((order) => !done.has(order)) };
}

export function judgmentOf<Time>(row: JudgmentRow<Time>, time: (held: Time) => Date): JudgmentRecord {
  return {
    battleId: row.battle_id,
    judge: row.judge,
    order: row.order_shown,
    verdict: row.verdict,
    raw: row.raw,
    error: row.error,
    judgedAt: time(row.judged_at),
  };
}
