import { dampedNewtonStep } from "./linearAlgebra.ts";
import {
  STYLE_FEATURE_COUNT,
  type StyleData,
  type StyleStandardization,
  styleStandardization,
} from "./styleFeatures.ts";

/**
 * FastChat's `alpha`: a battle's logit is ln 10 · (θa − θb) + γ·x, so θ is in log₁₀-odds and a
 * rating is 400·θ + 1000 (`scale_and_offset`).
 */
export const STYLE_LOGIT_PER_THETA = Math.LN10;

/** Rating points per unit of θ (FastChat's `scale`). */
export const STYLE_RATING_SCALE = 400;

/** The mean rating (FastChat's `init_rating`); see `fitStyleControl` for why it is the mean. */
export const STYLE_RATING_CENTRE = 1000;

/**
 * FastChat's `reg`: the objective adds (reg / 2)·‖params‖² = 0.25·(‖θ‖² + ‖γ‖²) to the *summed*
 * log loss (`half_reg = reg / 2` in the loss, `reg · params` in its gradient). Because the loss
 * is a sum, the penalty's pull fades as battles accumulate: its curvature 0.5 is that of
 * 0.38 ties (ln²10 / 4 each) against a model at 1000, so it shrinks ratings visibly on a few
 * dozen battles per model and negligibly on thousands.
 */
export const STYLE_REGULARISATION = 0.5;

export interface StyleControlOptions {
  /**
   * Warm start: the `params` of an earlier fit (θ for each model of `data.models`, then γ for
   * each feature). A refit after a few more battles then needs two or three Newton steps.
   */
  initial?: Float64Array;
  /** Newton steps allowed (default 100; cold fits take 5 to 10). */
  maxIterations?: number;
  /**
   * Stop once a Newton step moves no parameter by more than this (default 1e-6 in θ, i.e.
   * 4e-4 rating points). That last step is still taken, and since Newton's error squares with
   * each step, what remains is of the order of its square (the warm and cold fits of the bench
   * agree to 1e-9 points).
   */
  tolerance?: number;
  /** Standardization of the features (default: over `data`, as FastChat does). */
  standardization?: StyleStandardization;
}

/** A style-controlled Bradley–Terry fit. */
export interface StyleControlFit {
  /** θ for each model (log₁₀-odds), then γ for each feature: FastChat's `ratings_params`. */
  params: Float64Array;
  /** 400·θ + 1000 per model, in the order of `data.models`. */
  ratings: Float64Array;
  /** γ: log-odds per standard deviation of each standardized feature (0 where it never varies). */
  coefficients: Float64Array;
  /** How the features were standardized (the bootstrap refits with the same). */
  standardization: StyleStandardization;
  /** Newton steps taken. */
  iterations: number;
  /** Whether the fit met its tolerance. */
  converged: boolean;
}

/**
 * Fits FastChat's style-controlled Bradley–Terry model (`compute_style_control`): minimises
 *
 *   Σ over battles of −[y·ln p + (1 − y)·ln(1 − p)]  +  0.25·(‖θ‖² + ‖γ‖²),
 *   p = σ(ln 10·(θa − θb) + γ·x),
 *
 * with y = 1 a won, 0 b won, ½ a tie or both bad, and x the battle's four differences
 * z = (a − b)/(a + b + 1) standardized over the table's battles. The loss is a *sum* over
 * battles (not a mean), which sets how much the penalty weighs.
 *
 * Ratings are 400·θ + 1000, and their mean is exactly 1000: each battle's gradient adds to one
 * θ what it takes from the other, so at the minimum the penalty's gradient 0.5·Σθ must vanish.
 * (FastChat pins `mixtral-8x7b-instruct-v0.1` at 1114 when that model is in the table; we do not.)
 * A model with no battles gets θ = 0, rating 1000.
 *
 * Method: Newton's method on the models + 4 parameters with a backtracking line search
 * (the objective is strictly convex: the penalty alone gives every direction curvature 0.5).
 * Each step is one pass over the rows; FastChat uses L-BFGS with at most 100 iterations,
 * which stops within a fraction of a rating point of this minimum.
 */
export function fitStyleControl(data: StyleData, options: StyleControlOptions = {}): StyleControlFit {
  const standardization = options.standardization ?? styleStandardization(data);
  return fitStyleControlWithRowWeights(data, data.count, standardization, options);
}

/**
 * The same fit with each row's weight (number of battles it stands for) given directly and the
 * standardization fixed: the bootstrap refits resampled counts with the original
 * standardization, as FastChat's `compute_bootstrap_style_control` does.
 */
export function fitStyleControlWithRowWeights(
  data: StyleData,
  rowWeight: Float64Array,
  standardization: StyleStandardization,
  options: Pick<StyleControlOptions, "initial" | "maxIterations" | "tolerance"> = {},
): StyleControlFit {
  const models = data.models.length;
  const size = models + STYLE_FEATURE_COUNT;
  checkColumns(data, rowWeight);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const params = startingPoint(size, options.initial);
  const work = new Workspace(models);
  const finish = (iterations: number, converged: boolean): StyleControlFit => ({
    params,
    ratings: styleRatings(params, models),
    coefficients: params.slice(models),
    standardization,
    iterations,
    converged,
  });

  let loss = evaluate(data, rowWeight, standardization, params, work);
  let gradient = Float64Array.from(work.gradient);
  let hessian = Float64Array.from(work.hessian);
  const trial = new Float64Array(size);

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // The penalty puts 0.5 on H's diagonal; should rounding still break it, damp from there.
    const step = dampedNewtonStep(hessian, gradient, size, () => STYLE_REGULARISATION, 10);
    let decrement = 0;
    let largestStep = 0;
    for (let i = 0; i < size; i++) {
      decrement -= gradient[i]! * step[i]!;
      largestStep = Math.max(largestStep, Math.abs(step[i]!));
    }
    if (!(decrement > 0)) return finish(iteration - 1, true);
    if (largestStep <= tolerance) {
      for (let i = 0; i < size; i++) params[i] = params[i]! + step[i]!;
      return finish(iteration, true);
    }

    // Backtracking (Armijo). The pass that measures a trial's loss also gives its gradient and
    // Hessian, so an accepted step costs one pass in all. The slack lets through steps whose
    // change is below the rounding error of a sum over many battles.
    const slack = 1e-13 * (1 + Math.abs(loss));
    let length = 1;
    let accepted = false;
    for (let halvings = 0; halvings < 60 && !accepted; halvings++) {
      for (let i = 0; i < size; i++) trial[i] = params[i]! + length * step[i]!;
      const trialLoss = evaluate(data, rowWeight, standardization, trial, work);
      if (trialLoss <= loss - 1e-4 * length * decrement + slack) {
        accepted = true;
        loss = trialLoss;
      } else {
        length /= 2;
      }
    }
    if (!accepted) return finish(iteration - 1, false);
    params.set(trial);
    gradient = Float64Array.from(work.gradient);
    hessian = Float64Array.from(work.hessian);
  }
  return finish(maxIterations, false);
}

/** 400·θ + 1000 for the first `models` entries of `params`. */
export function styleRatings(params: Float64Array, models: number): Float64Array {
  return Float64Array.from(params.subarray(0, models), (theta) => theta * STYLE_RATING_SCALE + STYLE_RATING_CENTRE);
}

/**
 * What the sandwich needs at `params`, from one pass over the rows: the Hessian of the objective
 * (Σ count·p·(1 − p)·d·dᵀ plus the penalty's 0.5·I) and the observed covariance of the battles'
 * gradients J = Σ count·(y − p)²·d·dᵀ, d being a battle's design vector (ln 10 at θa, −ln 10 at
 * θb, the standardized x at the γs). Both (models + 4)², row-major.
 */
export function styleHessianAndGradientCovariance(
  data: StyleData,
  standardization: StyleStandardization,
  params: Float64Array,
): { hessian: Float64Array; gradientCovariance: Float64Array } {
  checkColumns(data, data.count);
  const models = data.models.length;
  if (params.length !== models + STYLE_FEATURE_COUNT)
    throw new RangeError(`${params.length} parameters for ${models} models`);
  const work = new Workspace(models);
  const covariance = new Workspace(models);
  evaluate(data, data.count, standardization, params, work, covariance);
  covariance.assembleHessian(0);
  return { hessian: work.hessian, gradientCovariance: covariance.hessian };
}

/** Per-pass scratch: the Hessian's blocks are summed apart, then assembled. */
class Workspace {
  readonly size: number;
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
  /** Σ curvature per (a, b) as shown, models × models. */
  readonly pair: Float64Array;
  /** Σ curvature·x per model when shown first / second, models × 4. */
  readonly crossFirst: Float64Array;
  readonly crossSecond: Float64Array;
  /** Σ curvature·x·xᵀ, 4 × 4. */
  readonly features = new Float64Array(STYLE_FEATURE_COUNT * STYLE_FEATURE_COUNT);
  /** Σ residual per model, + when shown first and − when second. */
  readonly residual: Float64Array;

  constructor(readonly models: number) {
    this.size = models + STYLE_FEATURE_COUNT;
    this.gradient = new Float64Array(this.size);
    this.hessian = new Float64Array(this.size * this.size);
    this.pair = new Float64Array(models * models);
    this.crossFirst = new Float64Array(models * STYLE_FEATURE_COUNT);
    this.crossSecond = new Float64Array(models * STYLE_FEATURE_COUNT);
    this.residual = new Float64Array(models);
  }

  clear(): void {
    this.pair.fill(0);
    this.crossFirst.fill(0);
    this.crossSecond.fill(0);
    this.features.fill(0);
    this.residual.fill(0);
  }

  /**
   * The full (models + 4)² matrix from the blocks, plus `ridge` on the diagonal. A battle of a
   * model against itself cancels out of the θ rows, as it does in FastChat's gradient (it still
   * informs the γs: its two answers differ).
   */
  assembleHessian(ridge: number): void {
    const { models, size, hessian } = this;
    const square = STYLE_LOGIT_PER_THETA * STYLE_LOGIT_PER_THETA;
    hessian.fill(0);
    for (let i = 0; i < models; i++) {
      for (let j = 0; j < models; j++) {
        if (i === j) continue;
        const c = square * (this.pair[i * models + j]! + this.pair[j * models + i]!);
        hessian[i * size + j] = -c;
        hessian[i * size + i] = hessian[i * size + i]! + c;
      }
      for (let k = 0; k < STYLE_FEATURE_COUNT; k++) {
        const c =
          STYLE_LOGIT_PER_THETA *
          (this.crossFirst[i * STYLE_FEATURE_COUNT + k]! - this.crossSecond[i * STYLE_FEATURE_COUNT + k]!);
        hessian[i * size + models + k] = c;
        hessian[(models + k) * size + i] = c;
      }
    }
    for (let k = 0; k < STYLE_FEATURE_COUNT; k++) {
      for (let l = 0; l <= k; l++) {
        const c = this.features[k * STYLE_FEATURE_COUNT + l]!;
        hessian[(models + k) * size + models + l] = c;
        hessian[(models + l) * size + models + k] = c;
      }
    }
    for (let i = 0; i < size; i++) hessian[i * size + i] = hessian[i * size + i]! + ridge;
  }
}

/**
 * One pass over the rows: returns the penalised objective at `params` and leaves its gradient
 * and Hessian in `work` (and, given `covariance`, the blocks of the sandwich's J there). This loop
 * is the whole cost of a fit, so it is written out flat: one exp and one log1p per row, the four
 * features in locals, the Hessian summed in blocks.
 */
function evaluate(
  data: StyleData,
  rowWeight: Float64Array,
  standardization: StyleStandardization,
  params: Float64Array,
  work: Workspace,
  covariance?: Workspace,
): number {
  const models = work.models;
  const { a: first, b: second, outcome, features } = data;
  const { pair, crossFirst, crossSecond, residual } = work;
  const [mean0, mean1, mean2, mean3] = standardization.mean as unknown as [number, number, number, number];
  const [inv0, inv1, inv2, inv3] = standardization.inverseScale as unknown as [number, number, number, number];
  const gamma0 = params[models]!;
  const gamma1 = params[models + 1]!;
  const gamma2 = params[models + 2]!;
  const gamma3 = params[models + 3]!;
  work.clear();
  covariance?.clear();
  let v00 = 0,
    v10 = 0,
    v11 = 0,
    v20 = 0,
    v21 = 0,
    v22 = 0,
    v30 = 0,
    v31 = 0,
    v32 = 0,
    v33 = 0;

  let loss = 0;
  let gradient0 = 0;
  let gradient1 = 0;
  let gradient2 = 0;
  let gradient3 = 0;
  // The lower triangle of Σ c·x·xᵀ.
  let f00 = 0,
    f10 = 0,
    f11 = 0,
    f20 = 0,
    f21 = 0,
    f22 = 0,
    f30 = 0,
    f31 = 0,
    f32 = 0,
    f33 = 0;
  const rows = rowWeight.length;
  for (let row = 0; row < rows; row++) {
    const w = rowWeight[row]!;
    if (w === 0) continue;
    const a = first[row]!;
    const b = second[row]!;
    const base = row * 4;
    const x0 = (features[base]! - mean0) * inv0;
    const x1 = (features[base + 1]! - mean1) * inv1;
    const x2 = (features[base + 2]! - mean2) * inv2;
    const x3 = (features[base + 3]! - mean3) * inv3;
    const logit =
      STYLE_LOGIT_PER_THETA * (params[a]! - params[b]!) + gamma0 * x0 + gamma1 * x1 + gamma2 * x2 + gamma3 * x3;
    const y = outcome[row]!;
    // p = σ(logit), q = 1 − p and the loss softplus(logit) − y·logit, none of them by
    // subtraction from 1 and no exp of a positive number.
    let p: number;
    let q: number;
    let term: number;
    if (logit >= 0) {
      const e = Math.exp(-logit);
      p = 1 / (1 + e);
      q = e * p;
      term = (1 - y) * logit + Math.log1p(e);
    } else {
      const e = Math.exp(logit);
      q = 1 / (1 + e);
      p = e * q;
      term = Math.log1p(e) - y * logit;
    }
    loss += w * term;
    const r = w * (y * q - (1 - y) * p); // w·(y − p)
    residual[a] = residual[a]! + r;
    residual[b] = residual[b]! - r;
    gradient0 -= r * x0;
    gradient1 -= r * x1;
    gradient2 -= r * x2;
    gradient3 -= r * x3;
    const c = w * p * q;
    pair[a * models + b] = pair[a * models + b]! + c;
    const c0 = c * x0;
    const c1 = c * x1;
    const c2 = c * x2;
    const c3 = c * x3;
    const at = a * 4;
    crossFirst[at] = crossFirst[at]! + c0;
    crossFirst[at + 1] = crossFirst[at + 1]! + c1;
    crossFirst[at + 2] = crossFirst[at + 2]! + c2;
    crossFirst[at + 3] = crossFirst[at + 3]! + c3;
    const bt = b * 4;
    crossSecond[bt] = crossSecond[bt]! + c0;
    crossSecond[bt + 1] = crossSecond[bt + 1]! + c1;
    crossSecond[bt + 2] = crossSecond[bt + 2]! + c2;
    crossSecond[bt + 3] = crossSecond[bt + 3]! + c3;
    f00 += c0 * x0;
    f10 += c1 * x0;
    f11 += c1 * x1;
    f20 += c2 * x0;
    f21 += c2 * x1;
    f22 += c2 * x2;
    f30 += c3 * x0;
    f31 += c3 * x1;
    f32 += c3 * x2;
    f33 += c3 * x3;
    if (covariance !== undefined) {
      // The sandwich's J: the same blocks with count·(y − p)² in place of count·p·q.
      const v = (r * r) / w;
      covariance.pair[a * models + b] = covariance.pair[a * models + b]! + v;
      for (let k = 0; k < STYLE_FEATURE_COUNT; k++) {
        const vx = v * (k === 0 ? x0 : k === 1 ? x1 : k === 2 ? x2 : x3);
        covariance.crossFirst[at + k] = covariance.crossFirst[at + k]! + vx;
        covariance.crossSecond[bt + k] = covariance.crossSecond[bt + k]! + vx;
      }
      v00 += v * x0 * x0;
      v10 += v * x1 * x0;
      v11 += v * x1 * x1;
      v20 += v * x2 * x0;
      v21 += v * x2 * x1;
      v22 += v * x2 * x2;
      v30 += v * x3 * x0;
      v31 += v * x3 * x1;
      v32 += v * x3 * x2;
      v33 += v * x3 * x3;
    }
  }
  covariance?.features.set([v00, 0, 0, 0, v10, v11, 0, 0, v20, v21, v22, 0, v30, v31, v32, v33]);
  work.features.set([f00, 0, 0, 0, f10, f11, 0, 0, f20, f21, f22, 0, f30, f31, f32, f33]);
  work.assembleHessian(STYLE_REGULARISATION);

  const gradient = work.gradient;
  let squares = 0;
  for (let i = 0; i < models; i++) {
    gradient[i] = -STYLE_LOGIT_PER_THETA * residual[i]! + STYLE_REGULARISATION * params[i]!;
    squares += params[i]! * params[i]!;
  }
  const featureGradient = [gradient0, gradient1, gradient2, gradient3];
  for (let k = 0; k < STYLE_FEATURE_COUNT; k++) {
    gradient[models + k] = featureGradient[k]! + STYLE_REGULARISATION * params[models + k]!;
    squares += params[models + k]! * params[models + k]!;
  }
  return loss + (STYLE_REGULARISATION / 2) * squares;
}

function checkColumns(data: StyleData, rowValues: Float64Array): void {
  const rows = rowValues.length;
  if (data.a.length !== rows || data.b.length !== rows || data.outcome.length !== rows) {
    throw new RangeError("every column of the data needs one entry per row");
  }
  if (data.features.length !== rows * STYLE_FEATURE_COUNT) throw new RangeError("features must hold 4 values per row");
  const models = data.models.length;
  for (let row = 0; row < rows; row++) {
    const a = data.a[row]!;
    const b = data.b[row]!;
    if (!(a >= 0 && a < models && b >= 0 && b < models)) throw new RangeError(`row ${row} names a model out of range`);
  }
}

function startingPoint(size: number, initial: Float64Array | undefined): Float64Array {
  if (initial === undefined) return new Float64Array(size);
  if (initial.length !== size) throw new RangeError(`initial has ${initial.length} entries for ${size} parameters`);
  if (!initial.every(Number.isFinite)) throw new RangeError("initial must be finite");
  return Float64Array.from(initial);
}
