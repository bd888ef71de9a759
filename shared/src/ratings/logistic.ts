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
