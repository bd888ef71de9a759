/**
 * Agreement between two groups of judges, as MT-bench measures it (Zheng et al. 2023, §4.2;
 * FastChat's `llm_judge/compute_agreement.py`):
 *
 * - Votes are compared only with votes on the same question, the same pair of models and the same
 *   turn. The pair is unordered: a vote on (B, A) is turned round to (A, B), model names ordered
 *   by `<`, as Python orders them (UTF-16 code units here; the two differ only beyond U+FFFF).
 * - With A ≠ B: every vote of group A is paired with every vote of group B on the same key.
 *   (FastChat insists on exactly one vote of the first group per key, which is what a judge file
 *   holds; with several, each counts, and a vote that belongs to both groups is not paired with itself.)
 *   With A = B: every pair of two different votes of that group, each pair once.
 * - "With ties" compares every pair: they agree when both are ties or both name the same winner.
 *   "Without ties" leaves out every pair where either vote is a tie (both-bad is a tie too).
 */
import type { Winner } from "../protocol.ts";

/** One judge's verdict on a question, pair of models and turn. */
export type AgreementVote = {
  questionId: string;
  /** 1-based turn of the conversation. */
  turn: number;
  modelA: string;
  modelB: string;
  judge: string;
  winner: Winner;
};

export type AgreementCount = {
  agree: number;
  total: number;
  /** agree / total; null when total is 0. */
  ratio: number | null;
};

export type Agreement = { withTies: AgreementCount; withoutTies: AgreementCount };

/** A judge belongs to group G when its id is G or starts with `G_` (`expert` holds `expert_0`, `expert_1`, …). */
export function inJudgeGroup(judge: string, group: string): boolean {
  return judge === group || judge.startsWith(`${group}_`);
}

/** A verdict as seen from the alphabetically first model: "first", "second" or "tie". */
type Side = "first" | "second" | "tie";

function sideOf(vote: AgreementVote): Side {
  if (vote.winner === "tie" || vote.winner === "bothbad") return "tie";
  // FastChat keeps the order only when model_a < model_b; otherwise (also model_a = model_b) it turns the vote round.
  const kept = vote.modelA < vote.modelB;
  return (vote.winner === "a") === kept ? "first" : "second";
}

function keyOf(vote: AgreementVote): string {
  const [first, second] = vote.modelA < vote.modelB ? [vote.modelA, vote.modelB] : [vote.modelB, vote.modelA];
  return JSON.stringify([vote.turn, vote.questionId, first, second]);
}

/** The count as the contract writes it. */
export function agreementCount(agree: number, total: number): AgreementCount {
  return { agree, total, ratio: total === 0 ? null : agree / total };
}

/**
 * MT-bench's agreement between judge groups `groupA` and `groupB` over `votes` (any order; within a
 * key, file order decides nothing but which pair is written first). Votes of neither group are ignored.
 */
export function judgeAgreement(votes: Iterable<AgreementVote>, groupA: string, groupB: string): Agreement {
  const byKey = new Map<string, Array<{ side: Side; inA: boolean; inB: boolean }>>();
  for (const vote of votes) {
    const inA = inJudgeGroup(vote.judge, groupA);
    const inB = inJudgeGroup(vote.judge, groupB);
    if (!inA && !inB) continue;
    const key = keyOf(vote);
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push({ side: sideOf(vote), inA, inB });
  }
  let agreeWithTies = 0;
  let totalWithTies = 0;
  let agreeWithoutTies = 0;
  let totalWithoutTies = 0;
  const compare = (x: Side, y: Side) => {
    const agree = x === y ? 1 : 0;
    agreeWithTies += agree;
    totalWithTies++;
    if (x === "tie" || y === "tie") return;
    agreeWithoutTies += agree;
    totalWithoutTies++;
  };
  const sameGroup = groupA === groupB;
  for (const list of byKey.values()) {
    for (let i = 0; i < list.length; i++) {
      const first = list[i]!;
      if (!first.inA) continue;
      // Same group: each unordered pair once (j > i); two groups: every other vote of B.
      for (let j = sameGroup ? i + 1 : 0; j < list.length; j++) {
        if (j === i || !list[j]!.inB) continue;
        compare(first.side, list[j]!.side);
      }
    }
  }
  return {
    withTies: agreementCount(agreeWithTies, totalWithTies),
    withoutTies: agreementCount(agreeWithoutTies, totalWithoutTies),
  };
}
