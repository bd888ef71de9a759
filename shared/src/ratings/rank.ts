/**
 * LMArena's leaderboard rank ("rank (UB)"): 1 + the number of models that are better beyond doubt,
 * i.e. whose interval's lower bound lies strictly above this model's upper bound. Models whose
 * intervals overlap share a rank, so ranks can repeat and skip (1, 1, 3, …).
 */
export function rankByIntervals(
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  /** Whose lower bounds count (default every model's): e.g. only the ranked, not the provisional, ones. */
  rankedLower: ArrayLike<number> = lower,
): Int32Array {
  if (lower.length !== upper.length) throw new RangeError("lower and upper need one entry per model");
  const sortedLower = Float64Array.from(rankedLower).sort();
  const rank = new Int32Array(upper.length);
  for (let model = 0; model < upper.length; model++) {
    rank[model] = 1 + sortedLower.length - countAtMost(sortedLower, upper[model]!);
  }
  return rank;
}

/** How many of the ascending `values` are ≤ `limit` (binary search). */
function countAtMost(values: Float64Array, limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
