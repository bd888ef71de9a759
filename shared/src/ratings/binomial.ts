import type { RandomSource } from "./random.ts";

/**
 * Exact binomial sampling in expected O(1) time, the building block of the multinomial
 * bootstrap: drawing 1.5 M votes one by one would cost 1.5 M draws per round, drawing one
 * binomial per distinct vote row costs a few thousand.
 *
 * Two classic exact methods, chosen by the mean (as TensorFlow and JAX do):
 * - mean < 10: inversion by counting geometric waiting times between successes
 *   (expected mean + 1 uniforms);
 * - mean ≥ 10: BTRS, Hörmann's transformed rejection with squeeze
 *   (W. Hörmann, "The generation of binomial random variates", J. Statist. Comput. Simul. 46, 1993),
 *   about 1.15 pairs of uniforms per draw on average.
 */
export function sampleBinomial(random: RandomSource, trials: number, probability: number): number {
  if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`trials must be a whole number ≥ 0, got ${trials}`);
  if (!(probability >= 0 && probability <= 1))
    throw new RangeError(`probability must be in [0, 1], got ${probability}`);
  if (trials === 0 || probability === 0) return 0;
  if (probability === 1) return trials;
  // Both methods are derived for p ≤ ½; the other half is the mirror image.
  if (probability > 0.5) return trials - sampleBinomial(random, trials, 1 - probability);
  return trials * probability < 10
    ? binomialByInversion(random, trials, probability)
    : binomialByTransformedRejection(random, trials, probability);
}

function binomialByInversion(random: RandomSource, trials: number, probability: number): number {
  // The gap to the next success is geometric: ⌈ln U / ln(1 − p)⌉ trials.
  const logFailure = Math.log1p(-probability);
  let trialsUsed = 0;
  let successes = 0;
  for (;;) {
    trialsUsed += Math.ceil(Math.log(random.uniform()) / logFailure);
    if (trialsUsed > trials) return successes;
    successes++;
  }
}

function binomialByTransformedRejection(random: RandomSource, trials: number, probability: number): number {
  const failure = 1 - probability;
  const spread = Math.sqrt(trials * probability * failure);
  const b = 1.15 + 2.53 * spread;
  const a = -0.0873 + 0.0248 * b + 0.01 * probability;
  const c = trials * probability + 0.5;
  const alpha = (2.83 + 5.1 / b) * spread;
  const acceptAtOnceBelow = 0.92 - 4.2 / b;
  const oddsRatio = probability / failure;
  const mode = Math.floor((trials + 1) * probability);
  const logDensityAtMode =
    (mode + 0.5) * Math.log((mode + 1) / (oddsRatio * (trials - mode + 1))) +
    stirlingTail(mode) +
    stirlingTail(trials - mode);

  for (;;) {
    const u = random.uniform() - 0.5;
    let v = random.uniform();
    const distanceFromEdge = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / distanceFromEdge + b) * u + c);
    // The squeeze: inside this box the hat is known to lie under the density.
    if (distanceFromEdge >= 0.07 && v <= acceptAtOnceBelow) return k;
    if (k < 0 || k > trials) continue;
    v = Math.log((v * alpha) / (a / (distanceFromEdge * distanceFromEdge) + b));
    // log of f(k) / f(mode) up to the hat's constant, with Stirling's series for the factorials.
    const bound =
      logDensityAtMode +
      (trials + 1) * Math.log((trials - mode + 1) / (trials - k + 1)) +
      (k + 0.5) * Math.log((oddsRatio * (trials - k + 1)) / (k + 1)) -
      stirlingTail(k) -
      stirlingTail(trials - k);
    if (v <= bound) return k;
  }
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln k! − [(k + ½)·ln(k + 1) − (k + 1) + ½·ln 2π] for k < 10, from summed logarithms. */
const SMALL_STIRLING_TAILS: readonly number[] = (() => {
  const tails: number[] = [];
  let logFactorial = 0;
  for (let k = 0; k < 10; k++) {
    if (k > 0) logFactorial += Math.log(k);
    tails.push(logFactorial - ((k + 0.5) * Math.log(k + 1) - (k + 1) + HALF_LOG_TWO_PI));
  }
  return tails;
})();

/**
 * The error of Stirling's approximation to ln k!, written around m = k + 1 as Hörmann's algorithm
 * uses it: ln Γ(m) − [(m − ½)·ln m − m + ½·ln 2π]. Exact (summed logs) below 10; above, the
 * series 1/(12m) − 1/(360m³) + 1/(1260m⁵) − 1/(1680m⁷), whose error is below 4e-13 there.
 */
export function stirlingTail(k: number): number {
  if (k < 10) return SMALL_STIRLING_TAILS[k]!;
  const m = k + 1;
  const inverseSquare = 1 / (m * m);
  return (1 / 12 - inverseSquare * (1 / 360 - inverseSquare * (1 / 1260 - inverseSquare / 1680))) / m;
}
