/**
 * Online Elo as Chatbot Arena computes it (FastChat `compute_online_elo`): start 1000, K = 4,
 * 400-point logistic scale, tie and both-bad count as half a win, votes applied in time order.
 */
// The server's, bench's and tests' tsconfigs compile this file without shared's include list.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../types/elo-rank.d.ts" />
import EloRank from "elo-rank";

import type { RatingMove, Winner } from "../protocol.ts";

export const ELO_START = 1000;
export const ELO_K = 4;

const eloRank = new EloRank(ELO_K);

/** Model A's score in one vote: 1 win, 0 loss, ½ for tie and both-bad. */
export function scoreOfA(winner: Winner): number {
  switch (winner) {
    case "a":
      return 1;
    case "b":
      return 0;
    case "tie":
    case "bothbad":
      return 0.5;
  }
}

/**
 * Applies one vote to `ratings` (mutated) and returns how both ratings moved.
 *
 * We take only elo-rank's expectation and do the update ourselves: its `updateRating` rounds to
 * whole points, and with K = 4 a single update is often below one point, so rounding would throw
 * most of the signal away (and make the table depend on rounding order).
 */
export function applyEloVote(
  ratings: Map<string, number>,
  modelA: string,
  modelB: string,
  winner: Winner,
): { a: RatingMove; b: RatingMove } {
  const beforeA = ratings.get(modelA) ?? ELO_START;
  const beforeB = ratings.get(modelB) ?? ELO_START;
  // A model meeting itself wins what it loses: FastChat's two updates net to zero, and so does this.
  if (modelA === modelB) return { a: { before: beforeA, after: beforeA }, b: { before: beforeB, after: beforeB } };
  const moveA = eloMoveOfA(beforeA, beforeB, scoreOfA(winner));
  const afterA = beforeA + moveA;
  const afterB = beforeB - moveA;
  ratings.set(modelA, afterA);
  ratings.set(modelB, afterB);
  return { a: { before: beforeA, after: afterA }, b: { before: beforeB, after: afterB } };
}

/**
 * How far A's rating moves in one vote between two different models that scored A `scoreA`; B
 * moves the same distance the other way (K·(1 − s − (1 − E)) = −K·(s − E)).
 */
export function eloMoveOfA(beforeA: number, beforeB: number, scoreA: number): number {
  return ELO_K * (scoreA - eloRank.getExpected(beforeA, beforeB));
}

/**
 * elo-rank's expectation (`getExpected`) written out: the same IEEE operations in the same order,
 * so the same bits (test/unit/elo.test.ts compares them), without a call into the library. For a
 * replay of a whole file, where the call costs more than the arithmetic until V8 optimises it.
 */
export function expectedScoreOfA(beforeA: number, beforeB: number): number {
  return 1 / (1 + Math.pow(10, (beforeB - beforeA) / 400));
}
