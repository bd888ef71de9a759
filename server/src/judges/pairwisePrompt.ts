/**
 * MT-bench's pairwise judge prompt (Zheng et al. 2023; FastChat's `judge_prompts.jsonl`, templates
 * `pair-v2` and `pair-v2-multi-turn`), the reading of its verdict, and the combination of the two
 * orders a battle is judged in. Pure: no I/O, so the server's judges and the offline `judge`
 * command build exactly the same prompts.
 */
import type { JudgeOrder, JudgeVerdict } from "@arena/shared/judges";

import type { ChatMessage } from "../providers/liveModel.ts";

/** One voter turn of a battle, in the order the judge is shown the answers. */
export type PairwiseTurn = { question: string; answerA: string; answerB: string };

const VERDICT_FORMAT =
  'After providing your explanation, output your final verdict by strictly following this format: "[[A]]" if ' +
  'assistant A is better, "[[B]]" if assistant B is better, and "[[C]]" for a tie.';

const FAIRNESS =
  "Avoid any position biases and ensure that the order in which the responses were presented does not influence " +
  "your decision. Do not allow the length of the responses to influence your evaluation. Do not favor certain " +
  "names of the assistants. Be as objective as possible.";

/** `pair-v2`'s system prompt, word for word. */
export const SINGLE_TURN_SYSTEM_PROMPT =
  "Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to " +
  "the user question displayed below. You should choose the assistant that follows the user's instructions and " +
  "answers the user's question better. Your evaluation should consider factors such as the helpfulness, " +
  "relevance, accuracy, depth, creativity, and level of detail of their responses. Begin your evaluation by " +
  `comparing the two responses and provide a short explanation. ${FAIRNESS} ${VERDICT_FORMAT}`;

/**
 * `pair-v2-multi-turn`'s system prompt. MT-bench has two turns and asks to focus on "the second user
 * question"; a longer live battle is judged on its last question, with the whole conversation shown.
 */
export function multiTurnSystemPrompt(turns: number): string {
  const focus = turns === 2 ? "the second user question" : "the last user question";
  return (
    "Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to " +
    "the user questions. You should choose the assistant that follows the user's instructions and answers the " +
    "user's questions better. Your evaluation should consider factors such as the helpfulness, relevance, " +
    "accuracy, depth, creativity, and level of detail of their responses. You should focus on who provides a " +
    `better answer to ${focus}. Begin your evaluation by comparing the responses of the two assistants and ` +
    `provide a short explanation. ${FAIRNESS} ${VERDICT_FORMAT}`
  );
}

function singleTurnPrompt(turn: PairwiseTurn): string {
  return (
    `[User Question]\n${turn.question}\n\n` +
    `[The Start of Assistant A's Answer]\n${turn.answerA}\n[The End of Assistant A's Answer]\n\n` +
    `[The Start of Assistant B's Answer]\n${turn.answerB}\n[The End of Assistant B's Answer]`
  );
}

function conversation(turns: readonly PairwiseTurn[], side: "A" | "B"): string {
  const exchanges = turns
    .map((turn) => {
      const answer = side === "A" ? turn.answerA : turn.answerB;
      return `### User:\n${turn.question}\n\n### Assistant ${side}:\n${answer}\n\n`;
    })
    .join("");
  return (
    `<|The Start of Assistant ${side}'s Conversation with User|>\n\n${exchanges}` +
    `<|The End of Assistant ${side}'s Conversation with User|>`
  );
}

/**
 * The messages to send a judge: `pair-v2` for a one-turn battle, `pair-v2-multi-turn` (the whole
 * conversation of each assistant) for several turns.
 */
export function buildPairwisePrompt(battle: { turns: readonly PairwiseTurn[] }): ChatMessage[] {
  const { turns } = battle;
  if (turns.length === 0) throw new Error("a battle to judge has at least one turn");
  if (turns.length === 1) {
    return [
      { role: "system", content: SINGLE_TURN_SYSTEM_PROMPT },
      { role: "user", content: singleTurnPrompt(turns[0]!) },
    ];
  }
  return [
    { role: "system", content: multiTurnSystemPrompt(turns.length) },
    { role: "user", content: `${conversation(turns, "A")}\n\n\n${conversation(turns, "B")}` },
  ];
}

const MARKERS: ReadonlyArray<[string, JudgeVerdict]> = [
  ["[[A]]", "a"],
  ["[[B]]", "b"],
  ["[[C]]", "tie"],
];

/**
 * The verdict in a judge's answer, as the judge labelled the answers: `a` for `[[A]]`, `b` for
 * `[[B]]`, `tie` for `[[C]]`. MT-bench reads `[[A]]` first, then `[[B]]`, then `[[C]]`, so an answer
 * that quotes the format before its verdict counts for A there; here an answer holding two different
 * markers is ambiguous and has no verdict (null), like one holding none.
 */
export function parseVerdict(text: string): JudgeVerdict | null {
  const found = MARKERS.filter(([marker]) => text.includes(marker));
  return found.length === 1 ? found[0]![1] : null;
}

/** The answers as shown to the judge: `ab` keeps the battle's sides, `ba` swaps them. */
export function shownTurns(turns: readonly PairwiseTurn[], order: JudgeOrder): PairwiseTurn[] {
  return order === "ab"
    ? turns.map((turn) => ({ ...turn }))
    : turns.map((turn) => ({ question: turn.question, answerA: turn.answerB, answerB: turn.answerA }));
}

/** A verdict read in the order shown, turned into the battle's own sides (`ba`'s "A" is side b). */
export function toBattleSides(verdict: JudgeVerdict | null, order: JudgeOrder): JudgeVerdict | null {
  if (order === "ab" || verdict === null || verdict === "tie") return verdict;
  return verdict === "a" ? "b" : "a";
}

/**
 * The final verdict of a battle judged in both orders, both given in the battle's own sides (see
 * toBattleSides): equal verdicts stand, different ones are a tie (MT-bench's answer to position
 * bias), and a missing one leaves the battle without a verdict.
 */
export function combineOrders(first: JudgeVerdict | null, swapped: JudgeVerdict | null): JudgeVerdict | null {
  if (first === null || swapped === null) return null;
  return first === swapped ? first : "tie";
}
