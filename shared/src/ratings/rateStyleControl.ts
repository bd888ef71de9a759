import { rankByIntervals } from "./rank.ts";
import type { RatedBattles } from "./rateBattles.ts";
import { styleBootstrapIntervals } from "./styleBootstrap.ts";
import { normalQuantile } from "./normalQuantile.ts";
import { PairCounts, type PairData, type Score } from "./pairCounts.ts";
import { widenToFloor } from "./sandwich.ts";
import { smallSampleFloor } from "./smallSample.ts";
import { STYLE_LOGIT_PER_THETA, fitStyleControl } from "./styleControl.ts";
import { STYLE_FEATURE_COUNT, type StyleData, type StyleFeature } from "./styleFeatures.ts";
import { styleSandwichIntervals } from "./styleSandwich.ts";

/** The fitted coefficient of each standardized feature: log-odds per standard deviation. */
export type StyleCoefficients = Record<StyleFeature, number>;

export interface RateStyleControlOptions {
  /** "sandwich" (default: instant) or "bootstrap" (resampling, as FastChat's leaderboard). */
  ci?: "sandwich" | "bootstrap";
  /** Bootstrap rounds (default 100). */
  rounds?: number;
  /** Bootstrap seed (default 42); fixed so that a leaderboard is reproducible. */
  seed?: number;
  /** Interval coverage (default 0.95). */
  level?: number;
  /**
   * Where the fit starts, so that refreshing a leaderboard after a few battles costs two or
   * three Newton steps: a previous result (matched by model name; new models start at θ = 0) or
   * parameters already aligned with `data.models` (θ per model, then the 4 γ).
   */
  initial?: Float64Array | PreviousStyleRating;
}

/** The part of an earlier `StyleRatedBattles` a warm start needs. */
export interface PreviousStyleRating {
  readonly models: readonly string[];
  readonly params: Float64Array;
}

/**
 * A style-controlled leaderboard: one entry per model, in the order of `models`, with the plain
 * leaderboard's fields (ratings are then those with the style features held equal).
 */
export interface StyleRatedBattles
  extends Pick<RatedBattles, "models" | "ratings" | "lower" | "upper" | "variance" | "rank" | "iterations" | "converged"> {
  /** γ of each feature (0 for a feature that never varies in the table). */
  styleCoefficients: StyleCoefficients;
  /** The coefficients' intervals, in the same order as `STYLE_FEATURES`. */
  coefficientLower: Float64Array;
  coefficientUpper: Float64Array;
  /** θ per model then γ per feature (pass the whole result back as `initial` next time). */
  params: Float64Array;
}

/**
 * The one entry point for a style-controlled leaderboard (FastChat's `compute_style_control`):
 * fit, intervals, ranks. See `fitStyleControl` for the model.
 */
export function rateWithStyleControl(data: StyleData, options: RateStyleControlOptions = {}): StyleRatedBattles {
  const initial = options.initial;
  const fit = fitStyleControl(data, {
    initial: initial instanceof Float64Array || initial === undefined ? initial : alignToModels(initial, data.models),
  });
  const fitted =
    options.ci === "bootstrap"
      ? styleBootstrapIntervals(data, fit, { rounds: options.rounds, seed: options.seed ?? 42, level: options.level })
      : styleSandwichIntervals(data, fit, { level: options.level });
  // As for the plain fit: a model whose few battles cannot measure their own spread gets the
  // small-sample floor (its θ in natural log-odds, the floor's unit), computed on the battles
  // summed to pair counts — thousands of rows instead of one per battle.
  const theta = fit.params.subarray(0, data.models.length).map((value) => value * STYLE_LOGIT_PER_THETA);
  const floor = smallSampleFloor(pairCountsOf(data), { theta, ratings: fit.ratings }, fitted, { level: options.level });
  const intervals = widenToFloor(fitted, floor.beyond, floor, normalQuantile(1 - (1 - (options.level ?? 0.95)) / 2));
  const [length, headers, lists, bold] = fit.coefficients;
  return {
    models: data.models,
    ratings: fit.ratings,
    lower: intervals.lower,
    upper: intervals.upper,
    variance: intervals.variance,
    rank: rankByIntervals(intervals.lower, intervals.upper),
    styleCoefficients: { length: length!, headers: headers!, lists: lists!, bold: bold! },
    coefficientLower: fitted.coefficientLower,
    coefficientUpper: fitted.coefficientUpper,
    params: fit.params,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

/** Up to this many models, battles are summed in a dense (a, b, outcome) array; beyond, in a map. */
const DENSE_MODELS = 512;

/**
 * The battles as pair counts (rows sorted by a, b, outcome as `PairCounts` gives them), models in
 * the same (sorted) order: one pass over the battles, no lookup per battle for the usual arena.
 */
function pairCountsOf(data: StyleData): PairData {
  const size = data.models.length;
  if (size > DENSE_MODELS) {
    const counts = new PairCounts();
    for (const model of data.models) counts.addModel(model);
    for (let row = 0; row < data.count.length; row++) {
      if (data.count[row]! > 0) counts.addById(data.a[row]!, data.b[row]!, data.outcome[row] as Score, data.count[row]!);
    }
    return counts.toData();
  }
  const cells = new Float64Array(size * size * 3);
  for (let row = 0; row < data.count.length; row++) {
    const cell = (data.a[row]! * size + data.b[row]!) * 3 + data.outcome[row]! * 2;
    cells[cell] = cells[cell]! + data.count[row]!;
  }
  let rows = 0;
  for (const count of cells) if (count > 0) rows++;
  const pairs = { models: data.models, a: new Int32Array(rows), b: new Int32Array(rows), outcome: new Float64Array(rows), count: new Float64Array(rows) };
  let row = 0;
  cells.forEach((count, cell) => {
    if (!(count > 0)) return;
    const pair = Math.floor(cell / 3);
    pairs.a[row] = Math.floor(pair / size);
    pairs.b[row] = pair % size;
    pairs.outcome[row] = (cell % 3) / 2;
    pairs.count[row++] = count;
  });
  return pairs;
}

function alignToModels(previous: PreviousStyleRating, models: readonly string[]): Float64Array {
  const previousModels = previous.models.length;
  if (previous.params.length !== previousModels + STYLE_FEATURE_COUNT) {
    throw new RangeError(`previous result has ${previous.params.length} parameters for ${previousModels} models`);
  }
  const thetaOf = new Map(previous.models.map((model, index) => [model, previous.params[index]!]));
  const aligned = new Float64Array(models.length + STYLE_FEATURE_COUNT);
  models.forEach((model, index) => {
    aligned[index] = thetaOf.get(model) ?? 0;
  });
  aligned.set(previous.params.subarray(previousModels), models.length);
  return aligned;
}
