import { penaltyFor, RATING_SCALE, ratingsFromTheta } from "./bradleyTerry.ts";
import { choleskyFactor, choleskyInverse } from "./linearAlgebra.ts";
import { logisticBoth } from "./logistic.ts";
import { normalQuantile } from "./normalQuantile.ts";
import type { PairData } from "./pairCounts.ts";
import { smallSampleFloor } from "./smallSample.ts";
import { rowWeights, voteWeights, type Weighting } from "./weighting.ts";

/** arena-rank's `hessian_reg`: added to the Hessian's diagonal (× total votes when unweighted). */
export const HESSIAN_REGULARISATION = 1e-5;

export interface IntervalOptions {
  /** Must match the weighting of the fit (default "none"). */
  weighting?: Weighting;
  /** Must match the fit's (default 50). */
  minPairCount?: number;
  /** Coverage of the two-sided interval (default 0.95). */
  level?: number;
  /** Must match the fit's (default 0); its curvature joins the Hessian's ridge. */
  priorVotes?: number;
  /**
   * Widen intervals to the small-sample floor where it reaches beyond them (default true; see
   * `smallSample.ts`). false gives arena-rank's plain sandwich for every model.
   */
  smallSampleFloor?: boolean;
}

/** Per-model confidence intervals on the rating scale (points, like `ratings`). */
export interface RatingIntervals {
  lower: Float64Array;
  upper: Float64Array;
  /**
   * Variance of each rating in points² (arena-rank's `variances` column); for a model widened to
   * the small-sample floor, at least that of a normal interval as wide as its interval.
   */
  variance: Float64Array;
}

/**
 * Sandwich (robust, "Huber–White") confidence intervals for a Bradley–Terry fit, computed exactly
 * as arena-rank's `compute_ratings_and_cis(ci_method="sandwich")`:
 * Cov = H⁻¹·J·H⁻¹ with H the Hessian of the weighted log-likelihood and J the observed covariance
 * of its gradient, both assembled per distinct row; half-width = z·√Covᵢᵢ.
 *
 * The sandwich rather than H⁻¹ alone because ties and both-bad enter as y = ½, which no
 * Bernoulli likelihood produces, and because of reweighting: J measures the actual spread of the
 * scores instead of trusting the model's variance.
 *
 * The width comes from the residuals y − p, so for a model with only a few votes it says little,
 * and where they vanish it collapses: two ties at p ≈ ½ gave ±3.6 points on arena-140k, and a
 * model that never lost gets a near-zero width far up. Such models' intervals are widened to the
 * small-sample floor (`smallSampleFloor` in smallSample.ts: a score-test interval whose spread
 * comes from the model and the table's dispersion, not from the model's own residuals) wherever
 * that reaches beyond the sandwich; they are then no longer centred on the rating, and `variance`
 * is that of a normal interval of the same width. A model with a few hundred votes is never
 * widened (its floor is a third of its sandwich or less), so arena-rank's numbers stand wherever
 * a model's own votes speak. A model with no votes keeps a zero-width interval at 1000 (there is
 * nothing to test a strength against; callers flag it by its vote count). All-tie data, where
 * arena-rank's widths are all 0, get floors as wide as few ties allow: ±148 points for two ties
 * between two models, narrowing as the ties mount up (they then say votes here are all ties).
 */
export function sandwichIntervals(
  data: PairData,
  fit: { theta: Float64Array },
  options: IntervalOptions = {},
): RatingIntervals {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const weighting = options.weighting ?? "none";
  const size = data.models.length;
  const theta = fit.theta;
  if (theta.length !== size) throw new RangeError(`fit has ${theta.length} strengths for ${size} models`);

  const weight = rowWeights(voteWeights(data, weighting, options.minPairCount), data.count);
  let totalVotes = 0;
  for (let row = 0; row < data.count.length; row++) totalVotes += data.count[row]!;
  const ratings = ratingsFromTheta(theta);
  if (!(totalVotes > 0)) return { lower: ratings, upper: Float64Array.from(ratings), variance: new Float64Array(size) };

  const hessian = new Float64Array(size * size);
  // J is a sum of pair Laplacians, so only its per-pair weights are needed (symmetric, i < j).
  const gradientVarianceOfPair = new Float64Array(size * size);
  const pq = new Float64Array(2);
  for (let row = 0; row < data.count.length; row++) {
    const count = data.count[row]!;
    if (count === 0) continue;
    const a = data.a[row]!;
    const b = data.b[row]!;
    const d = theta[a]! - theta[b]!;
    logisticBoth(d, pq);
    const p = pq[0]!;
    const q = pq[1]!;
    const y = data.outcome[row]!;
    const w = weight[row]!;
    const gradient = (y * q - (1 - y) * p) * w; // (y − p)·w
    const curvature = p * q * w;
    hessian[a * size + a] = hessian[a * size + a]! + curvature;
    hessian[b * size + b] = hessian[b * size + b]! + curvature;
    hessian[a * size + b] = hessian[a * size + b]! - curvature;
    hessian[b * size + a] = hessian[b * size + a]! - curvature;
    // The row stands for `count` identical votes: its summed gradient squared over count is
    // the sum of their squared gradients.
    const pair = Math.min(a, b) * size + Math.max(a, b);
    gradientVarianceOfPair[pair] = gradientVarianceOfPair[pair]! + (gradient * gradient) / count;
  }
  // arena-rank scales the ridge with the votes only when every vote weighs exactly 1.
  // A prior (priorVotes) adds its own curvature, on the same sum-of-weights scale as H.
  let totalWeight = 0;
  for (let row = 0; row < weight.length; row++) totalWeight += weight[row]!;
  const priorCurvature = (options.priorVotes ?? 0) > 0 ? penaltyFor(options.priorVotes!, totalVotes) * totalWeight : 0;
  const ridge = Math.max(HESSIAN_REGULARISATION * (weighting === "none" ? totalVotes : 1), priorCurvature);
  for (let i = 0; i < size; i++) hessian[i * size + i] = hessian[i * size + i]! + ridge;

  const lower = choleskyFactor(hessian, size);
  if (lower === undefined) throw new Error("sandwich: Hessian is not positive definite");
  const inverse = choleskyInverse(lower, size);

  // diag(H⁻¹·J·H⁻¹)ₖ = Σ over pairs {i, j} of vᵢⱼ·(H⁻¹ₖᵢ − H⁻¹ₖⱼ)².
  const variance = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const v = gradientVarianceOfPair[i * size + j]!;
      if (v === 0) continue;
      for (let k = 0; k < size; k++) {
        const difference = inverse[k * size + i]! - inverse[k * size + j]!;
        variance[k] = variance[k]! + v * difference * difference;
      }
    }
  }

  const z = normalQuantile(1 - (1 - level) / 2);
  const lowerBound = new Float64Array(size);
  const upperBound = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const halfWidth = z * Math.sqrt(variance[k]!) * RATING_SCALE;
    lowerBound[k] = ratings[k]! - halfWidth;
    upperBound[k] = ratings[k]! + halfWidth;
    variance[k] = variance[k]! * RATING_SCALE * RATING_SCALE;
  }
  const plain = { lower: lowerBound, upper: upperBound, variance };
  if (options.smallSampleFloor === false) return plain;
  const floor = smallSampleFloor(data, { theta, ratings }, plain, options);
  return widenToFloor(plain, floor.beyond, floor, z);
}

/**
 * Each model marked in `beyond` gets the hull of its interval and the floor's, and the variance
 * of a normal interval that wide if that is more; the others are returned as they were.
 */
export function widenToFloor(
  intervals: RatingIntervals,
  beyond: Uint8Array,
  floor: { lower: Float64Array; upper: Float64Array },
  z: number,
): RatingIntervals {
  const lower = Float64Array.from(intervals.lower);
  const upper = Float64Array.from(intervals.upper);
  const variance = Float64Array.from(intervals.variance);
  for (let k = 0; k < beyond.length; k++) {
    if (beyond[k] === 0) continue;
    lower[k] = Math.min(lower[k]!, floor.lower[k]!);
    upper[k] = Math.max(upper[k]!, floor.upper[k]!);
    variance[k] = Math.max(variance[k]!, ((upper[k]! - lower[k]!) / (2 * z)) ** 2);
  }
  return { lower, upper, variance };
}
