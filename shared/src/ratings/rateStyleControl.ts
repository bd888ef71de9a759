import { normalQuantile } from "./normalQuantile.ts";
import { rankByIntervals } from "./rank.ts";
import type { RatedBattles } from "./rateBattles.ts";
import { widenToFloor } from "./sandwich.ts";
import { smallSampleFloor } from "./smallSample.ts";
import { styleBootstrapIntervals } from "./styleBootstrap.ts";
import { fitStyleControl, STYLE_LOGIT_PER_THETA, STYLE_REGULARISATION, type StyleControlFit } from "./styleControl.ts";
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
export interface StyleRatedBattles extends Pick<
  RatedBattles,
  "models" | "ratings" | "lower" | "upper" | "variance" | "rank" | "iterations" | "converged"
> {
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
  // small-sample floor, in natural log-odds (the floor's unit): θ·ln 10, each battle's style term
  // as an offset and the penalty 0.5·θ of the objective as 0.5/ln²10 per natural unit. Scored at
  // the fit's own p, the floor is centred on the estimate; on the battles summed to pair counts
  // without their style terms it was not, and widened the intervals of established models.
  const theta = fit.params.subarray(0, data.models.length).map((value) => value * STYLE_LOGIT_PER_THETA);
  const floor = smallSampleFloor(data, { theta, ratings: fit.ratings }, fitted, {
    level: options.level,
    offset: styleOffsets(data, fit),
    penalty: STYLE_REGULARISATION / (STYLE_LOGIT_PER_THETA * STYLE_LOGIT_PER_THETA),
  });
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

/**
 * Each battle's style term γ·x (natural log-odds): what the fit adds to ln 10·(θa − θb), so that
 * the floor scores every battle at the fit's own p.
 */
function styleOffsets(data: StyleData, fit: StyleControlFit): Float64Array {
  const { mean, inverseScale } = fit.standardization;
  const offsets = new Float64Array(data.count.length);
  for (let row = 0; row < offsets.length; row++) {
    let offset = 0;
    for (let k = 0; k < STYLE_FEATURE_COUNT; k++) {
      offset += fit.coefficients[k]! * (data.features[row * STYLE_FEATURE_COUNT + k]! - mean[k]!) * inverseScale[k]!;
    }
    offsets[row] = offset;
  }
  return offsets;
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
