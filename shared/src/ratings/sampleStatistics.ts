/** Statistics of bootstrap samples, computed as numpy computes them (so figures compare with FastChat's). */

/** numpy's default ("linear") quantile of ascending values: interpolate at position q·(n − 1). */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** Σ(x − mean)² / n, as numpy's `var` (ddof = 0). */
export function populationVariance(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) * (value - mean);
  return squares / values.length;
}
