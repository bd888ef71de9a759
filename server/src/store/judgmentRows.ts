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

/** The condition (on `VOTES_WITH_BATTLES`) of `judgedVotes`. */
export const JUDGED = "v.flag IS NULL AND EXISTS (SELECT 1 FROM judgments j WHERE j.battle_id = b.id)";

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
