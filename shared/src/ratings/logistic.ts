/**
 * σ(x) = 1 / (1 + e⁻ˣ), the Bradley–Terry win probability for a strength difference x, into
 * `both[0]`, and σ(−x) into `both[1]`. Both come from the one e^−|x| (so no exp overflows): one
 * is e^−|x| / (1 + e^−|x|), the other 1 / (1 + e^−|x|). σ(−x) is computed, not taken as 1 − σ(x):
 * near 1 that subtraction rounds to 0, which would stall the fit of a model that never lost.
 */
export function logisticBoth(x: number, both: Float64Array): void {
  const e = Math.exp(-Math.abs(x));
  if (x >= 0) {
    both[0] = 1 / (1 + e);
    both[1] = e / (1 + e);
  } else {
    both[0] = e / (1 + e);
    both[1] = 1 / (1 + e);
  }
}
