/**
 * Start-up with many stored votes: the compiled server (`server/dist/server.js`, as `npm run serve`
 * runs it) started on a SQLite file holding the 135,634 real votes of arena-140k, and on one
 * holding 1.5M distinct votes resampled from them (bench/battleFiles' file); with
 * ARENA_BENCH_POSTGRES_URL, the same on PostgreSQL. For each: the time from spawning the process
 * to the first `200` of `/api/health` (the server listens only once its tables are built) and to
 * the first leaderboard answer, the peak resident memory (the kernel's VmHWM) and the resident
 * memory once settled, each checked against the goal of issue 16.
 *
 * The databases are built once into ARENA_BENCH_STARTUP_DIR (default /tmp/arena-bench-startup)
 * with `arena import-battles` and reused while their vote count is right.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { resampledFile } from "./battleFiles/index.ts";
import { count, median, type SummaryLine } from "./measure.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const VOTES = path.join(ROOT, "..", "shared", "data", "arena-140k", "votes.csv");
const SERVER = path.join(ROOT, "server", "dist", "server.js");
const FOLDER = process.env.ARENA_BENCH_STARTUP_DIR ?? "/tmp/arena-bench-startup";
/** Starts per database; the median time and the largest memory are reported. */
const RUNS = Number(process.env.ARENA_BENCH_STARTUP_RUNS ?? 3);
/** How long the server is left idle after its first leaderboard answer before "settled" memory is read. */
const SETTLE_MS = 3_000;
const SESSION_SECRET = "bench-startup-secret-0123456789abcdef0123456789abcdef";

type Size = { label: string; votes: number; goalSeconds: number; goalMiB: number };

/** Issue 16's goals. */
const SIZES: Size[] = [
  { label: "135,634 votes", votes: 135_634, goalSeconds: 2.5, goalMiB: 200 },
  { label: "1.5M votes", votes: 1_500_000, goalSeconds: 10, goalMiB: 300 },
];

type Start = { healthMs: number; cpuMs: number; leaderboardMs: number; peakMiB: number; settledMiB: number };

export async function benchStartup(): Promise<SummaryLine[]> {
  if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
  fs.mkdirSync(FOLDER, { recursive: true });
  const summary: SummaryLine[] = [];
  const postgresUrl = process.env.ARENA_BENCH_POSTGRES_URL;
  // ARENA_BENCH_STARTUP_VOTES=135634 measures one size only.
  const only = process.env.ARENA_BENCH_STARTUP_VOTES;
  for (const size of SIZES.filter((s) => only === undefined || String(s.votes) === only)) {
    const file = sourceFile(size);
    const sqliteFile = path.join(FOLDER, `votes-${size.votes}.db`);
    if (storedVotesSqlite(sqliteFile) !== size.votes) {
      fs.rmSync(sqliteFile, { force: true });
      importInto({ ARENA_DB: sqliteFile }, file);
    }
    summary.push(...(await measure(`SQLite, ${size.label}`, size, { ARENA_DB: sqliteFile })));
    if (postgresUrl) {
      const databaseUrl = await postgresDatabase(postgresUrl, `arena_bench_startup_${size.votes}`);
      if ((await storedVotesPostgres(databaseUrl)) !== size.votes) {
        await resetPostgres(databaseUrl);
        importInto({ DATABASE_URL: databaseUrl }, file);
      }
      summary.push(...(await measure(`PostgreSQL, ${size.label}`, size, { DATABASE_URL: databaseUrl })));
    }
  }
  return summary;
}

function sourceFile(size: Size): string {
  if (size.votes === 135_634) return VOTES;
  const file = path.join(FOLDER, `votes-${size.votes}.csv`);
  return fs.existsSync(file) ? file : resampledFile(FOLDER, size.votes);
}

function importInto(env: Record<string, string>, file: string): void {
  console.log(`importing ${file} (${Object.keys(env)[0]}) …`);
  const result = spawnSync("npm", ["run", "--silent", "arena", "--", "import-battles", file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "inherit", "pipe"],
  });
  if (result.status !== 0) throw new Error(`import-battles failed: ${result.stderr.slice(-1000)}`);
  console.log(result.stderr.trim());
}

async function measure(label: string, size: Size, env: Record<string, string>): Promise<SummaryLine[]> {
  const starts: Start[] = [];
  for (let run = 0; run < RUNS; run++) starts.push(await startOnce(env));
  const health = median(starts.map((start) => start.healthMs)) / 1000;
  const leaderboard = median(starts.map((start) => start.leaderboardMs)) / 1000;
  const peak = Math.max(...starts.map((start) => start.peakMiB));
  const settled = Math.max(...starts.map((start) => start.settledMiB));
  const mark = (ok: boolean) => (ok ? "✓" : "✗");
  const lines = [
    {
      figure: `start-up, ${label}: serving (/api/health) after`,
      value: `${health.toFixed(2)} s ${mark(health <= size.goalSeconds)} (goal ≤ ${size.goalSeconds} s; runs ${starts.map((s) => (s.healthMs / 1000).toFixed(2)).join(", ")})`,
    },
    {
      figure: `start-up, ${label}: server CPU time until serving (user + system)`,
      value: `${(median(starts.map((start) => start.cpuMs)) / 1000).toFixed(2)} s`,
    },
    {
      figure: `start-up, ${label}: first leaderboard answer after`,
      value: `${leaderboard.toFixed(2)} s ${mark(leaderboard <= size.goalSeconds)}`,
    },
    {
      figure: `start-up, ${label}: resident memory, peak / settled`,
      value: `${peak.toFixed(0)} / ${settled.toFixed(0)} MiB ${mark(peak <= size.goalMiB)} / ${mark(settled <= size.goalMiB)} (goal ≤ ${size.goalMiB} MiB)`,
    },
  ];
  for (const line of lines) console.log(`${line.figure}: ${line.value}`);
  return lines;
}

async function startOnce(env: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["--enable-source-maps", SERVER], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ARENA_SESSION_SECRET: SESSION_SECRET,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const errors: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(child, errors, async () => (await fetch(`${base}/api/health`)).ok);
    const healthMs = performance.now() - started;
    const cpuMs = cpuTimeMs(child.pid!);
    const answer = await fetch(`${base}/api/leaderboard`);
    const board = (await answer.json()) as { battles?: number };
    if (!answer.ok || typeof board.battles !== "number") throw new Error(`leaderboard answered ${answer.status}`);
    const leaderboardMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    console.log(
      `  ${Object.keys(env)[0]}: health ${(healthMs / 1000).toFixed(2)} s (CPU ${(cpuMs / 1000).toFixed(2)} s), leaderboard ${(leaderboardMs / 1000).toFixed(2)} s ` +
        `(${count(board.battles)} battles), peak ${(kib("VmHWM") / 1024).toFixed(0)} MiB, settled ${(kib("VmRSS") / 1024).toFixed(0)} MiB`,
    );
    return { healthMs, cpuMs, leaderboardMs, peakMiB: kib("VmHWM") / 1024, settledMiB: kib("VmRSS") / 1024 };
  } finally {
    await stop(child);
  }
}

async function waitFor(child: ChildProcess, errors: string[], ready: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited at start:\n${errors.join("")}`);
    if (performance.now() > deadline) throw new Error(`the server did not serve within 180 s:\n${errors.join("")}`);
    try {
      if (await ready()) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * CPU time the process has used (user + system), from /proc: on a machine shared with other
 * work, wall time measures the neighbours too, CPU time mostly the server.
 */
function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function storedVotesSqlite(file: string): number {
  if (!fs.existsSync(file)) return -1;
  const result = spawnSync(
    process.execPath,
    [
      "-e",
      "const D=require('better-sqlite3');const d=new D(process.argv[1],{readonly:true});" +
        "try{console.log(d.prepare('SELECT count(*) FROM votes').pluck().get())}catch{console.log(-1)}",
      file,
    ],
    { cwd: path.join(ROOT, "server"), encoding: "utf8" },
  );
  return result.status === 0 ? Number(result.stdout.trim()) : -1;
}

/** The URL of database `name` on the server of `url`, created when missing. */
async function postgresDatabase(url: string, name: string): Promise<string> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

async function storedVotesPostgres(url: string): Promise<number> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM votes")).rows[0]!.n);
  } catch {
    return -1;
  } finally {
    await client.end();
  }
}

/** Drops every table of a benchmark database (the server's migrations make them again). */
async function resetPostgres(url: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  } finally {
    await client.end();
  }
}
