/**
 * A judge battle file, as `arena judge --pack` writes it: JSONL, one FastChat `clean_battle`-like
 * record per question, pair of models and turn, which `rate`, `import-battles` and `agreement`
 * read like any battle file. Beside FastChat's fields it keeps what an audit needs: the pack's
 * `category`, and `judgments` — both orders' raw answers, verdicts (in the record's own sides) and
 * token usage. `battle_id` is a hash of judge, question, pair and turn, so importing the same
 * judging twice adds it once.
 */
import { createHash } from "node:crypto";

import type { JudgeOrder, JudgeVerdict } from "@arena/shared/judges";

import { judgingKey, type PackJudging } from "./packJudgings.ts";

/** Tokens of one judging: the endpoint's `usage` when it sent one, else counted here (`counted: true`). */
export type JudgingTokens = { prompt: number; completion: number; counted: boolean };

/** One order's judging, as kept in the record. */
export type OrderJudgment = {
  order: JudgeOrder;
  /** In the record's own sides (model_a = side a); null = no verdict. */
  verdict: JudgeVerdict | null;
  raw: string;
  error?: string;
  /** ISO 8601. */
  judgedAt: string;
  tokens: JudgingTokens;
};

const WINNER_NAMES: Record<JudgeVerdict, string> = { a: "model_a", b: "model_b", tie: "tie" };

/** MT-bench's question ids are numbers: written back as numbers, as FastChat writes them. */
function questionIdValue(id: string): string | number {
  return /^(0|[1-9]\d{0,14})$/.test(id) ? Number(id) : id;
}

/** The record of a judging that reached a final verdict (both orders combined). */
export function judgeBattleRecord(
  judge: string,
  judging: PackJudging,
  verdict: JudgeVerdict,
  judgments: readonly OrderJudgment[],
  at: Date,
): Record<string, unknown> {
  const conversation = (side: "a" | "b") =>
    judging.turns.flatMap((turn) => [
      { role: "user", content: turn.prompt },
      { role: "assistant", content: turn[side] },
    ]);
  return {
    battle_id: createHash("sha256").update(judging.key).digest("hex").slice(0, 32),
    question_id: questionIdValue(judging.questionId),
    model_a: judging.modelA,
    model_b: judging.modelB,
    winner: WINNER_NAMES[verdict],
    judge,
    conversation_a: conversation("a"),
    conversation_b: conversation("b"),
    turn: judging.turn,
    // The judge saw no model names: a blind verdict, as FastChat marks anonymous votes.
    anony: true,
    tstamp: at.getTime() / 1000,
    ...(judging.category !== null && { category: judging.category }),
    judgments,
  };
}

/**
 * The judgings a judge battle file holds (their keys), to be skipped on `--resume`. `problem`
 * reports a line that is not a judge battle, with its 1-based number. A last line without its
 * line break is an interrupted write: not counted, and `completeBytes` says where it starts.
 */
export function judgedKeysOf(
  text: string,
  problem: (line: number, message: string) => Error,
): { keys: Set<string>; completeBytes: number; partialLine: boolean } {
  const keys = new Set<string>();
  const end = text.lastIndexOf("\n") + 1;
  const lines = text.slice(0, end).split("\n");
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw problem(index + 1, "not valid JSON (is this a judge battle file?)");
    }
    const { judge, question_id: questionId, model_a: modelA, model_b: modelB, turn } = record ?? {};
    if (
      typeof judge !== "string" ||
      (typeof questionId !== "string" && typeof questionId !== "number") ||
      typeof modelA !== "string" ||
      typeof modelB !== "string" ||
      typeof turn !== "number"
    )
      throw problem(index + 1, "not a judge battle (needs judge, question_id, model_a, model_b and turn)");
    keys.add(judgingKey(judge, String(questionId), modelA, modelB, turn));
  });
  return { keys, completeBytes: Buffer.byteLength(text.slice(0, end)), partialLine: end < text.length };
}
