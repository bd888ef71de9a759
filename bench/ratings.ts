/**
 * Bradley–Terry on real and on many votes: how long aggregating, fitting with sandwich intervals
 * (cold and warm) and a 100-round bootstrap take on the 135,634 LMArena votes and on 1.5 M votes
 * resampled from them; and how much memory the counts take at either size.
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";

import { PairCounts, type PairData } from "@arena/shared/ratings/pairCounts";
import { createRandom } from "@arena/shared/ratings/random";
import { rateBattles, type RatedBattles } from "@arena/shared/ratings/rateBattles";

import { type ArenaVotes, readArenaVotes } from "./arenaVotes.ts";
import { count, formatBytes, formatMs, median, settledMemory, type SummaryLine, timeRepeated } from "./measure.ts";

const REPETITIONS = 5;
const BOOTSTRAP_ROUNDS = 100;
const RESAMPLED_VOTES = 1_500_000;
const RESAMPLE_SEED = 2025;
const WARM_EXTRA_VOTES = 100;
const MEMORY_COPIES = 8;
const GOAL_FIT_MS = 200;
const GOAL_BOOTSTRAP_MS = 2000;

const PUBLISHED_TOP10 = new URL("../../shared/data/arena-140k/published_top10.csv", import.meta.url);

/** Rows (indices into the real votes) of a seeded uniform resample with replacement. */
function resampleRows(votes: ArenaVotes, size: number, seed: number): Int32Array {
  const random = createRandom(seed);
  const rows = new Int32Array(size);
  for (let i = 0; i < size; i++) rows[i] = Math.floor(random.uniform() * votes.length);
  return rows;
}

/** Counts of the given rows of the real votes (all of them when `rows` is omitted). */
function countVotes(votes: ArenaVotes, rows?: Int32Array): PairCounts {
  const counts = new PairCounts();
  const size = rows ? rows.length : votes.length;
  for (let i = 0; i < size; i++) {
    const row = rows ? rows[i]! : i;
    counts.add(votes.models[votes.modelA[row]!]!, votes.models[votes.modelB[row]!]!, votes.score[row]!);
  }
  return counts;
}

const goalText = (goalMs: number) => `goal ≤ ${goalMs / 1000} s`;
const goal = (ms: number, goalMs: number) => `${ms <= goalMs ? "within" : "OVER"} ${goalText(goalMs)}`;

/**
 * How far our fit is from the ratings LMArena published for the same votes, after re-centring
 * (see shared/data/README.md): a check that the timed code computes the right thing.
 */
function publishedGap(rated: RatedBattles): { rating: number; width: number } {
  const lines = fs.readFileSync(PUBLISHED_TOP10, "utf8").trim().split("\n").slice(1);
  const published = lines.map((line) => {
    const [model, rating, lower, upper] = line.split(",");
    return { model: model!, rating: Number(rating), width: Number(upper) - Number(lower) };
  });
  const indexOf = new Map(rated.models.map((model, index) => [model, index]));
  const offsets = published.map(({ model, rating }) => rated.ratings[indexOf.get(model)!]! - rating);
  const meanOffset = offsets.reduce((sum, offset) => sum + offset, 0) / offsets.length;
  const rating = Math.max(...offsets.map((offset) => Math.abs(offset - meanOffset)));
  const width = Math.max(
    ...published.map(({ model, width }) => {
      const index = indexOf.get(model)!;
      return Math.abs(rated.upper[index]! - rated.lower[index]! - width);
    }),
  );
  return { rating, width };
}

export function benchBradleyTerry(): SummaryLine[] {
  const votes = readArenaVotes();
  const lines: SummaryLine[] = [];
  const real = `${count(votes.length)} real votes`;

  // --- 135,634 real votes -----------------------------------------------------------------
  let counts = countVotes(votes);
  const aggregate = timeRepeated(REPETITIONS, () => {
    counts = countVotes(votes);
  });
  let data = counts.toData();
  const toData = timeRepeated(REPETITIONS, () => {
    data = counts.toData();
  });
  console.log(
    `bt: aggregate ${real} into PairCounts: median ${formatMs(aggregate.median)} of ${REPETITIONS} ` +
      `(${count(Math.round(votes.length / (aggregate.median / 1000)))} votes/s) → ${count(counts.rowCount)} rows, ` +
      `${counts.modelCount} models; toData ${formatMs(toData.median)}`,
  );

  const firstStarted = performance.now();
  let rated = rateBattles(data, { ci: "sandwich" });
  const firstMs = performance.now() - firstStarted;
  const cold = timeRepeated(REPETITIONS, () => {
    rated = rateBattles(data, { ci: "sandwich" });
  });
  const gap = publishedGap(rated);
  console.log(
    `bt: fit + sandwich, ${real}, cold: median ${formatMs(cold.median)} (first call, JIT included: ${formatMs(firstMs)}; ` +
      `${rated.iterations} Newton steps) — ${goal(cold.median, GOAL_FIT_MS)}; vs LMArena's published top 10 ` +
      `(re-centred): ratings within ${gap.rating.toFixed(3)}, CI widths within ${gap.width.toFixed(3)} points`,
  );

  // Warm: the live case, a few more votes then a refit started from the previous result.
  const extra = resampleRows(votes, WARM_EXTRA_VOTES * REPETITIONS, RESAMPLE_SEED + 1);
  const warmFit: number[] = [];
  const warmToData: number[] = [];
  const warmSteps: number[] = [];
  let previous = rated;
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    for (const row of extra.subarray(repetition * WARM_EXTRA_VOTES, (repetition + 1) * WARM_EXTRA_VOTES)) {
      counts.add(votes.models[votes.modelA[row]!]!, votes.models[votes.modelB[row]!]!, votes.score[row]!);
    }
    let started = performance.now();
    const grown = counts.toData();
    warmToData.push(performance.now() - started);
    started = performance.now();
    previous = rateBattles(grown, { ci: "sandwich", initial: previous });
    warmFit.push(performance.now() - started);
    warmSteps.push(previous.iterations);
  }
  const warm = median(warmFit);
  console.log(
    `bt: fit + sandwich, warm (${WARM_EXTRA_VOTES} more votes, initial = previous result): median ${formatMs(warm)} ` +
      `(${median(warmSteps)} Newton steps; toData before it ${formatMs(median(warmToData))}) — ${goal(warm, GOAL_FIT_MS)}`,
  );

  const bootstrap = timeRepeated(REPETITIONS, () => {
    rateBattles(data, { ci: "bootstrap", rounds: BOOTSTRAP_ROUNDS });
  });
  console.log(
    `bt: fit + ${BOOTSTRAP_ROUNDS}-round bootstrap, ${real}: median ${formatMs(bootstrap.median)} of ${REPETITIONS}`,
  );

  lines.push({
    figure:
      `Bradley–Terry, ${real} (${votes.models.length} models): aggregate → PairCounts; fit + sandwich cold / warm ` +
      `(+${WARM_EXTRA_VOTES} votes); fit + ${BOOTSTRAP_ROUNDS}-round bootstrap (medians of ${REPETITIONS})`,
    value:
      `${formatMs(aggregate.median)}; ${formatMs(cold.median)} / ${formatMs(warm)} (${goalText(GOAL_FIT_MS)}); ` +
      `${formatMs(bootstrap.median)}; ratings match LMArena's published top 10 within ${gap.rating.toFixed(3)} points`,
  });

  // --- 1.5 M votes resampled from them ----------------------------------------------------
  const rows = resampleRows(votes, RESAMPLED_VOTES, RESAMPLE_SEED);
  const many = `${(RESAMPLED_VOTES / 1e6).toFixed(1)} M resampled votes`;
  let manyCounts = countVotes(votes, rows);
  const manyAggregate = timeRepeated(3, () => {
    manyCounts = countVotes(votes, rows);
  });
  const manyData = manyCounts.toData();
  let manyRated = rateBattles(manyData, { ci: "sandwich" });
  const manyCold = timeRepeated(REPETITIONS, () => {
    manyRated = rateBattles(manyData, { ci: "sandwich" });
  });
  const manyBootstrap = timeRepeated(REPETITIONS, () => {
    rateBattles(manyData, { ci: "bootstrap", rounds: BOOTSTRAP_ROUNDS });
  });
  console.log(
    `bt: ${many} (seed ${RESAMPLE_SEED}, uniform with replacement): aggregate median ${formatMs(manyAggregate.median)} of 3 ` +
      `→ ${count(manyCounts.rowCount)} rows; fit + sandwich median ${formatMs(manyCold.median)} ` +
      `(${manyRated.iterations} Newton steps) — ${goal(manyCold.median, GOAL_FIT_MS)}; ` +
      `fit + ${BOOTSTRAP_ROUNDS}-round bootstrap median ${formatMs(manyBootstrap.median)} — ${goal(manyBootstrap.median, GOAL_BOOTSTRAP_MS)}`,
  );
  lines.push({
    figure: `Bradley–Terry, ${many}: aggregate; fit + sandwich; fit + ${BOOTSTRAP_ROUNDS}-round bootstrap (medians)`,
    value:
      `${formatMs(manyAggregate.median)}; ${formatMs(manyCold.median)} (${goalText(GOAL_FIT_MS)}); ` +
      `${formatMs(manyBootstrap.median)} (${goalText(GOAL_BOOTSTRAP_MS)})`,
  });
  return lines;
}

const typedBytes = (data: PairData) =>
  data.a.byteLength + data.b.byteLength + data.outcome.byteLength + data.count.byteLength;

/**
 * Memory taken by the counts of 135 k and of 1.5 M votes. The votes themselves are held outside
 * (as row indices) and allocated before the first reading, so each delta is the counts alone.
 */
export function benchPairCountsMemory(): SummaryLine[] {
  const votes = readArenaVotes();
  const sizes = [
    { label: `${count(votes.length)} votes`, rows: undefined },
    {
      label: `${(RESAMPLED_VOTES / 1e6).toFixed(1)} M votes`,
      rows: resampleRows(votes, RESAMPLED_VOTES, RESAMPLE_SEED),
    },
  ];
  // A first, unmeasured pass: compiled code's feedback and the like would otherwise land in the
  // first delta and look like data.
  countVotes(votes).toData();
  const results = sizes.map(({ label, rows }) => {
    // A heap reading is only good to a few hundred KiB (pages of the young generation, garbage
    // of module loading), as much as one set of counts: measure several copies held at once.
    const before = settledMemory();
    const copies = Array.from({ length: MEMORY_COPIES }, () => countVotes(votes, rows));
    const afterCounts = settledMemory();
    const data = copies.map((counts) => counts.toData());
    const afterData = settledMemory();
    const result = {
      label,
      total: copies[0]!.total,
      rows: copies[0]!.rowCount,
      counts: (afterCounts - before) / MEMORY_COPIES,
      data: (afterData - afterCounts) / MEMORY_COPIES,
      typed: typedBytes(data[0]!),
    };
    console.log(
      `memory: ${label}: PairCounts ${formatBytes(result.counts)} (${count(result.rows)} rows), ` +
        `PairData ${formatBytes(result.data)} (typed arrays ${formatBytes(result.typed)} of it) — ` +
        `heap + array buffers after full GC, ${MEMORY_COPIES} copies held at once ÷ ${MEMORY_COPIES}`,
    );
    return result;
  });
  const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
  return [
    {
      figure: `Memory of the vote counts (heap + array buffers after full GC), ${small.label} → ${large.label}`,
      value:
        `PairCounts ${formatBytes(small.counts)} → ${formatBytes(large.counts)}, PairData ${formatBytes(small.data)} → ` +
        `${formatBytes(large.data)} (${count(small.rows)} → ${count(large.rows)} rows; ×${(large.total / small.total).toFixed(1)} votes)`,
    },
  ];
}
