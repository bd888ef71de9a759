/**
 * Vote → pushed table latency with many watchers: the real server on 127.0.0.1, 1,000 socket.io
 * clients watching the overall leaderboard (in a child process, bench/watchers.ts), and one voter
 * here playing battles and voting, paced and then in a burst. For each (vote, watcher): the time
 * from emitting `battle:vote` to that watcher receiving the first `leaderboard:update` whose
 * `battles` includes the vote.
 */
import os from "node:os";
import { fileURLToPath } from "node:url";

import {
  connectClient,
  DEMO_PACK,
  expectOk,
  playBattle,
  type PlayedBattle,
  request,
  startTestServer,
} from "../test/support/server.ts";
import { BenchChild, now } from "./benchChild.ts";
import { count, formatMs, type SummaryLine } from "./measure.ts";
import type { LatencySummary, WatchersCommand, WatchersReport } from "./watchers.ts";

const WATCHERS = 1000;
const CONNECT_BATCH = 100;
const PACED_VOTES = 200;
const PACE_MS = 20;
const BURST_VOTES = 100;
const GOAL_P99_MS = 250;
/** Bound on the wait for the last update to reach every watcher. */
const DELIVERY_TIMEOUT_MS = 15_000;

const WATCHERS_SCRIPT = fileURLToPath(new URL("./watchers.ts", import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const latencyText = (summary: LatencySummary) =>
  `p50 ${formatMs(summary.p50)}, p99 ${formatMs(summary.p99)}, max ${formatMs(summary.max)}`;

export async function benchPushLatency(leaderboardIntervalMs: number): Promise<SummaryLine[]> {
  const server = await startTestServer({
    packs: [DEMO_PACK],
    battles: { streamDelayMs: 0 },
    leaderboard: { pushIntervalMs: leaderboardIntervalMs },
  });
  const watchers = new BenchChild<WatchersCommand, WatchersReport>("watchers", WATCHERS_SCRIPT, [
    server.url,
    String(WATCHERS),
    String(CONNECT_BATCH),
  ]);
  const voter = await connectClient(server.url);
  try {
    const ready = await watchers.next("ready");
    const clock = await watchers.clockOffset();
    const sentAt: number[] = [];
    const vote = (battle: PlayedBattle) => {
      sentAt.push(now() + clock.offset);
      return request(voter, "battle:vote", {
        battleId: battle.battleId,
        winner: sentAt.length % 3 === 0 ? "tie" : "a",
      });
    };

    // Paced: one battle → vote every PACE_MS, as a steady stream of voters would.
    const pacedStart = now();
    for (let i = 1; i <= PACED_VOTES; i++) {
      const battle = await playBattle(voter);
      const wait = pacedStart + i * PACE_MS - now();
      if (wait > 0) await sleep(wait);
      expectOk(await vote(battle));
    }
    // Burst: battles played first, then all their votes at once.
    const battles: PlayedBattle[] = [];
    for (let i = 0; i < BURST_VOTES; i++) battles.push(await playBattle(voter));
    for (const ack of await Promise.all(battles.map(vote))) expectOk(ack);

    const result = watchers.next("result", DELIVERY_TIMEOUT_MS + 30_000);
    watchers.send({ type: "finish", sentAt, paced: PACED_VOTES, timeoutMs: DELIVERY_TIMEOUT_MS });
    const { all, paced, burst, updates, missing, rssMb } = await result;
    await watchers.stop();

    const votes = PACED_VOTES + BURST_VOTES;
    const serverRss = process.memoryUsage().rss / 1e6;
    console.log(
      `push: ${count(ready.watchers)} watchers (websocket, connected ${CONNECT_BATCH} at a time in ${formatMs(ready.connectMs)}) ` +
        `in a child process, server + voter in this one (2 processes on ${os.availableParallelism()} cores); ` +
        `update interval ${leaderboardIntervalMs} ms; clock offset ${clock.offset.toFixed(2)} ms (ping ${clock.roundTrip.toFixed(2)} ms)`,
    );
    console.log(
      `push: ${votes} votes (${PACED_VOTES} paced every ${PACE_MS} ms + a burst of ${BURST_VOTES}) → ${count(all.deliveries)} ` +
        `(vote, watcher) deliveries${missing ? `, ${count(missing)} NOT delivered within ${formatMs(DELIVERY_TIMEOUT_MS)}` : ""}: ` +
        `${latencyText(all)} — ${all.p99 <= GOAL_P99_MS ? "within" : "OVER"} goal p99 ≤ ${GOAL_P99_MS} ms; ` +
        `paced ${latencyText(paced)}; burst ${latencyText(burst)}; ` +
        `${updates.min === updates.max ? updates.min : `${updates.min}–${updates.max}`} updates pushed per watcher for ${votes} votes; ` +
        `RSS server ${Math.round(serverRss)} MB, watchers ${Math.round(rssMb)} MB`,
    );
    return [
      {
        figure:
          `Vote → pushed leaderboard, ${count(WATCHERS)} watching sockets (child process; server + voter in the bench process, ` +
          `2 cores shared), update interval ${leaderboardIntervalMs} ms, ${PACED_VOTES} paced + ${BURST_VOTES} burst votes`,
        value:
          `${latencyText(all)} over ${count(all.deliveries)} deliveries (goal p99 ≤ ${GOAL_P99_MS} ms); ` +
          `${updates.max} updates for ${votes} votes${missing ? `; ${count(missing)} undelivered` : ""}`,
      },
    ];
  } finally {
    voter.disconnect();
    watchers.kill();
    await server.close();
  }
}
