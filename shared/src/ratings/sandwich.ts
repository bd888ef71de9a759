import { RATING_SCALE, penaltyFor, ratingsFromTheta } from "./bradleyTerry.ts";
import { choleskyFactor, choleskyInverse } from "./linearAlgebra.ts";
import { logistic } from "./logistic.ts";
import { normalQuantile } from "./normalQuantile.ts";
import type { PairData } from "./pairCounts.ts";
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
}

/** Per-model confidence intervals on the rating scale (points, like `ratings`). */
export interface RatingIntervals {
  lower: Float64Array;
  upper: Float64Array;
  /** Variance of each rating in points² (arena-rank's `variances` column). */
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
 * Every interval is centred on its rating. The width comes from the residuals y − p, so where
 * they vanish it collapses: a model with no votes gets a zero-width interval at 1000, a model that
 * never lost a near-zero-width one far up, and all-tie data zero widths at 1000. There the width
 * says nothing, and callers should not rank such models by it.
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
  for (let row = 0; row < data.count.length; row++) {
    const count = data.count[row]!;
    if (count === 0) continue;
    const a = data.a[row]!;
    const b = data.b[row]!;
    const d = theta[a]! - theta[b]!;
    const p = logistic(d);
    const q = logistic(-d);
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
  return { lower: lowerBound, upper: upperBound, variance };
}
