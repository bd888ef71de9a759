import { centreEachComponent, connectedComponents } from "./components.ts";
import { dampedNewtonStep } from "./linearAlgebra.ts";
import type { PairData } from "./pairCounts.ts";
import { rowWeights, voteWeights, type Weighting } from "./weighting.ts";

/** Rating points per natural-log logit: 400 points per factor of 10 in the odds (α = 400 / ln 10). */
export const RATING_SCALE = 400 / Math.LN10;

/** The mean rating: θ = 0 maps to 1000, as in arena-rank (`init_rating`). */
export const RATING_CENTRE = 1000;

/**
 * Strength of the L2 penalty (λ/2)·Σθ² added to arena-rank's loss (which is a *mean* over the
 * weighted votes, so λ is relative to the data, whatever the weighting or the number of votes).
 *
 * Why it exists: the plain maximum-likelihood fit has no finite answer when a model never lost
 * (its θ runs off to +∞), and is only defined up to a constant per connected component when the
 * comparison graph falls apart (or a model has no votes). The penalty makes the minimum unique
 * and finite in every case, and since the data gradient sums to zero over each component, it
 * pins every component's mean θ at exactly 0 (rating 1000).
 *
 * Why this small: it must not be visible where the data speak. On the 135k arena-140k votes it
 * moves no rating difference by more than 5e-4 points (the budget was 0.01), and with 3 wins to
 * 1 loss it shifts the difference by 5e-8 points from the exact α·ln 3. The price is that
 * ratings the data cannot bound come out large: a model that never lost lands thousands of
 * points above the models it beat (3,594 in a two-model arena; its share of all votes and λ set
 * the distance) — the honest "unbounded" made finite. Callers should flag such models (e.g. as
 * provisional) rather than rank them.
 */
export const PENALTY = 1e-10;

/**
 * Curvature of one virtual tie against a fixed opponent at 1000: p·(1 − p) at p = ½. `priorVotes`
 * such ties per model make a Gaussian prior on θ (a MAP fit instead of pure maximum likelihood).
 */
const VIRTUAL_TIE_CURVATURE = 0.25;

/**
 * The penalty on the mean loss for `priorVotes` virtual ties per model among `totalVotes` votes,
 * never below `PENALTY`. A live arena uses a vote or so: early tables then show a handful of
 * votes as a modest lead instead of a model "thousands of points" ahead, while with thousands of
 * votes the prior's pull is a small fraction of a point.
 */
export function penaltyFor(priorVotes: number, totalVotes: number): number {
  if (!(priorVotes >= 0) || !Number.isFinite(priorVotes))
    throw new RangeError(`priorVotes must be ≥ 0, got ${priorVotes}`);
  return totalVotes > 0 ? Math.max(PENALTY, (VIRTUAL_TIE_CURVATURE * priorVotes) / totalVotes) : PENALTY;
}

export interface BradleyTerryOptions {
  /** How votes are weighted; "none" (default) reproduces LMArena's published ratings. */
  weighting?: Weighting;
  /** Floor on the pair size for "inverse-pair" weighting (default 50, as arena-rank). */
  minPairCount?: number;
  /**
   * Warm start in θ units (one entry per model of `data.models`), e.g. the θ of the previous
   * fit after a few more votes: Newton then needs two or three steps instead of five.
   */
  initial?: Float64Array;
  /** Newton steps allowed (default 100; the arena-140k votes need 5 from a cold start). */
  maxIterations?: number;
  /** Stop once no θ moved by more than this in a step (default 1e-9 θ, i.e. 2e-7 rating points). */
  tolerance?: number;
  /**
   * Virtual ties per model against a fixed 1000-rated opponent (default 0: arena-rank's maximum
   * likelihood). See `penaltyFor`.
   */
  priorVotes?: number;
}

export interface BradleyTerryFit {
  /** Strengths in natural-log logit units: P(i beats j) = σ(θᵢ − θⱼ). Each connected component has mean 0. */
  theta: Float64Array;
  /** θ·α + 1000: Elo-like points, 400 per factor 10 in the odds; mean 1000 over connected data. */
  ratings: Float64Array;
  /** Newton steps taken. */
  iterations: number;
  /** Whether the step size fell below the tolerance within `maxIterations`. */
  converged: boolean;
}

/**
 * Fits Bradley–Terry strengths to aggregated votes by maximum likelihood, exactly as arena-rank's
 * `BradleyTerry.fit` (ties and both-bad score ½, arena-rank's weighting), plus the negligible
 * `PENALTY` that keeps degenerate data finite. Never returns NaN or ±Infinity.
 *
 * What the numbers mean in degenerate cases:
 * - a model that never lost: far above everything it beat (thousands of points), finite;
 * - a model that never won: the mirror image, far below;
 * - a model with no votes: θ = 0, rating exactly 1000;
 * - disconnected groups of models (no vote links them): each group is rated on its own and
 *   centred on 1000 — ratings across groups are not comparable;
 * - only ties: every model at 1000.
 *
 * Method: Newton's method with the full Hessian (a few hundred models at most) and a
 * backtracking line search, which converges from any start because the loss is strictly convex.
 */
export function fitBradleyTerry(data: PairData, options: BradleyTerryOptions = {}): BradleyTerryFit {
  const weight = rowWeights(voteWeights(data, options.weighting, options.minPairCount), data.count);
  return fitBradleyTerryWithRowWeights(data, weight, options);
}

/**
 * The same fit with each row's weight in the loss given directly (arena-rank's `opt_weights`,
 * vote weight × count). The bootstrap uses it to refit resampled counts while keeping the vote
 * weights of the original data, as arena-rank does.
 */
export function fitBradleyTerryWithRowWeights(
  data: PairData,
  rowWeight: Float64Array,
  options: Pick<BradleyTerryOptions, "initial" | "maxIterations" | "tolerance" | "priorVotes"> = {},
): BradleyTerryFit {
  const size = data.models.length;
  const rows = rowWeight.length;
  if (data.a.length !== rows || data.b.length !== rows || data.outcome.length !== rows) {
    throw new RangeError("every column of the data needs one entry per row weight");
  }
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-9;
  const theta = startingPoint(size, options.initial);

  let totalWeight = 0;
  let totalVotes = 0;
  for (let row = 0; row < rows; row++) {
    totalWeight += rowWeight[row]!;
    totalVotes += data.count[row]!;
  }
  const penalty = penaltyFor(options.priorVotes ?? 0, totalVotes);
  // Without votes the penalty alone decides: every θ = 0.
  if (!(totalWeight > 0)) return finish(new Float64Array(size), 0, true);

  // The penalty's optimum along each component's own shift is mean 0, exactly: centring is an
  // exact minimisation in those directions, where a Newton step would only see rounding noise
  // (the penalty is their only curvature, ~1e-10 against ~1e-1 for the data).
  const component = connectedComponents(size, data.a, data.b, rowWeight);
  centreEachComponent(theta, component);
  // Each point's loss comes with its gradient and Hessian, from the same pass over the rows: the
  // step from an accepted point then needs no pass of its own. `trial…` hold a trial point's.
  const evaluate = (at: Float64Array, gradientAt: Float64Array, hessianAt: Float64Array) =>
    lossAndDerivatives(data, rowWeight, totalWeight, penalty, at, gradientAt, hessianAt);
  let gradient = new Float64Array(size);
  let hessian = new Float64Array(size * size);
  let trialGradient = new Float64Array(size);
  let trialHessian = new Float64Array(size * size);
  let currentLoss = evaluate(theta, gradient, hessian);

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // The penalty is on H's diagonal; should rounding still break it, damp from there.
    const step = dampedNewtonStep(
      hessian,
      gradient,
      size,
      () => Math.max(1e-12 * largestDiagonal(hessian, size), penalty),
      100,
    );
    // Newton decrement squared, −g·Δ: twice the loss decrease the quadratic model promises.
    let decrement = 0;
    for (let i = 0; i < size; i++) decrement -= gradient[i]! * step[i]!;
    if (!(decrement > 0)) return finish(theta, iteration - 1, true);

    // Backtracking (Armijo). The slack lets through steps whose loss change is below the
    // rounding error of the loss itself, which otherwise stalls the last, tiny steps.
    const slack = 1e-13 * (1 + Math.abs(currentLoss));
    const trial = new Float64Array(size);
    let length = 1;
    let trialLoss = Infinity;
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let i = 0; i < size; i++) trial[i] = theta[i]! + length * step[i]!;
      centreEachComponent(trial, component);
      trialLoss = evaluate(trial, trialGradient, trialHessian);
      if (trialLoss <= currentLoss - 1e-4 * length * decrement + slack) break;
      length /= 2;
    }
    if (!(trialLoss <= currentLoss + slack)) return finish(theta, iteration - 1, false);

    let largestMove = 0;
    for (let i = 0; i < size; i++) largestMove = Math.max(largestMove, Math.abs(trial[i]! - theta[i]!));
    theta.set(trial);
    currentLoss = trialLoss;
    [gradient, trialGradient] = [trialGradient, gradient];
    [hessian, trialHessian] = [trialHessian, hessian];
    if (largestMove <= tolerance) return finish(theta, iteration, true);
  }
  return finish(theta, maxIterations, false);
}

/** θ·α + 1000 for each model. */
export function ratingsFromTheta(theta: Float64Array): Float64Array {
  return theta.map((value) => value * RATING_SCALE + RATING_CENTRE);
}

function finish(theta: Float64Array, iterations: number, converged: boolean): BradleyTerryFit {
  return { theta, ratings: ratingsFromTheta(theta), iterations, converged };
}

function startingPoint(size: number, initial: Float64Array | undefined): Float64Array {
  if (initial === undefined) return new Float64Array(size);
  if (initial.length !== size) throw new RangeError(`initial has ${initial.length} entries for ${size} models`);
  if (!initial.every(Number.isFinite)) throw new RangeError("initial must be finite");
  return Float64Array.from(initial);
}

/**
 * arena-rank's loss, −Σ w·(y·d − softplus(d)) / Σ w with d = θa − θb, plus (λ/2)·Σθ², returned;
 * its gradient and Hessian at θ written into `gradient` and `hessian`. softplus(d) − y·d is
 * rearranged so that no exp overflows and nothing cancels for large |d|; it and the win
 * probabilities σ(±d) share the one exp(−|d|).
 */
function lossAndDerivatives(
  data: PairData,
  rowWeight: Float64Array,
  totalWeight: number,
  penalty: number,
  theta: Float64Array,
  gradient: Float64Array,
  hessian: Float64Array,
): number {
  const size = theta.length;
  hessian.fill(0);
  for (let i = 0; i < size; i++) {
    gradient[i] = penalty * theta[i]!;
    hessian[i * size + i] = penalty;
  }
  let sum = 0;
  for (let row = 0; row < rowWeight.length; row++) {
    const w = rowWeight[row]!;
    if (w === 0) continue;
    const a = data.a[row]!;
    const b = data.b[row]!;
    const d = theta[a]! - theta[b]!;
    const y = data.outcome[row]!;
    const e = Math.exp(-Math.abs(d));
    sum += w * (d >= 0 ? (1 - y) * d + Math.log1p(e) : Math.log1p(e) - y * d);
    // σ(d) and σ(−d), as logisticBoth(d) gives them (written out: this runs for every row of every pass).
    const p = d >= 0 ? 1 / (1 + e) : e / (1 + e);
    const q = d >= 0 ? e / (1 + e) : 1 / (1 + e);
    const scaled = w / totalWeight;
    const residual = scaled * (y * q - (1 - y) * p); // w·(y − p) / Σw
    gradient[a] = gradient[a]! - residual;
    gradient[b] = gradient[b]! + residual;
    const curvature = scaled * p * q;
    hessian[a * size + a] = hessian[a * size + a]! + curvature;
    hessian[b * size + b] = hessian[b * size + b]! + curvature;
    hessian[a * size + b] = hessian[a * size + b]! - curvature;
    hessian[b * size + a] = hessian[b * size + a]! - curvature;
  }
  let squares = 0;
  for (let i = 0; i < size; i++) squares += theta[i]! * theta[i]!;
  return sum / totalWeight + 0.5 * penalty * squares;
}

function largestDiagonal(matrix: Float64Array, size: number): number {
  let largest = 0;
  for (let i = 0; i < size; i++) largest = Math.max(largest, matrix[i * size + i]!);
  return largest;
}
