/**
 * What the operator's parts cost: a rate-limited call (a battle: session and address counters) in
 * memory and, with ARENA_BENCH_POSTGRES_URL (or ARENA_TEST_POSTGRES_URL), in PostgreSQL through
 * the shared counters, one at a time and 50 at once; and one GET /metrics scrape of a server that
 * has taken votes. Everything runs against 127.0.0.1.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";

import pg from "pg";

import { createSharedCounterTable, RateLimits, type RateLimitSettings } from "../server/src/limits/rateLimits.ts";
import { connectClient, expectOk, playBattle, request, startTestServer } from "../test/support/server.ts";
import { count, formatMs, percentile, type SummaryLine } from "./measure.ts";

const POSTGRES_URL = process.env.ARENA_BENCH_POSTGRES_URL || process.env.ARENA_TEST_POSTGRES_URL || undefined;
const CALLS = 2_000;
const CONCURRENT = 50;

/** High enough that no call is refused: the cost of counting, not of refusing. */
const SETTINGS: RateLimitSettings = {
  battlesPerMinute: 1_000_000,
  votesPerMinute: 1_000_000,
  ipBattlesPerMinute: 1_000_000,
  ipVotesPerMinute: 1_000_000,
  connectionsPerIp: 1_000_000,
  apiRequestsPerMinute: 1_000_000,
};

async function timeCalls(limits: RateLimits): Promise<{ p50: number; p99: number; perSecond: number }> {
  const sessions = Array.from({ length: 200 }, () => randomBytes(32).toString("hex"));
  const latencies: number[] = [];
  for (let call = 0; call < CALLS; call++) {
    const started = performance.now();
    await limits.consume("battle", sessions[call % sessions.length]!, `10.0.${call % 50}.1`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((x, y) => x - y);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      while (next < CALLS) {
        const call = next++;
        await limits.consume("battle", sessions[call % sessions.length]!, `10.1.${call % 50}.1`);
      }
    }),
  );
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: CALLS / ((performance.now() - started) / 1000),
  };
}

async function benchLimits(summary: SummaryLine[]): Promise<void> {
  const report = (where: string, figures: { p50: number; p99: number; perSecond: number }) => {
    console.log(
      `  ${where}: one at a time p50 ${formatMs(figures.p50)}, p99 ${formatMs(figures.p99)}; ${CONCURRENT} at once ${count(Math.round(figures.perSecond))} calls/s`,
    );
    summary.push({
      figure: `rate-limited battle call, ${where} (p50 / p99 one at a time; calls/s ${CONCURRENT} at once)`,
      value: `${formatMs(figures.p50)} / ${formatMs(figures.p99)}; ${count(Math.round(figures.perSecond))}/s`,
    });
  };
  console.log(`\nrate limits: ${count(CALLS)} battle calls (session + address counters):`);
  report("in memory", await timeCalls(new RateLimits(SETTINGS)));
  if (!POSTGRES_URL) {
    console.log("  PostgreSQL: skipped (set ARENA_BENCH_POSTGRES_URL)");
    return;
  }
  const name = `arena_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  // The store's pool size (postgres.ts): the counters share it with the votes.
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  // A query still running when the database is dropped ends with an error: not the bench's concern.
  pool.on("error", () => undefined);
  try {
    await createSharedCounterTable(pool);
    report("in PostgreSQL", await timeCalls(new RateLimits(SETTINGS, pool)));
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function benchScrape(summary: SummaryLine[]): Promise<void> {
  const server = await startTestServer();
  try {
    const voter = await connectClient(server.url);
    for (let vote = 0; vote < 50; vote++) {
      const battle = await playBattle(voter);
      expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    }
    voter.disconnect();
    await fetch(`${server.url}/metrics`); // the first scrape starts the process metrics
    const times: number[] = [];
    let bytes = 0;
    for (let scrape = 0; scrape < 200; scrape++) {
      const started = performance.now();
      bytes = (await (await fetch(`${server.url}/metrics`)).text()).length;
      times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    console.log(
      `\nGET /metrics after 50 votes: ${count(bytes)} bytes, p50 ${formatMs(percentile(times, 50))}, p99 ${formatMs(percentile(times, 99))}`,
    );
    summary.push({
      figure: "GET /metrics after 50 votes (p50 / p99, size)",
      value: `${formatMs(percentile(times, 50))} / ${formatMs(percentile(times, 99))}, ${count(bytes)} bytes`,
    });
  } finally {
    await server.close();
  }
}

export async function benchOperations(): Promise<SummaryLine[]> {
  const summary: SummaryLine[] = [];
  await benchLimits(summary);
  await benchScrape(summary);
  return summary;
}
