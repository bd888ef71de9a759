import { choleskyFactor, choleskyInverse } from "./linearAlgebra.ts";
import { normalQuantile } from "./normalQuantile.ts";
import type { RatingIntervals } from "./sandwich.ts";
import {
  STYLE_RATING_CENTRE,
  STYLE_RATING_SCALE,
  type StyleControlFit,
  styleHessianAndGradientCovariance,
} from "./styleControl.ts";
import { STYLE_FEATURE_COUNT, type StyleData } from "./styleFeatures.ts";

/** Intervals of a style-controlled fit: the ratings' (points), and the coefficients' (γ units). */
export interface StyleIntervals extends RatingIntervals {
  coefficientLower: Float64Array;
  coefficientUpper: Float64Array;
  /** Variance of each coefficient, γ units². */
  coefficientVariance: Float64Array;
}

export interface StyleSandwichOptions {
  /** Coverage of the two-sided interval (default 0.95). */
  level?: number;
}

/**
 * Sandwich (robust) intervals for a style-controlled fit, the construction `sandwichIntervals`
 * uses for the plain fit, over the full parameter vector (θ for each model, then γ):
 * Cov = H⁻¹·J·H⁻¹, with J = Σ count·(y − p)²·d·dᵀ the observed covariance of the battles'
 * gradients (d a battle's design vector) and H the Hessian of the objective that was minimised:
 * Σ count·p·(1 − p)·d·dᵀ plus the penalty's 0.5·I. That penalty already makes H invertible (the
 * plain fit needs a small ridge instead); along the one direction only it curves, shifting every
 * θ together, J is zero, so it adds no width. Half-width = z·√Covᵢᵢ, ×400 for ratings.
 *
 * As with the plain sandwich, every interval is centred on its estimate, and a model whose
 * residuals vanish (no battles, never lost) gets a width that says nothing.
 */
export function styleSandwichIntervals(
  data: StyleData,
  fit: Pick<StyleControlFit, "params" | "standardization">,
  options: StyleSandwichOptions = {},
): StyleIntervals {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const models = data.models.length;
  const size = models + STYLE_FEATURE_COUNT;
  const { params, standardization } = fit;
  if (params.length !== size) throw new RangeError(`fit has ${params.length} parameters for ${size}`);

  const { hessian, gradientCovariance } = styleHessianAndGradientCovariance(data, standardization, params);

  const lower = choleskyFactor(hessian, size);
  if (lower === undefined) throw new Error("style sandwich: Hessian is not positive definite");
  const inverse = choleskyInverse(lower, size);
  // diag(H⁻¹·J·H⁻¹)ₖ = Σᵢⱼ H⁻¹ₖᵢ·Jᵢⱼ·H⁻¹ⱼₖ, with M = H⁻¹·J formed once.
  const product = new Float64Array(size * size);
  for (let k = 0; k < size; k++) {
    for (let i = 0; i < size; i++) {
      const left = inverse[k * size + i]!;
      if (left === 0) continue;
      for (let j = 0; j < size; j++)
        product[k * size + j] = product[k * size + j]! + left * gradientCovariance[i * size + j]!;
    }
  }
  const variance = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    let sum = 0;
    for (let j = 0; j < size; j++) sum += product[k * size + j]! * inverse[j * size + k]!;
    variance[k] = Math.max(sum, 0);
  }

  const z = normalQuantile(1 - (1 - level) / 2);
  const ratingLower = new Float64Array(models);
  const ratingUpper = new Float64Array(models);
  const ratingVariance = new Float64Array(models);
  for (let m = 0; m < models; m++) {
    const rating = params[m]! * STYLE_RATING_SCALE + STYLE_RATING_CENTRE;
    const halfWidth = z * Math.sqrt(variance[m]!) * STYLE_RATING_SCALE;
    ratingLower[m] = rating - halfWidth;
    ratingUpper[m] = rating + halfWidth;
    ratingVariance[m] = variance[m]! * STYLE_RATING_SCALE * STYLE_RATING_SCALE;
  }
  const coefficientLower = new Float64Array(STYLE_FEATURE_COUNT);
  const coefficientUpper = new Float64Array(STYLE_FEATURE_COUNT);
  const coefficientVariance = new Float64Array(STYLE_FEATURE_COUNT);
  for (let k = 0; k < STYLE_FEATURE_COUNT; k++) {
    const halfWidth = z * Math.sqrt(variance[models + k]!);
    coefficientLower[k] = params[models + k]! - halfWidth;
    coefficientUpper[k] = params[models + k]! + halfWidth;
    coefficientVariance[k] = variance[models + k]!;
  }
  return {
    lower: ratingLower,
    upper: ratingUpper,
    variance: ratingVariance,
    coefficientLower,
    coefficientUpper,
    coefficientVariance,
  };
}
