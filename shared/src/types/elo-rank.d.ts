// elo-rank ships no types; this is the part of its API Arena uses.
declare module "elo-rank" {
  export default class EloRank {
    constructor(k?: number);
    getKFactor(): number;
    /** Probability that a player rated `a` beats one rated `b` (logistic, 400-point scale). */
    getExpected(a: number, b: number): number;
    /** Rounds the new rating to an integer. */
    updateRating(expected: number, actual: number, current: number): number;
  }
}
