/**
 * Adaptive against uniform pair sampling, simulated: an arena of models with known strengths
 * takes votes one at a time until every model's 95% sandwich interval is narrower than a target;
 * how many votes does each strategy need, and do the intervals still contain the truth?
 *
 * Run alone with `npx tsx bench/index.ts sampling`.
 */
import { adaptivePairWeights, drawWeighted } from "@arena/shared/ratings/adaptivePairs";
import { PairCounts, type Score } from "@arena/shared/ratings/pairCounts";
import { createRandom, type RandomSource } from "@arena/shared/ratings/random";
import { rateBattles, type RatedBattles } from "@arena/shared/ratings/rateBattles";
import type { Weighting } from "@arena/shared/ratings/weighting";

import { count, type SummaryLine } from "./measure.ts";

const MODELS = 10;
/**
 * True ratings evenly spread over this many points (the arena's Elo scale): the figure's 300,
 * and a wide field where uniform sampling spends many votes on foregone conclusions.
 */
const SPREADS = [300, 800];
/** Tie (or both-bad) probability of an even pair; lopsided pairs tie less (see `drawScore`). */
const EVEN_TIE_PROBABILITY = 0.3;
/** Interval widths (upper − lower, points) to reach, narrowest last. */
const TARGET_WIDTHS = [100, 60];
/** Refit (sandwich intervals, and the ratings adaptive sampling weighs pairs with) every this many votes. */
const REFIT_EVERY = 25;
const SEEDS = 20;
/** As the live server's table (LIVE_PRIOR_VOTES), whose ratings its adaptive picker weighs pairs with. */
const LIVE_PRIOR_VOTES = 1;
/** Bound on one simulated arena, so that a strategy that never gets there still ends. */
const MAX_VOTES = 40_000;

type Strategy = { name: string; adaptive: boolean; weighting: Weighting; priorVotes: number };

const STRATEGIES: Strategy[] = [
  { name: "uniform", adaptive: false, weighting: "none", priorVotes: LIVE_PRIOR_VOTES },
  { name: "adaptive", adaptive: true, weighting: "inverse-pair", priorVotes: LIVE_PRIOR_VOTES },
  // Controls, not candidates: what the inverse-pair correction changes, and what happens when
  // the pairs are weighed with plain maximum-likelihood ratings (a model that has not lost yet
  // rates thousands of points off, every pair with it looks decided, and it is starved of votes).
  { name: "control: adaptive, unweighted fit", adaptive: true, weighting: "none", priorVotes: LIVE_PRIOR_VOTES },
  { name: "control: adaptive, ML (priorVotes 0)", adaptive: true, weighting: "inverse-pair", priorVotes: 0 },
];

const modelName = (index: number) => `m${String(index).padStart(2, "0")}`;
const trueRatings = (spread: number) =>
  Array.from({ length: MODELS }, (_, i) => 1000 - spread / 2 + (i * spread) / (MODELS - 1));

/**
 * A vote's score for model a under Bradley–Terry with ties: a's expected score is the BT win
 * probability p, ties take t = EVEN_TIE_PROBABILITY · 4p(1 − p) of the votes and count ½, so
 * P(a wins) = p − t/2 and P(b wins) = 1 − p − t/2.
 */
function drawScore(ratingA: number, ratingB: number, random: RandomSource): Score {
  const p = 1 / (1 + 10 ** ((ratingB - ratingA) / 400));
  const tie = EVEN_TIE_PROBABILITY * 4 * p * (1 - p);
  const u = random.uniform();
  if (u < p - tie / 2) return 1;
  if (u < p + tie / 2) return 0.5;
  return 0;
}

/** Whether every model has both gained and lost points: until then some sandwich widths are degenerate (0). */
function everyModelInformative(scored: Float64Array, played: Float64Array): boolean {
  for (let model = 0; model < MODELS; model++) {
    if (!(scored[model]! > 0 && scored[model]! < played[model]!)) return false;
  }
  return true;
}

type Stop = { votes: number; covered: number; widest: number };

/** One simulated arena: votes until the narrowest target is met (or MAX_VOTES). */
function simulate(strategy: Strategy, truth: readonly number[], seed: number): (Stop | undefined)[] {
  const random = createRandom(seed);
  const uniform = () => random.uniform();
  const counts = new PairCounts();
  for (let model = 0; model < MODELS; model++) counts.addModel(modelName(model));
  const battles = Array.from({ length: MODELS }, () => new Array<number>(MODELS).fill(0));
  const played = new Float64Array(MODELS);
  const scored = new Float64Array(MODELS);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < MODELS; i++) for (let j = i + 1; j < MODELS; j++) pairs.push([i, j]);

  let rated: RatedBattles | undefined;
  let currentRatings = new Array<number>(MODELS).fill(1000);
  const stops: (Stop | undefined)[] = TARGET_WIDTHS.map(() => undefined);
  for (let votes = 1; votes <= MAX_VOTES && stops.includes(undefined); votes++) {
    const pair = strategy.adaptive
      ? drawWeighted(adaptivePairWeights(currentRatings, battles), uniform)
      : Math.floor(uniform() * pairs.length);
    const [first, second] = pairs[pair]!;
    const [a, b] = uniform() < 0.5 ? [first, second] : [second, first];
    const score = drawScore(truth[a]!, truth[b]!, random);
    counts.add(modelName(a), modelName(b), score);
    battles[a]![b]!++;
    battles[b]![a]!++;
    played[a]!++;
    played[b]!++;
    scored[a]! += score;
    scored[b]! += 1 - score;

    if (votes % REFIT_EVERY !== 0) continue;
    rated = rateBattles(counts.toData(), {
      ci: "sandwich",
      weighting: strategy.weighting,
      priorVotes: strategy.priorVotes,
      ...(rated ? { initial: rated } : {}),
    });
    currentRatings = Array.from(rated.ratings);
    if (!everyModelInformative(scored, played)) continue;
    let widest = 0;
    for (let model = 0; model < MODELS; model++) widest = Math.max(widest, rated.upper[model]! - rated.lower[model]!);
    TARGET_WIDTHS.forEach((target, index) => {
      if (stops[index] || !(widest < target)) return;
      // The fit centres ratings on 1000, and so is the truth here (evenly spread around 1000).
      let covered = 0;
      for (let model = 0; model < MODELS; model++) {
        if (rated!.lower[model]! <= truth[model]! && truth[model]! <= rated!.upper[model]!) covered++;
      }
      stops[index] = { votes, covered, widest };
    });
  }
  return stops;
}

type Outcome = { target: number; meanVotes: number; coverage: number; reached: number };

function runStrategy(strategy: Strategy, spread: number): Outcome[] {
  const truth = trueRatings(spread);
  const runs = Array.from({ length: SEEDS }, (_, seed) => simulate(strategy, truth, seed + 1));
  return TARGET_WIDTHS.map((target, index) => {
    const reached = runs.map((stops) => stops[index]).filter((stop): stop is Stop => stop !== undefined);
    const meanVotes = reached.reduce((sum, stop) => sum + stop.votes, 0) / reached.length;
    const coverage = reached.reduce((sum, stop) => sum + stop.covered, 0) / (reached.length * MODELS);
    const votes = reached.map((stop) => stop.votes);
    console.log(
      `sampling: spread ${spread}, ${strategy.name.padEnd(36)} width < ${String(target).padEnd(3)}: ` +
        (reached.length === 0
          ? `not reached by ${count(MAX_VOTES)} votes in any run`
          : `mean ${count(Math.round(meanVotes))} votes (min ${count(Math.min(...votes))}, max ${count(Math.max(...votes))}` +
            `${reached.length < SEEDS ? `; ${SEEDS - reached.length} runs not there by ${count(MAX_VOTES)}` : ""}), ` +
            `truth inside ${(coverage * 100).toFixed(0)}% of ${reached.length * MODELS} intervals`),
    );
    return { target, meanVotes, coverage, reached: reached.length };
  });
}

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

export function benchSampling(): SummaryLine[] {
  console.log(
    `sampling: ${MODELS} simulated models, true ratings evenly spread over ${SPREADS.join(" or ")} points around 1000; ` +
      `ties ${EVEN_TIE_PROBABILITY} of even pairs, fewer for lopsided ones (expected score = BT); sandwich fit with ` +
      `priorVotes ${LIVE_PRIOR_VOTES} as the live table, refit + check every ${REFIT_EVERY} votes (warm); ${SEEDS} seeds; ` +
      `stop when every model has won and lost points and max(upper − lower) < target. inverse-pair weights are flat ` +
      `while pairs hold < 50 votes (minPairCount), so there adaptive's fit is the unweighted one.`,
  );
  return SPREADS.map((spread) => {
    const [uniform, adaptive, , mlControl] = STRATEGIES.map((strategy) => runStrategy(strategy, spread)) as [
      Outcome[],
      Outcome[],
      Outcome[],
      Outcome[],
    ];
    return {
      figure:
        `Votes until every 95% sandwich interval < ${TARGET_WIDTHS.join(" / ")} points, ${MODELS} simulated models over ${spread} points ` +
        `(mean of ${SEEDS} seeds), uniform vs adaptive (inverse-pair fit); share of intervals holding the truth at the stop`,
      value: TARGET_WIDTHS.map((target, index) => {
        const u = uniform[index]!;
        const a = adaptive[index]!;
        const ml = mlControl[index]!;
        const votes = (outcome: Outcome) =>
          outcome.reached === SEEDS ? count(Math.round(outcome.meanVotes)) : `${outcome.reached}/${SEEDS} runs reached`;
        const control =
          index === TARGET_WIDTHS.length - 1
            ? ` [adaptive weighing pairs with ML ratings (priorVotes 0): truth inside ${percent(ml.coverage)}]`
            : "";
        return (
          `< ${target}: uniform ${votes(u)} vs adaptive ${votes(a)} votes (×${(u.meanVotes / a.meanVotes).toFixed(2)}), ` +
          `truth inside ${percent(u.coverage)} vs ${percent(a.coverage)}${control}`
        );
      }).join("; "),
    };
  });
}
