/**
 * Style control (FastChat's `compute_style_control`) on many battles: how long a refit takes at
 * 100 k and 1.5 M synthetic battles among 50 models, cold and warm-started from the previous fit
 * after a few more battles (the live case), and what the sandwich and a bootstrap add.
 *
 * `npx tsx bench/styleControl.ts` runs it alone.
 */
import { performance } from "node:perf_hooks";

import { createRandom, type RandomSource } from "@arena/shared/ratings/random";
import { rateWithStyleControl } from "@arena/shared/ratings/rateStyleControl";
import { styleBootstrapIntervals } from "@arena/shared/ratings/styleBootstrap";
import { fitStyleControl, type StyleControlFit } from "@arena/shared/ratings/styleControl";
import { StyleBattles, type StyleCounts, type StyleData, styleDifference } from "@arena/shared/ratings/styleFeatures";
import { styleSandwichIntervals } from "@arena/shared/ratings/styleSandwich";

import { Tally } from "../server/src/leaderboard/tally.ts";
import { count, formatMs, median, type SummaryLine, timeRepeated } from "./measure.ts";

const MODELS = 50;
const SIZES = (process.env.ARENA_BENCH_STYLE_SIZES ?? "100000,1500000").split(",").map(Number);
const SEED = 3585;
const REPETITIONS = 5;
const WARM_EXTRA_BATTLES = 100;
const BOOTSTRAP_ROUNDS = 100;
const GOAL_WARM_MS: Record<number, number> = { 100_000: 50, 1_500_000: 1000 };

/** Per model: a true rating, a median answer length and markdown habits. */
interface Habits {
  rating: number;
  tokens: number;
  headers: number;
  lists: number;
  bold: number;
}

function modelHabits(random: RandomSource): Habits[] {
  return Array.from({ length: MODELS }, () => ({
    rating: 1000 + 300 * (random.uniform() - 0.5),
    tokens: 100 + 1500 * random.uniform(),
    headers: 3 * random.uniform(),
    lists: 10 * random.uniform(),
    bold: 8 * random.uniform(),
  }));
}

/**
 * Adds `battles` synthetic battles: random pairs, answer counts drawn around each model's habits,
 * votes from the true ratings plus a taste for longer, better formatted answers, a fifth tied.
 */
function addBattles(table: StyleBattles, habits: Habits[], random: RandomSource, battles: number): void {
  const names = habits.map((_, index) => `model-${String(index).padStart(2, "0")}`);
  const differences = new Float64Array(4);
  const draw = (mean: number) => Math.floor(2 * mean * random.uniform());
  for (let i = 0; i < battles; i++) {
    const a = Math.floor(random.uniform() * MODELS);
    let b = Math.floor(random.uniform() * (MODELS - 1));
    if (b >= a) b++;
    const [habitsA, habitsB] = [habits[a]!, habits[b]!];
    differences[0] = styleDifference(
      Math.round(habitsA.tokens * (0.5 + random.uniform())),
      Math.round(habitsB.tokens * (0.5 + random.uniform())),
    );
    differences[1] = styleDifference(draw(habitsA.headers), draw(habitsB.headers));
    differences[2] = styleDifference(draw(habitsA.lists), draw(habitsB.lists));
    differences[3] = styleDifference(draw(habitsA.bold), draw(habitsB.bold));
    const logit =
      (Math.LN10 * (habitsA.rating - habitsB.rating)) / 400 +
      2 * differences[0] +
      0.5 * differences[1] +
      0.3 * differences[2] +
      0.3 * differences[3];
    const score = random.uniform() < 0.2 ? 0.5 : random.uniform() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    table.addDifferences(names[a]!, names[b]!, score, differences);
  }
}

const goal = (ms: number, goalMs: number) => `${ms <= goalMs ? "within" : "OVER"} goal ≤ ${formatMs(goalMs)}`;

function benchSize(size: number): SummaryLine[] {
  const random = createRandom(SEED + size);
  const habits = modelHabits(random);
  const table = new StyleBattles();
  let started = performance.now();
  addBattles(table, habits, random, size);
  const buildMs = performance.now() - started;
  started = performance.now();
  let data: StyleData = table.toData();
  const toDataMs = performance.now() - started;
  const label = `${count(size)} battles`;

  let fit: StyleControlFit = fitStyleControl(data);
  const cold = timeRepeated(REPETITIONS, () => {
    fit = fitStyleControl(data);
  });
  const sandwich = timeRepeated(REPETITIONS, () => styleSandwichIntervals(data, fit));
  console.log(
    `style: ${label}, ${MODELS} models: build ${formatMs(buildMs)}, toData ${formatMs(toDataMs)}; ` +
      `cold fit median ${formatMs(cold.median)} (${fit.iterations} Newton steps); sandwich ${formatMs(sandwich.median)}`,
  );

  // Warm: a few more battles, then a refit from the previous parameters.
  const warmFit: number[] = [];
  const warmRate: number[] = [];
  const warmSteps: number[] = [];
  const warmToData: number[] = [];
  let largestGap = 0;
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    addBattles(table, habits, random, WARM_EXTRA_BATTLES);
    started = performance.now();
    data = table.toData();
    warmToData.push(performance.now() - started);
    started = performance.now();
    const warm = fitStyleControl(data, { initial: fit.params });
    warmFit.push(performance.now() - started);
    warmSteps.push(warm.iterations);
    started = performance.now();
    const rated = rateWithStyleControl(data, { initial: { models: data.models, params: fit.params } });
    warmRate.push(performance.now() - started);
    const coldAgain = fitStyleControl(data);
    for (let i = 0; i < warm.ratings.length; i++) {
      const reference = coldAgain.ratings[i]!;
      largestGap = Math.max(
        largestGap,
        Math.abs(warm.ratings[i]! - reference),
        Math.abs(rated.ratings[i]! - reference),
      );
    }
    fit = warm;
  }
  const warm = median(warmFit);
  console.log(
    `style: ${label}, warm (+${WARM_EXTRA_BATTLES} battles, initial = previous params): fit median ${formatMs(warm)} ` +
      `(${median(warmSteps)} Newton steps; toData before it ${formatMs(median(warmToData))}) — ${goal(warm, GOAL_WARM_MS[size]!)}; ` +
      `fit + sandwich ${formatMs(median(warmRate))}; warm vs cold ratings within ${largestGap.toExponential(1)} points`,
  );

  const lines: SummaryLine[] = [
    {
      figure: `Style control, ${label} (${MODELS} models): cold fit; warm refit (+${WARM_EXTRA_BATTLES}) / with sandwich (medians)`,
      value:
        `${formatMs(cold.median)}; ${formatMs(warm)} / ${formatMs(median(warmRate))} ` +
        `(goal ≤ ${formatMs(GOAL_WARM_MS[size]!)})`,
    },
  ];
  if (size <= 100_000) {
    const bootstrap = timeRepeated(1, () => styleBootstrapIntervals(data, fit, { seed: 42, rounds: BOOTSTRAP_ROUNDS }));
    console.log(`style: ${label}, ${BOOTSTRAP_ROUNDS}-round bootstrap: ${formatMs(bootstrap.median)}`);
    lines.push({
      figure: `Style control, ${label}: ${BOOTSTRAP_ROUNDS}-round bootstrap`,
      value: formatMs(bootstrap.median),
    });
  }
  return lines;
}

/**
 * What the server does for a watched style-controlled table: votes with their answers' style
 * counts go into a `Tally`, and after +100 more the table is read (style fit warm-started, sandwich
 * with the small-sample floor, ranks, records, and the plain table for the rank change).
 */
function benchServerTable(size: number): SummaryLine {
  const random = createRandom(SEED + 1 + size);
  const habits = modelHabits(random);
  const names = habits.map((_, index) => `model-${String(index).padStart(2, "0")}`);
  const tally = new Tally({}, new Date(0));
  const draw = (mean: number) => Math.floor(2 * mean * random.uniform());
  const counts = (habit: Habits): StyleCounts => [
    Math.round(habit.tokens * (0.5 + random.uniform())),
    draw(habit.headers),
    draw(habit.lists),
    draw(habit.bold),
  ];
  const vote = (battles: number) => {
    for (let i = 0; i < battles; i++) {
      const a = Math.floor(random.uniform() * MODELS);
      let b = Math.floor(random.uniform() * (MODELS - 1));
      if (b >= a) b++;
      const style = { a: counts(habits[a]!), b: counts(habits[b]!) };
      const logit =
        (Math.LN10 * (habits[a]!.rating - habits[b]!.rating)) / 400 + 2 * styleDifference(style.a[0], style.b[0]);
      const winner = random.uniform() < 0.2 ? "tie" : random.uniform() < 1 / (1 + Math.exp(-logit)) ? "a" : "b";
      tally.add(names[a]!, names[b]!, winner, new Date(0), style);
    }
  };
  vote(size);
  tally.toStyleLeaderboard();
  const reads: number[] = [];
  const cpuReads: number[] = [];
  for (let repetition = 0; repetition < 2 * REPETITIONS; repetition++) {
    vote(WARM_EXTRA_BATTLES);
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    tally.toStyleLeaderboard();
    const cpu = process.cpuUsage(cpuStarted);
    reads.push(performance.now() - started);
    cpuReads.push((cpu.user + cpu.system) / 1000);
  }
  const read = median(reads);
  const cpuRead = median(cpuReads);
  const label = `${count(size)} battles`;
  console.log(
    `style: ${label}, the server's table read after +${WARM_EXTRA_BATTLES} votes: median ${formatMs(read)} (CPU ${formatMs(cpuRead)}) — ${goal(read, GOAL_WARM_MS[size]!)}`,
  );
  return {
    figure: `Style control, ${label}: the server's table after +${WARM_EXTRA_BATTLES} votes (Tally.toStyleLeaderboard, median)`,
    value: `${formatMs(read)}, CPU ${formatMs(cpuRead)} (goal ≤ ${formatMs(GOAL_WARM_MS[size]!)})`,
  };
}

export function benchStyleControl(): SummaryLine[] {
  return SIZES.flatMap((size) => [...benchSize(size), benchServerTable(size)]);
}

if (import.meta.url === `file://${process.argv[1]}`) benchStyleControl();
