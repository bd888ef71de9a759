/**
 * Child process of the push-latency benchmark (bench/pushLatency.ts forks it): opens many
 * socket.io clients that all watch the overall leaderboard, notes when each `leaderboard:update`
 * arrives and with how many votes, and turns that into per-(vote, watcher) delivery latencies.
 *
 * Kept in its own process so that 1,000 clients' parsing does not run on the server's event loop:
 * with 2 cores, the server and the clients then each get one.
 */
import type { ClientToServerEvents, Leaderboard, ServerToClientEvents } from "@arena/shared/protocol";
import { io as connect, type Socket } from "socket.io-client";

import { now, onCommands } from "./benchChild.ts";

type WatcherSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Parent → child (besides BenchChild's pings). */
export type WatchersCommand =
  /** Vote k (1-based) was sent at `sentAt[k − 1]`, on this process's clock; `paced` votes come first. */
  { type: "finish"; sentAt: number[]; paced: number; timeoutMs: number };

export type LatencySummary = { deliveries: number; p50: number; p99: number; max: number };

/** Child → parent (besides the pongs). */
export type WatchersReport =
  | { type: "ready"; watchers: number; connectMs: number; rssMb: number }
  | {
      type: "result";
      all: LatencySummary;
      paced: LatencySummary;
      burst: LatencySummary;
      /** Updates each watcher received (fewest, most). */
      updates: { min: number; max: number };
      /** (vote, watcher) pairs never delivered within the timeout. */
      missing: number;
      rssMb: number;
    };

const send = (report: WatchersReport) => process.send!(report);

type Watcher = { socket: WatcherSocket; battles: number[]; receivedAt: number[] };

async function openWatcher(url: string): Promise<Watcher> {
  const socket: WatcherSocket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  const watcher: Watcher = { socket, battles: [], receivedAt: [] };
  socket.on("leaderboard:update", (table: Leaderboard) => {
    watcher.receivedAt.push(now());
    watcher.battles.push(table.battles);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const ack = await socket.emitWithAck("leaderboard:watch", {});
  if (!ack.ok) throw new Error(`leaderboard:watch refused: ${ack.error.code}`);
  return watcher;
}

function summarise(latencies: Float64Array): LatencySummary {
  const sorted = latencies.slice().sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { deliveries: sorted.length, p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? NaN };
}

async function main(): Promise<void> {
  const [url, countArgument, batchArgument] = process.argv.slice(2);
  const count = Number(countArgument);
  const batch = Number(batchArgument);
  const started = now();
  const watchers: Watcher[] = [];
  // In batches: a thousand simultaneous handshakes would measure the accept queue, not the arena.
  for (let first = 0; first < count; first += batch) {
    const size = Math.min(batch, count - first);
    watchers.push(...(await Promise.all(Array.from({ length: size }, () => openWatcher(url!)))));
  }
  send({
    type: "ready",
    watchers: watchers.length,
    connectMs: now() - started,
    rssMb: process.memoryUsage().rss / 1e6,
  });

  onCommands(async (command: WatchersCommand) => {
    const votes = command.sentAt.length;
    const deadline = now() + command.timeoutMs;
    while (now() < deadline && watchers.some((watcher) => (watcher.battles.at(-1) ?? 0) < votes)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const paced: number[] = [];
    const burst: number[] = [];
    let missing = 0;
    for (const watcher of watchers) {
      // Tables only grow, so the first update holding vote k is found by walking forward.
      let update = 0;
      for (let vote = 1; vote <= votes; vote++) {
        while (update < watcher.battles.length && watcher.battles[update]! < vote) update++;
        if (update === watcher.battles.length) {
          missing += votes - vote + 1;
          break;
        }
        (vote <= command.paced ? paced : burst).push(watcher.receivedAt[update]! - command.sentAt[vote - 1]!);
      }
    }
    const updates = watchers.map((watcher) => watcher.battles.length);
    send({
      type: "result",
      all: summarise(Float64Array.from([...paced, ...burst])),
      paced: summarise(Float64Array.from(paced)),
      burst: summarise(Float64Array.from(burst)),
      updates: { min: Math.min(...updates), max: Math.max(...updates) },
      missing,
      rssMb: process.memoryUsage().rss / 1e6,
    });
    for (const watcher of watchers) watcher.socket.disconnect();
    process.disconnect();
  });
}

await main();
