/**
 * Battle files, whole processes side by side: `arena rate` against FastChat's own rating code
 * (pandas read + compute_bt / compute_bootstrap_bt) on the same files, and `arena import-battles`
 * into a new SQLite file (and PostgreSQL with ARENA_BENCH_POSTGRES_URL). Median of 3 runs each,
 * peak memory from /usr/bin/time. Files: the 135,634 real LMArena votes, and 1,500,000 rows
 * resampled from them (seeded) with distinct ids, written to a temporary folder.
 *
 * FastChat's side needs python3 with pandas and scipy (Debian's python3-pandas python3-scipy
 * python3-tqdm) and a FastChat checkout in FASTCHAT_DIR; without them that column says why.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { median, type SummaryLine } from "../measure.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const VOTES = path.join(ROOT, "..", "shared", "data", "arena-140k", "votes.csv");
const FASTCHAT_SCRIPT = fileURLToPath(new URL("fastchat_rate.py", import.meta.url));
const PYTHON = "/usr/bin/python3";
const RUNS = 3;

type Run = { seconds: number; peakMiB: number | null };

/** One whole process: wall time, and peak resident memory where /usr/bin/time can tell. */
function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const timed = fs.existsSync("/usr/bin/time");
  const started = performance.now();
  const result = timed
    ? spawnSync("/usr/bin/time", ["-f", "peak-kib %M", command, ...args], { env, encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(command, args, { env, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr.slice(-500)}`);
  const peak = /peak-kib (\d+)/.exec(result.stderr)?.[1];
  return { seconds, peakMiB: peak === undefined ? null : Number(peak) / 1024 };
}

function medianRun(runs: Run[]): Run {
  const peaks = runs.map((run) => run.peakMiB).filter((peak): peak is number => peak !== null);
  return { seconds: median(runs.map((run) => run.seconds)), peakMiB: peaks.length > 0 ? Math.max(...peaks) : null };
}

/** 1.5M rows drawn with replacement from the real votes (a fixed seed), each with its own id. */
export function resampledFile(folder: string, rows: number): string {
  const file = path.join(folder, `votes-${rows}.csv`);
  const lines = fs.readFileSync(VOTES, "utf8").split("\n");
  const header = lines[0]!;
  const body = lines.slice(1).filter((line) => line !== "");
  let state = 12_345;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const out = fs.openSync(file, "w");
  fs.writeSync(out, `${header}\n`);
  let chunk: string[] = [];
  for (let index = 0; index < rows; index++) {
    const line = body[Math.floor(random() * body.length)]!;
    chunk.push(`resampled-${String(index).padStart(8, "0")}${line.slice(line.indexOf(","))}`);
    if (chunk.length === 10_000) {
      fs.writeSync(out, `${chunk.join("\n")}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) fs.writeSync(out, `${chunk.join("\n")}\n`);
  fs.closeSync(out);
  return file;
}

function fastChatDir(): string {
  return process.env.FASTCHAT_DIR ?? "";
}

function fastChatMissing(): string | null {
  const dir = fastChatDir();
  if (dir === "" || !fs.existsSync(path.join(dir, "fastchat/serve/monitor/rating_systems.py"))) {
    return "skipped: set FASTCHAT_DIR to a FastChat checkout";
  }
  const probe = spawnSync(PYTHON, ["-c", "import pandas, scipy, tqdm"], { encoding: "utf8" });
  if (probe.status !== 0)
    return "skipped: python3 lacks pandas/scipy/tqdm (apt-get install python3-pandas python3-scipy python3-tqdm)";
  return null;
}

const seconds = (run: Run) => `${run.seconds.toFixed(2)} s`;
const memory = (run: Run) => (run.peakMiB === null ? "" : `, peak ${run.peakMiB.toFixed(0)} MiB`);

export async function benchBattleFiles(): Promise<SummaryLine[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "arena-bench-files-"));
  const summary: SummaryLine[] = [];
  try {
    const big = resampledFile(folder, 1_500_000);
    // Compiled once before timing (the launcher rebuilds only when a source changed).
    runProcess(process.execPath, [path.join(ROOT, "scripts/arena.mjs"), "--help"]);
    const arena = (args: string[], env?: NodeJS.ProcessEnv) =>
      runProcess(process.execPath, [path.join(ROOT, "scripts/arena.mjs"), ...args], env);
    const skip = fastChatMissing();
    const cases: Array<{ label: string; file: string; rounds: number }> = [
      { label: "rate 135,634 real votes", file: VOTES, rounds: 0 },
      { label: "rate 1.5M votes (resampled)", file: big, rounds: 0 },
      { label: "rate --ci bootstrap --rounds 100 on 1.5M", file: big, rounds: 100 },
    ];
    console.log("\n## battle files: whole processes, median of 3 (arena | FastChat compute_bt with pandas read)");
    for (const { label, file, rounds } of cases) {
      const args = ["rate", file, ...(rounds > 0 ? ["--ci", "bootstrap", "--rounds", String(rounds)] : [])];
      const ours = medianRun(Array.from({ length: RUNS }, () => arena(args)));
      let theirs: Run | null = null;
      if (skip === null) {
        const pythonArgs = [FASTCHAT_SCRIPT, fastChatDir(), file, ...(rounds > 0 ? [String(rounds)] : [])];
        theirs = medianRun(Array.from({ length: RUNS }, () => runProcess(PYTHON, pythonArgs)));
      }
      const ratio = theirs ? ` — ${(theirs.seconds / ours.seconds).toFixed(1)}× faster` : "";
      const line = `${seconds(ours)}${memory(ours)} | FastChat ${theirs ? seconds(theirs) + memory(theirs) : skip}${ratio}`;
      console.log(`${label}: ${line}`);
      summary.push({ figure: label, value: line });
    }

    const imports: Array<{ label: string; file: string }> = [
      { label: "import-battles 135,634 votes, new SQLite file", file: VOTES },
      { label: "import-battles 1,500,000 distinct votes, new SQLite file", file: big },
    ];
    for (const { label, file } of imports) {
      const runs = Array.from({ length: RUNS }, (_, index) => {
        const db = path.join(folder, `import-${index}.db`);
        const run = arena(["import-battles", file], { ...process.env, ARENA_DB: db, DATABASE_URL: "" });
        for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${db}${suffix}`, { force: true });
        return run;
      });
      const run = medianRun(runs);
      console.log(`${label}: ${seconds(run)}${memory(run)}`);
      summary.push({ figure: label, value: `${seconds(run)}${memory(run)}` });
    }
    const postgres = process.env.ARENA_BENCH_POSTGRES_URL;
    if (postgres) {
      const runs = Array.from({ length: RUNS }, (_, index) => {
        const database = `arena_bench_import_${process.pid}_${index}`;
        const admin = (sql: string) => spawnSync("psql", [postgres, "-qc", sql], { encoding: "utf8" });
        admin(`CREATE DATABASE ${database}`);
        const url = postgres.replace(/\/[^/]*$/, `/${database}`);
        try {
          return arena(["import-battles", VOTES], { ...process.env, DATABASE_URL: url });
        } finally {
          admin(`DROP DATABASE ${database}`);
        }
      });
      const run = medianRun(runs);
      console.log(`import-battles 135,634 votes, PostgreSQL: ${seconds(run)}${memory(run)}`);
      summary.push({ figure: "import-battles 135,634 votes, PostgreSQL", value: `${seconds(run)}${memory(run)}` });
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  return summary;
}
