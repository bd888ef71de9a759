/**
 * The work of an offline judge over an answer pack, as MT-bench's `gen_judgment.py --mode
 * pairwise-all` lays it out: for every question and pair of models, one judging per turn — turn 1
 * on the first question alone, turn t on the whole conversation up to t (MT-bench's multi-turn
 * template) — each later asked in both orders. A question that either model did not answer is
 * left out, and a conversation stops at the last turn both models answered.
 */
import type { ConversationTurn } from "../domain/battle.ts";
import type { Pack } from "../packs/loadPack.ts";
import type { ModelPair } from "./judgePairs.ts";

export type PackJudging = {
  /** Names the judging in a judge battle file (see judgingKey). */
  key: string;
  questionId: string;
  category: string | null;
  /** 1-based: the conversation's last turn. */
  turn: number;
  modelA: string;
  modelB: string;
  /** The conversation up to `turn`, side a = modelA. */
  turns: ConversationTurn[];
};

/** One judge's judging of a question, pair and turn, whichever model the file names first. */
export function judgingKey(judge: string, questionId: string, modelA: string, modelB: string, turn: number): string {
  const [first, second] = modelA < modelB ? [modelA, modelB] : [modelB, modelA];
  return JSON.stringify([judge, questionId, first, second, turn]);
}

/** The judgings of `pairs` on every question of `pack`, question by question; `unanswered` counts the (question, pair)s left out. */
export function packJudgings(
  pack: Pack,
  pairs: readonly ModelPair[],
  judge: string,
): { judgings: PackJudging[]; unanswered: number } {
  const answers = new Map<string, string[]>();
  for (const answer of pack.answers) answers.set(JSON.stringify([answer.model, answer.questionId]), answer.turns);
  const judgings: PackJudging[] = [];
  let unanswered = 0;
  for (const question of pack.questions) {
    for (const pair of pairs) {
      const answersA = answers.get(JSON.stringify([pair.a, question.id]));
      const answersB = answers.get(JSON.stringify([pair.b, question.id]));
      if (!answersA || !answersB) {
        unanswered++;
        continue;
      }
      const turns = Math.min(question.turns.length, answersA.length, answersB.length);
      const conversation: ConversationTurn[] = [];
      for (let turn = 1; turn <= turns; turn++) {
        conversation.push({ prompt: question.turns[turn - 1]!, a: answersA[turn - 1]!, b: answersB[turn - 1]! });
        judgings.push({
          key: judgingKey(judge, question.id, pair.a, pair.b, turn),
          questionId: question.id,
          category: question.category,
          turn,
          modelA: pair.a,
          modelB: pair.b,
          turns: [...conversation],
        });
      }
    }
  }
  return { judgings, unanswered };
}
