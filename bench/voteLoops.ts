/**
 * The server's own paths: rebuilding the online-Elo table from the real votes, and battle → stream
 * → vote loops against the real server (SQLite, socket.io) with 1 and with 50 clients.
 */
import { performance } from "node:perf_hooks";

import { LeaderboardService } from "../server/src/leaderboard/service.ts";
import { connectClient, DEMO_PACK, expectOk, playBattle, request, startTestServer } from "../test/support/server.ts";
import { arenaStoredVotes } from "./arenaVotes.ts";
import { count, formatMs, percentile, type SummaryLine } from "./measure.ts";

export function benchRebuild(): SummaryLine[] {
  const votes = arenaStoredVotes();
  const started = performance.now();
  const leaderboards = new LeaderboardService(() => new Date());
  for (const vote of votes) leaderboards.add(vote);
  const table = leaderboards.get({});
  const ms = performance.now() - started;
  const rate = count(Math.round(votes.length / (ms / 1000)));
  console.log(
    `rebuild: ${count(votes.length)} real LMArena votes, ${table.rows.length} models → online Elo + Bradley–Terry table ` +
      `in ${formatMs(ms)} (${rate} votes/s)`,
  );
  return [
    {
      figure: `Rebuild the leaderboard (online Elo, then one Bradley–Terry fit) from the ${count(votes.length)} real votes, in memory`,
      value: `${formatMs(ms)} (${rate} votes/s)`,
    },
  ];
}

export async function benchVoteLoops(clients: number, votesPerClient: number): Promise<SummaryLine[]> {
  const server = await startTestServer({ packs: [DEMO_PACK], battles: { streamDelayMs: 0 } });
  const sockets = await Promise.all(Array.from({ length: clients }, () => connectClient(server.url)));
  try {
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
    const rate = Math.round(latencies.length / seconds);
    const acks = `vote ack p50 ${formatMs(percentile(latencies, 50))}, p99 ${formatMs(percentile(latencies, 99))}`;
    const rss = Math.round(process.memoryUsage().rss / 1e6);
    const who = `${clients} client${clients > 1 ? "s" : ""}`;
    console.log(
      `votes: ${who} × ${votesPerClient} battle→vote loops = ${count(latencies.length)} durable votes in ${seconds.toFixed(1)} s ` +
        `→ ${rate} battles+votes/s; ${acks}; RSS ${rss} MB (server and clients in one process)`,
    );
    return [
      {
        figure: `${who} × ${votesPerClient} battle → stream → vote loops (demo pack, no stream delay; server and clients in one process)`,
        value: `${rate} battles+votes/s; ${acks}; RSS ${rss} MB`,
      },
    ];
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.close();
  }
}
