/**
 * `npm run bench`: prints figures, asserts nothing. Record them in docs/BENCHMARKS.md with the
 * machine and date. Every load goes to 127.0.0.1 only and is bounded in count.
 */
import fs from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import type { Winner } from "@arena/shared/protocol";
import { LeaderboardService } from "../server/src/leaderboard/service.ts";
import type { CountedVote } from "../server/src/store/store.ts";
import { DEMO_PACK, connectClient, expectOk, playBattle, request, startTestServer } from "../test/support/server.ts";

const ARENA_VOTES = new URL("../../shared/data/arena-140k/votes.csv", import.meta.url);

function readArenaVotes(): CountedVote[] {
  const winners: Record<string, Winner> = { model_a: "a", model_b: "b", tie: "tie", both_bad: "bothbad" };
  const start = new Date("2025-01-01T00:00:00Z").getTime();
  return fs
    .readFileSync(ARENA_VOTES, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line, index) => {
      const [battleId, modelA, modelB, winner] = line.split(",");
      return {
        battleId: battleId!,
        modelA: modelA!,
        modelB: modelB!,
        winner: winners[winner!]!,
        language: "en",
        category: null,
        votedAt: new Date(start + index * 1000),
      };
    });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function benchRebuild(): Promise<void> {
  const votes = readArenaVotes();
  const started = performance.now();
  const leaderboards = new LeaderboardService(() => new Date());
  for (const vote of votes) leaderboards.add(vote);
  const table = leaderboards.get({});
  const ms = performance.now() - started;
  console.log(
    `rebuild: ${votes.length} real LMArena votes, ${table.rows.length} models → online Elo table in ${ms.toFixed(0)} ms ` +
      `(${Math.round(votes.length / (ms / 1000)).toLocaleString("en")} votes/s)`,
  );
}

async function benchVotes(clients: number, votesPerClient: number): Promise<void> {
  const server = await startTestServer({ packs: [DEMO_PACK], streamDelayMs: 0 });
  try {
    const sockets = await Promise.all(Array.from({ length: clients }, () => connectClient(server.url)));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      sockets.map(async (socket) => {
        for (let i = 0; i < votesPerClient; i++) {
          const battle = await playBattle(socket);
          const sent = performance.now();
          expectOk(await request(socket, "battle:vote", { battleId: battle.battleId, winner: "a" }));
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((x, y) => x - y);
    console.log(
      `votes: ${clients} clients × ${votesPerClient} battle→vote loops = ${latencies.length} durable votes in ${seconds.toFixed(1)} s ` +
        `→ ${Math.round(latencies.length / seconds)} battles+votes/s; vote ack p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(1)} ms; RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB (server and clients in one process)`,
    );
    for (const socket of sockets) socket.disconnect();
  } finally {
    await server.close();
  }
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
await benchRebuild();
await benchVotes(1, 300);
await benchVotes(50, 20);
process.exit(0);
