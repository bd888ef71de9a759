/**
 * σ(x) = 1 / (1 + e⁻ˣ), the Bradley–Terry win probability for a strength difference x, computed
 * so that no exp overflows. For 1 − σ(x) call logistic(−x) rather than subtracting: near 1 the
 * subtraction rounds to 0, which would stall the fit of a model that never lost.
 */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * σ(x) into `both[0]` and σ(−x) into `both[1]`, bit for bit what logistic(x) and logistic(−x)
 * give, from one exp: both are e⁻|ˣ| over 1 + e⁻|ˣ| or one over it. For the fits' p·q, which
 * would otherwise take two exps per row of every pass.
 */
export function logisticBoth(x: number, both: Float64Array): void {
  const e = Math.exp(-Math.abs(x));
  // x ≥ 0 (−0 too, as in logistic): σ(x) = 1 / (1 + e⁻ˣ); σ(−x) = e⁻ˣ / (1 + e⁻ˣ). Else the mirror.
  if (x >= 0) {
    both[0] = 1 / (1 + e);
    both[1] = e / (1 + e);
  } else {
    both[0] = e / (1 + e);
    both[1] = 1 / (1 + e);
  }
}
