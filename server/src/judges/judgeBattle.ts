/**
 * One judging: a battle's conversation shown to one judge in one order, through the live models'
 * streaming client (its deadlines and fault wording), and what came of it.
 */
import type { JudgeOrder, JudgeVerdict } from "@arena/shared/judges";

import type { ConversationTurn } from "../domain/battle.ts";
import { ProviderError } from "../providers/streamChat.ts";
import { streamChat } from "../providers/streamChat.ts";
import { asLiveModel, type JudgeConfig } from "./judgeConfig.ts";
import { buildPairwisePrompt, parseVerdict, shownTurns, toBattleSides } from "./pairwisePrompt.ts";

/** Longest raw answer kept for audit; a judge that rambles past it is cut (its verdict read first). */
export const MAX_RAW_CHARS = 100_000;

export type JudgingOutcome =
  /** The judge answered; `verdict` (in the battle's sides) is null when the answer has no single marker. */
  | { kind: "answered"; verdict: JudgeVerdict | null; raw: string; error: string | null }
  /** The endpoint failed (time-out, HTTP error, dropped connection…): a fault, for the cool-down. */
  | { kind: "fault"; raw: string; error: string };

/** Message stored with an answer that holds no verdict (or two different ones). */
export const NO_VERDICT = "the answer holds no single verdict marker ([[A]], [[B]] or [[C]])";

/**
 * Asks `judge` about `turns` shown in `order`. Never throws for the endpoint's failures (they come
 * back as a fault); an abort of `signal` (the server closing) rejects with an AbortError.
 */
export async function judgeBattle(
  judge: JudgeConfig,
  turns: readonly ConversationTurn[],
  order: JudgeOrder,
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<JudgingOutcome> {
  const pairwise = turns.map((turn) => ({ question: turn.prompt, answerA: turn.a, answerB: turn.b }));
  const messages = buildPairwisePrompt({ turns: shownTurns(pairwise, order) });
  let raw = "";
  try {
    for await (const piece of streamChat(asLiveModel(judge), messages, signal, env)) {
      raw += piece;
    }
  } catch (error) {
    if (error instanceof ProviderError)
      return { kind: "fault", raw: raw.slice(0, MAX_RAW_CHARS), error: error.message };
    throw error;
  }
  const verdict = toBattleSides(parseVerdict(raw), order);
  return { kind: "answered", verdict, raw: raw.slice(0, MAX_RAW_CHARS), error: verdict === null ? NO_VERDICT : null };
}
