import { sampleMultinomial } from "./multinomial.ts";
import { createRandom } from "./random.ts";
import { populationVariance, quantileOfSorted } from "./sampleStatistics.ts";
import { fitStyleControlWithRowWeights, type StyleControlFit } from "./styleControl.ts";
import { STYLE_FEATURE_COUNT, type StyleData } from "./styleFeatures.ts";
import type { StyleIntervals } from "./styleSandwich.ts";

export interface StyleBootstrapOptions {
  /** Resamples to fit (default 100, as FastChat's leaderboard). */
  rounds?: number;
  /** Seed of the resampling: the same seed gives byte-identical intervals. */
  seed: number;
  /** Coverage of the two-sided interval (default 0.95). */
  level?: number;
}

/**
 * Percentile bootstrap intervals for a style-controlled fit, as FastChat's
 * `compute_bootstrap_style_control`: each round redraws all N battles with replacement (here a
 * multinomial over the rows with probabilities count / N, the same distribution), refits with
 * the features standardized as in the original fit (FastChat standardizes once, before
 * resampling), and the interval is the (1 − level)/2 and (1 + level)/2 quantiles of each
 * model's refitted ratings, interpolated linearly between order statistics (numpy's default, as
 * `bootstrapIntervals`). `variance` is the plain variance of the refitted ratings.
 *
 * Every refit starts from `fit.params`, close to its answer, so it needs two or three Newton steps
 * (FastChat starts each from zero; the minimum is the same).
 */
export function styleBootstrapIntervals(
  data: StyleData,
  fit: Pick<StyleControlFit, "params" | "standardization">,
  options: StyleBootstrapOptions,
): StyleIntervals {
  const rounds = options.rounds ?? 100;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a whole number ≥ 1, got ${rounds}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const models = data.models.length;
  const size = models + STYLE_FEATURE_COUNT;
  if (fit.params.length !== size) throw new RangeError(`fit has ${fit.params.length} parameters for ${size}`);

  const random = createRandom(options.seed);
  let totalBattles = 0;
  for (let row = 0; row < data.count.length; row++) totalBattles += data.count[row]!;
  const draws = Math.round(totalBattles);

  // samples[parameter · rounds + round]: each parameter's draws contiguous for sorting.
  const samples = new Float64Array(size * rounds);
  const resampledCount = new Float64Array(data.count.length);
  for (let round = 0; round < rounds; round++) {
    if (draws > 0) sampleMultinomial(random, draws, data.count, resampledCount);
    const refit = fitStyleControlWithRowWeights(data, resampledCount, fit.standardization, { initial: fit.params });
    for (let m = 0; m < models; m++) samples[m * rounds + round] = refit.ratings[m]!;
    for (let k = 0; k < STYLE_FEATURE_COUNT; k++) samples[(models + k) * rounds + round] = refit.coefficients[k]!;
  }

  const lower = new Float64Array(size);
  const upper = new Float64Array(size);
  const variance = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const sorted = samples.subarray(i * rounds, (i + 1) * rounds).sort();
    lower[i] = quantileOfSorted(sorted, (1 - level) / 2);
    upper[i] = quantileOfSorted(sorted, (1 + level) / 2);
    variance[i] = populationVariance(sorted);
  }
  return {
    lower: lower.slice(0, models),
    upper: upper.slice(0, models),
    variance: variance.slice(0, models),
    coefficientLower: lower.slice(models),
    coefficientUpper: upper.slice(models),
    coefficientVariance: variance.slice(models),
  };
}
