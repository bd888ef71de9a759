import { type PairData, pairTotalOfEachRow } from "./pairCounts.ts";

/**
 * How much each vote counts in the fit, as in arena-rank's `PairDataset.from_pandas`:
 * - "none": every vote weighs 1 (arena-rank's default, and LMArena's published leaderboard);
 * - "inverse-pair": a vote weighs 1 / max(votes between its two models, minPairCount), so that
 *   each pair of models counts about equally however often the arena happened to pair them —
 *   the correction for unequal pair sampling (e.g. new models shown more often).
 */
export type Weighting = "none" | "inverse-pair";

/** arena-rank's `min_pair_count`: pairs rarer than this are not up-weighted further. */
export const DEFAULT_MIN_PAIR_COUNT = 50;

/** The weight of one vote in each row (arena-rank's `weights`; the fit uses weight × count). */
export function voteWeights(
  data: PairData,
  weighting: Weighting = "none",
  minPairCount: number = DEFAULT_MIN_PAIR_COUNT,
): Float64Array {
  if (weighting === "none") return new Float64Array(data.count.length).fill(1);
  if (!(minPairCount > 0)) throw new RangeError(`minPairCount must be > 0, got ${minPairCount}`);
  return pairTotalOfEachRow(data).map((pairTotal) => 1 / Math.max(pairTotal, minPairCount));
}

/** Each row's weight in the loss: vote weight × number of votes (arena-rank's `opt_weights`). */
export function rowWeights(voteWeight: Float64Array, count: Float64Array): Float64Array {
  return voteWeight.map((weight, row) => weight * count[row]!);
}
