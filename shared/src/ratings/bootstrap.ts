import { fitBradleyTerryWithRowWeights, ratingsFromTheta } from "./bradleyTerry.ts";
import { sampleMultinomial } from "./multinomial.ts";
import { normalQuantile } from "./normalQuantile.ts";
import type { PairData } from "./pairCounts.ts";
import { createRandom } from "./random.ts";
import { populationVariance, quantileOfSorted } from "./sampleStatistics.ts";
import { type RatingIntervals, sandwichIntervals, widenToFloor } from "./sandwich.ts";
import { smallSampleFloor } from "./smallSample.ts";
import { rowWeights, voteWeights, type Weighting } from "./weighting.ts";

export interface BootstrapOptions {
  /** Resamples to fit (default 100, as arena-rank). */
  rounds?: number;
  /** Seed of the resampling: the same seed gives byte-identical intervals. */
  seed: number;
  /** Coverage of the two-sided interval (default 0.95). */
  level?: number;
  /** Must match the weighting of the fit (default "none"). */
  weighting?: Weighting;
  /** Must match the fit's (default 50). */
  minPairCount?: number;
  /** Must match the fit's (default 0). */
  priorVotes?: number;
  /**
   * Widen the intervals of models whose sandwich needs the small-sample floor to that floor
   * (default true; see `smallSample.ts`). false gives arena-rank's plain percentile intervals.
   */
  smallSampleFloor?: boolean;
}

/**
 * Percentile bootstrap intervals, as arena-rank's `compute_ratings_and_cis(ci_method="bootstrap")`:
 * each round redraws all N votes with replacement (a multinomial over the distinct rows with
 * probabilities count / N), refits, and the interval is the (1 − level)/2 and (1 + level)/2
 * quantiles of the refitted ratings per model, interpolated linearly between order statistics
 * (numpy's default). `variance` is the plain variance of the refitted ratings.
 *
 * The vote weights stay those of the original data (as in arena-rank), and every refit starts
 * from `fit.theta`, which it is close to, so it needs two or three Newton steps.
 *
 * Unlike the sandwich, intervals need not be centred on the rating.
 *
 * Resampling a model's few votes shares the sandwich's blind spot — two ties resample to two
 * ties, two wins to wins only — so its percentile interval collapses where the sandwich does.
 * The same rule applies: every model whose small-sample floor reaches beyond its plain sandwich
 * interval (`smallSampleFloor` in smallSample.ts) gets the hull of its percentile interval and
 * that floor, with `variance` at least that of a normal interval as wide. The test is made
 * against the sandwich, not the percentiles, so that it does not depend on resampling noise: a
 * model with a few hundred votes keeps arena-rank's percentile interval exactly.
 */
export function bootstrapIntervals(
  data: PairData,
  fit: { theta: Float64Array },
  options: BootstrapOptions,
): RatingIntervals {
  const rounds = options.rounds ?? 100;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a whole number ≥ 1, got ${rounds}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const size = data.models.length;
  if (fit.theta.length !== size) throw new RangeError(`fit has ${fit.theta.length} strengths for ${size} models`);

  const random = createRandom(options.seed);
  const voteWeight = voteWeights(data, options.weighting, options.minPairCount);
  let totalVotes = 0;
  for (let row = 0; row < data.count.length; row++) totalVotes += data.count[row]!;
  const draws = Math.round(totalVotes);

  // samples[model · rounds + round], so that each model's ratings are contiguous for sorting.
  const samples = new Float64Array(size * rounds);
  const resampledCount = new Float64Array(data.count.length);
  for (let round = 0; round < rounds; round++) {
    if (draws > 0) sampleMultinomial(random, draws, data.count, resampledCount);
    const refit = fitBradleyTerryWithRowWeights(data, rowWeights(voteWeight, resampledCount), {
      initial: fit.theta,
      priorVotes: options.priorVotes,
    });
    for (let model = 0; model < size; model++) samples[model * rounds + round] = refit.ratings[model]!;
  }

  const lower = new Float64Array(size);
  const upper = new Float64Array(size);
  const variance = new Float64Array(size);
  for (let model = 0; model < size; model++) {
    const ratings = samples.subarray(model * rounds, (model + 1) * rounds).sort();
    lower[model] = quantileOfSorted(ratings, (1 - level) / 2);
    upper[model] = quantileOfSorted(ratings, (1 + level) / 2);
    variance[model] = populationVariance(ratings);
  }
  const percentile = { lower, upper, variance };
  if (options.smallSampleFloor === false) return percentile;
  const intervalOptions = {
    weighting: options.weighting,
    minPairCount: options.minPairCount,
    level,
    priorVotes: options.priorVotes,
  };
  const sandwich = sandwichIntervals(data, fit, { ...intervalOptions, smallSampleFloor: false });
  const floor = smallSampleFloor(
    data,
    { theta: fit.theta, ratings: ratingsFromTheta(fit.theta) },
    sandwich,
    intervalOptions,
  );
  return widenToFloor(percentile, floor.beyond, floor, normalQuantile(1 - (1 - level) / 2));
}
