import { bootstrapIntervals } from "./bootstrap.ts";
import { fitBradleyTerry } from "./bradleyTerry.ts";
import type { PairData } from "./pairCounts.ts";
import { rankByIntervals } from "./rank.ts";
import { sandwichIntervals } from "./sandwich.ts";
import type { Weighting } from "./weighting.ts";

export interface RateBattlesOptions {
  /**
   * "sandwich" (default: instant, what LMArena publishes) or "bootstrap" (resampling); either
   * with the small-sample floor for models with few votes.
   */
  ci?: "sandwich" | "bootstrap";
  /** Bootstrap rounds (default 100). */
  rounds?: number;
  /** Bootstrap seed (default 42, arena-rank's); fixed so that a leaderboard is reproducible. */
  seed?: number;
  /** Vote weighting (default "none"); see `Weighting`. */
  weighting?: Weighting;
  /** Floor on the pair size for "inverse-pair" weighting (default 50). */
  minPairCount?: number;
  /** Interval coverage (default 0.95). */
  level?: number;
  /** Virtual ties per model (default 0: arena-rank's maximum likelihood); see `penaltyFor`. */
  priorVotes?: number;
  /**
   * Where the fit starts, so that refreshing a leaderboard after a few votes costs one or two
   * Newton steps: either a previous result (matched by model name; new models start at θ = 0)
   * or θ already aligned with `data.models`.
   */
  initial?: Float64Array | PreviousRating;
}

/** The part of an earlier `RatedBattles` a warm start needs. */
export interface PreviousRating {
  readonly models: readonly string[];
  readonly theta: Float64Array;
}

/** A Bradley–Terry leaderboard: one entry per model, in the order of `models` (sorted by name). */
export interface RatedBattles {
  models: readonly string[];
  /** Points, mean 1000 over connected data, 400 per factor 10 in the odds. */
  ratings: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Variance of each rating, points². */
  variance: Float64Array;
  /** 1 + models whose lower bound is above this model's upper bound. */
  rank: Int32Array;
  /** Strengths in natural-log units (pass the whole result back as `initial` next time). */
  theta: Float64Array;
  /** Newton steps of the fit. */
  iterations: number;
  /** Whether the fit met its tolerance (it does unless something is badly wrong). */
  converged: boolean;
}

/**
 * The one entry point for a Bradley–Terry leaderboard: fit, intervals, ranks. See
 * `fitBradleyTerry` for what the ratings mean on degenerate data (models that never lost, models
 * without votes, groups of models no vote links).
 *
 * Intervals are arena-rank's (sandwich or percentile bootstrap) for every model whose own votes
 * measure its spread, and the small-sample floor (smallSample.ts) for those whose few votes
 * cannot — two ties, or two wins, span hundreds of points, with or without `priorVotes`. Such a
 * model's interval overlaps most others, so it shares a top rank ("rank (UB)") and pushes no one
 * down; flag it by its vote count (as the server's `minVotes` does) rather than read its rank.
 */
export function rateBattles(data: PairData, options: RateBattlesOptions = {}): RatedBattles {
  const weighting = options.weighting ?? "none";
  const initial = options.initial;
  const fit = fitBradleyTerry(data, {
    weighting,
    minPairCount: options.minPairCount,
    priorVotes: options.priorVotes,
    initial: initial instanceof Float64Array || initial === undefined ? initial : alignToModels(initial, data.models),
  });
  const intervalOptions = {
    weighting,
    minPairCount: options.minPairCount,
    level: options.level,
    priorVotes: options.priorVotes,
  };
  const intervals =
    options.ci === "bootstrap"
      ? bootstrapIntervals(data, fit, { ...intervalOptions, rounds: options.rounds, seed: options.seed ?? 42 })
      : sandwichIntervals(data, fit, intervalOptions);
  return {
    models: data.models,
    ratings: fit.ratings,
    lower: intervals.lower,
    upper: intervals.upper,
    variance: intervals.variance,
    rank: rankByIntervals(intervals.lower, intervals.upper),
    theta: fit.theta,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

function alignToModels(previous: PreviousRating, models: readonly string[]): Float64Array {
  const thetaOf = new Map(previous.models.map((model, index) => [model, previous.theta[index]!]));
  return Float64Array.from(models, (model) => thetaOf.get(model) ?? 0);
}
