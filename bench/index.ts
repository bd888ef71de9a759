/**
 * `npm run bench`: prints figures, asserts nothing. Record them in docs/BENCHMARKS.md with the
 * machine and date (the summary at the end is written for that, and also to
 * /tmp/arena-bench-last-run.md). Every load goes to 127.0.0.1 only and is bounded in count and time.
 *
 * `npx tsx bench/index.ts sampling push` runs only the named benchmarks.
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";

import { DEFAULT_PUSH_INTERVAL_MS } from "../server/src/leaderboard/broadcaster.ts";
import { benchBattleFiles } from "./battleFiles/index.ts";
import { benchLanguage } from "./language.ts";
import { benchLiveStreaming } from "./liveStreaming.ts";
import { machineLine, type SummaryLine } from "./measure.ts";
import { benchPageLoad } from "./pageLoad.ts";
import { benchPushLatency } from "./pushLatency.ts";
import { benchBradleyTerry, benchPairCountsMemory } from "./ratings.ts";
import { benchSampling } from "./sampling.ts";
import { benchStyleControl } from "./styleControl.ts";
import { benchTimeTables } from "./timeTables.ts";
import { benchRebuild, benchVoteLoops } from "./voteLoops.ts";

const SUMMARY_FILE = "/tmp/arena-bench-last-run.md";

const BENCHMARKS: Array<{ name: string; run: () => SummaryLine[] | Promise<SummaryLine[]> }> = [
  // First, while the heap holds little garbage to blur its readings.
  { name: "memory", run: benchPairCountsMemory },
  { name: "bt", run: benchBradleyTerry },
  { name: "style", run: benchStyleControl },
  { name: "files", run: benchBattleFiles },
  { name: "language", run: benchLanguage },
  // 50 ms is the test servers' update interval; DEFAULT_PUSH_INTERVAL_MS is the arena's default (config.ts).
  { name: "push", run: () => benchPushLatency(50) },
  { name: "push", run: () => benchPushLatency(DEFAULT_PUSH_INTERVAL_MS) },
  { name: "sampling", run: benchSampling },
  { name: "rebuild", run: benchRebuild },
  { name: "history", run: benchTimeTables },
  { name: "votes", run: () => benchVoteLoops(1, 300) },
  { name: "votes", run: () => benchVoteLoops(50, 20) },
  { name: "live", run: () => benchLiveStreaming(20) },
  { name: "live", run: () => benchLiveStreaming(100) },
  { name: "page", run: benchPageLoad },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark ${unknown.join(", ")}; known: ${[...new Set(BENCHMARKS.map((b) => b.name))].join(", ")}`,
  );
  process.exit(2);
}

const machine = machineLine();
console.log(machine);
const started = performance.now();
const summary: SummaryLine[] = [];
for (const benchmark of BENCHMARKS) {
  if (wanted.length > 0 && !wanted.includes(benchmark.name)) continue;
  const benchmarkStarted = performance.now();
  summary.push(...(await benchmark.run()));
  console.log(`(${benchmark.name}: ${((performance.now() - benchmarkStarted) / 1000).toFixed(1)} s)`);
}

const markdown = [
  `## ${machine.replace(/^machine: /, "")}`,
  "",
  "| figure | value |",
  "|---|---|",
  ...summary.map(({ figure, value }) => `| ${figure} | ${value} |`),
  "",
  `(\`npm run bench${wanted.length > 0 ? ` -- ${wanted.join(" ")}` : ""}\`, ${((performance.now() - started) / 1000).toFixed(0)} s in all)`,
  "",
].join("\n");
console.log(`\n${markdown}`);
fs.writeFileSync(SUMMARY_FILE, markdown);
console.log(`summary written to ${SUMMARY_FILE}`);
// Every server, socket and child process is closed by now; exit anyway in case a library keeps a
// handle open (a benchmark must end).
process.exit(0);
