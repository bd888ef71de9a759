/**
 * Live streaming through the arena: 100 concurrent live battles (two live models, so 200 upstream
 * SSE streams) against a fake OpenAI-compatible server that streams every answer at a fixed rate.
 *
 * Three processes on the machine's cores: the fake server (child, bench/liveStreamingChild.ts
 * `upstream`), the arena (createApp, in this process), and 100 socket.io clients (child, `clients`).
 * Every chunk's text carries the time the fake wrote it, so each `battle:chunk` gives one
 * fake-write → client-receive latency. The same measurement for direct SSE readers (the openai SDK
 * in this process, 2 streams per "battle", no arena in between) is the baseline; the arena's added
 * latency per chunk is the difference of the two distributions' percentiles. Time to first chunk is
 * `battle:start` sent → first `battle:chunk` received, of which the fake itself waits one interval.
 *
 * All battles start at once, so the first chunks include the burst of 100 starts (each recorded in
 * SQLite before it streams); per-chunk figures are also given for the chunks written once every
 * stream was flowing, which is the streaming overhead alone.
 */
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import OpenAI from "openai";

import { DEFAULT_PUSH_INTERVAL_MS } from "../server/src/leaderboard/broadcaster.ts";
import { liveModel, startTestServer } from "../test/support/server.ts";
import { BenchChild, now, ownCpuMs } from "./benchChild.ts";
import type { LiveChildCommand, LiveChildReport } from "./liveStreamingChild.ts";
import { count, formatMs, percentile, type SummaryLine } from "./measure.ts";

const BATTLES = 100;
const MODELS = ["live-a", "live-b"];
const CHUNKS = 50;
const GOAL_P99_ADDED_MS = 5;
const PROMPT = "Count slowly to fifty, one number per line.";
/** Bound on one run (an answer takes CHUNKS × the interval, 1-5 s). */
const RUN_TIMEOUT_MS = 30_000;
/** Above this share of a core used by other processes during the runs, the figures are flagged as disturbed. */
const DISTURBED_SHARE = 0.1;
/** Measured runs of each kind (through the arena, direct), pooled. */
const ROUNDS = 2;

const CHILD_SCRIPT = fileURLToPath(new URL("./liveStreamingChild.ts", import.meta.url));

/** A forked bench/liveStreamingChild.ts. */
type LiveChild = BenchChild<LiveChildCommand, LiveChildReport>;

const startChild = (name: string, args: string[]): LiveChild =>
  new BenchChild<LiveChildCommand, LiveChildReport>(name, CHILD_SCRIPT, args);

/** Stops the child: its last figures, once it has exited. */
async function stopChild(child: LiveChild): Promise<Extract<LiveChildReport, { type: "stopped" }>> {
  const stopped = child.next("stopped", 10_000);
  child.send({ type: "stop" });
  const report = await stopped;
  await child.stop();
  return report;
}

type Distribution = { n: number; p50: number; p99: number; max: number };

function distribution(values: readonly number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  return sorted.length === 0
    ? { n: 0, p50: NaN, p99: NaN, max: NaN }
    : { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1]! };
}

const text = (d: Distribution) => `p50 ${formatMs(d.p50)}, p99 ${formatMs(d.p99)}, max ${formatMs(d.max)}`;
const signedMs = (ms: number) => (ms < 0 ? `−${formatMs(-ms)}` : `+${formatMs(ms)}`);

/** One run's figures (or several runs' pooled), every time on this process's clock. */
type RunFigures = {
  /** Per chunk: received − written by the fake. */
  chunkDelays: number[];
  /** The same for the chunks the fake wrote once every stream of the run had delivered its first chunk. */
  steadyDelays: number[];
  /** Per battle (pair of direct streams): start → first chunk of either side. */
  firstChunk: number[];
  /** Per battle: start → the fake's write of that first chunk. */
  firstStamp: number[];
  /** Per battle: battle:start → its ack (empty for direct streams). */
  ack: number[];
  errors: string[];
  missingChunks: number;
};

const emptyFigures = (): RunFigures => ({
  chunkDelays: [],
  steadyDelays: [],
  firstChunk: [],
  firstStamp: [],
  ack: [],
  errors: [],
  missingChunks: 0,
});

function pool(into: RunFigures, from: RunFigures): void {
  into.chunkDelays.push(...from.chunkDelays);
  into.steadyDelays.push(...from.steadyDelays);
  into.firstChunk.push(...from.firstChunk);
  into.firstStamp.push(...from.firstStamp);
  into.ack.push(...from.ack);
  into.errors.push(...from.errors);
  into.missingChunks += from.missingChunks;
}

/** Delays of the chunks written at or after `from` (stamps and `from` on the same clock). */
function steady(delays: readonly number[], stamps: readonly number[], from: number): number[] {
  return delays.filter((_, index) => stamps[index]! >= from);
}

/** `pairs` × 2 direct SSE streams through the openai SDK, all started at once. */
async function directRun(client: OpenAI, pairs: number, upstreamOffset: number): Promise<RunFigures> {
  const figures = emptyFigures();
  const stamps: number[] = [];
  let allFlowingAt = -Infinity;
  const stream = async (model: string, first: { at: number; stamp: number }) => {
    let received = 0;
    try {
      const chunks = await client.chat.completions.create(
        { model, messages: [{ role: "user", content: PROMPT }], stream: true },
        { maxRetries: 0, timeout: RUN_TIMEOUT_MS },
      );
      for await (const chunk of chunks) {
        const content = chunk.choices[0]?.delta.content;
        if (!content) continue;
        const at = now();
        // The fake's stamp, moved onto our clock.
        const stamp = Number(content.slice(content.indexOf(":") + 1)) - upstreamOffset;
        figures.chunkDelays.push(at - stamp);
        stamps.push(stamp);
        if (received++ === 0) allFlowingAt = Math.max(allFlowingAt, at);
        if (Number.isNaN(first.at)) Object.assign(first, { at, stamp });
      }
    } catch (error) {
      figures.errors.push(`direct: ${error instanceof Error ? error.message : String(error)}`);
    }
    figures.missingChunks += CHUNKS - received;
  };
  await Promise.all(
    Array.from({ length: pairs }, async () => {
      const sentAt = now();
      const first = { at: NaN, stamp: NaN };
      await Promise.all(MODELS.map((model) => stream(model, first)));
      if (Number.isNaN(first.at)) return;
      figures.firstChunk.push(first.at - sentAt);
      figures.firstStamp.push(first.stamp - sentAt);
    }),
  );
  figures.steadyDelays = steady(figures.chunkDelays, stamps, allFlowingAt);
  return figures;
}

/** `battles` live battles through the arena, all started at once by the clients' process. */
async function arenaRun(
  clients: LiveChild,
  battles: number,
  offsets: { upstream: number; clients: number },
  id: number,
): Promise<RunFigures> {
  const pending = clients.next("result", RUN_TIMEOUT_MS + 30_000);
  clients.send({ type: "run", id, battles, prompt: PROMPT, chunksPerSide: CHUNKS, timeoutMs: RUN_TIMEOUT_MS });
  const result = await pending;
  // Receive (clients' clock) − stamp (upstream's clock), moved onto ours: + upstream − clients.
  const shift = offsets.upstream - offsets.clients;
  const chunkDelays = result.chunkDelays.map((delay) => delay + shift);
  const stamps = result.chunkStamps.map((stamp) => stamp - offsets.upstream);
  const allFlowingAt = (result.allFlowingAt ?? Infinity) - offsets.clients;
  const errors = [
    ...Object.entries(result.refused).map(([code, n]) => `${n} battle:start refused (${code})`),
    ...(result.failedEnds ? [`${result.failedEnds} failed ends (${result.endErrors.join("; ")})`] : []),
    ...(result.unfinished > 0 ? [`${result.unfinished} battles unfinished after ${formatMs(RUN_TIMEOUT_MS)}`] : []),
    ...(result.badChunks > 0 ? [`${result.badChunks} chunks out of order or unreadable`] : []),
  ];
  return {
    chunkDelays,
    steadyDelays: steady(chunkDelays, stamps, allFlowingAt),
    firstChunk: result.firstChunk,
    firstStamp: result.firstStamp.map((delay) => delay - shift),
    ack: result.ack,
    errors,
    missingChunks: result.missingChunks,
  };
}

/** CPU used during runs, as a share of one core (100% = one core busy all the time). */
type Load = {
  arena: number;
  clients: number;
  fake: number;
  /** Every process of the machine (os.cpus()), to tell how much others (not this benchmark) used. */
  machine: number;
  wallMs: number;
  /** This process's event-loop delay: the worst p99 and max of the runs. */
  loopP99: number;
  loopMax: number;
};
const emptyLoad = (): Load => ({ arena: 0, clients: 0, fake: 0, machine: 0, wallMs: 0, loopP99: 0, loopMax: 0 });

/** CPU time of every process on the machine so far, ms (idle and iowait excluded). */
const machineCpuMs = () =>
  os.cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);

/** Runs `run` and adds the CPU time each process used meanwhile to `load`. */
async function measuringCpu<T>(upstream: LiveChild, clients: LiveChild, load: Load, run: () => Promise<T>): Promise<T> {
  const before = {
    arena: ownCpuMs(),
    clients: await clients.cpuMs(),
    fake: await upstream.cpuMs(),
    machine: machineCpuMs(),
    at: performance.now(),
  };
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const result = await run();
  loop.disable();
  load.loopP99 = Math.max(load.loopP99, loop.percentile(99) / 1e6);
  load.loopMax = Math.max(load.loopMax, loop.max / 1e6);
  load.wallMs += performance.now() - before.at;
  load.arena += ownCpuMs() - before.arena;
  load.clients += (await clients.cpuMs()) - before.clients;
  load.fake += (await upstream.cpuMs()) - before.fake;
  load.machine += machineCpuMs() - before.machine;
  return result;
}

const loadText = (load: Load) => {
  const share = (ms: number) => `${((100 * ms) / load.wallMs).toFixed(0)}%`;
  return (
    `CPU: this process ${share(load.arena)}, clients ${share(load.clients)}, fake ${share(load.fake)}, ` +
    `other processes on the machine ${share(Math.max(0, load.machine - load.arena - load.clients - load.fake))} of one core; ` +
    `this process's event loop delayed p99 ${formatMs(load.loopP99)}, max ${formatMs(load.loopMax)}`
  );
};

/**
 * 100 concurrent live battles whose two models each stream CHUNKS chunks, one every `intervalMs`:
 * ROUNDS runs through the arena and as many of direct streams, pooled, after one of each as warm-up.
 */
export async function benchLiveStreaming(intervalMs: number): Promise<SummaryLine[]> {
  const upstream = startChild("fake OpenAI server", ["upstream", String(CHUNKS), String(intervalMs), ...MODELS]);
  let clients: LiveChild | undefined;
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  try {
    const { baseURL } = await upstream.next("ready");
    const upstreamClock = await upstream.clockOffset();
    server = await startTestServer({
      leaderboard: { pushIntervalMs: DEFAULT_PUSH_INTERVAL_MS },
      live: {
        models: MODELS.map((id) =>
          liveModel(id, baseURL!, {
            maxConcurrent: 2 * BATTLES,
            firstTokenTimeoutMs: RUN_TIMEOUT_MS,
            totalTimeoutMs: RUN_TIMEOUT_MS,
          }),
        ),
      },
    });
    clients = startChild("clients", ["clients", server.url, String(BATTLES)]);
    const ready = await clients.next("ready");
    const clientsClock = await clients.clockOffset();
    const offsets = { upstream: upstreamClock.offset, clients: clientsClock.offset };
    const direct = new OpenAI({ baseURL: baseURL!, apiKey: "not-needed", maxRetries: 0, logLevel: "off" });

    // Warm-up, discarded: JIT, and the upstream connections (200 of them) opened once and kept alive.
    await directRun(direct, BATTLES, offsets.upstream);
    await arenaRun(clients, BATTLES, offsets, 0);

    const arena = emptyFigures();
    const directs = emptyFigures();
    const arenaLoad = emptyLoad();
    const directLoad = emptyLoad();
    for (let round = 1; round <= ROUNDS; round++) {
      pool(
        directs,
        await measuringCpu(upstream, clients, directLoad, () => directRun(direct, BATTLES, offsets.upstream)),
      );
      pool(arena, await measuringCpu(upstream, clients, arenaLoad, () => arenaRun(clients!, BATTLES, offsets, round)));
    }
    const clientsStopped = await stopChild(clients);
    const upstreamStopped = await stopChild(upstream);

    const chunksPerSecond = (2 * BATTLES * 1000) / intervalMs;
    const through = { all: distribution(arena.chunkDelays), steady: distribution(arena.steadyDelays) };
    const directly = { all: distribution(directs.chunkDelays), steady: distribution(directs.steadyDelays) };
    const added = (kind: "all" | "steady") => ({
      p50: through[kind].p50 - directly[kind].p50,
      p99: through[kind].p99 - directly[kind].p99,
    });
    const addedText = (kind: "all" | "steady") => `p50 ${signedMs(added(kind).p50)}, p99 ${signedMs(added(kind).p99)}`;
    const verdict = (kind: "all" | "steady") => (added(kind).p99 <= GOAL_P99_ADDED_MS ? "within" : "OVER");
    const errors = [
      ...arena.errors,
      ...(arena.missingChunks ? [`${count(arena.missingChunks)} chunks missing through the arena`] : []),
      ...directs.errors.slice(0, 3),
      ...(directs.missingChunks ? [`${count(directs.missingChunks)} direct chunks missing`] : []),
    ];
    // Other processes' work delays ours on 2 cores: say so beside the figures rather than let them pass as the arena's.
    const othersShare = (load: Load) => Math.max(0, load.machine - load.arena - load.clients - load.fake) / load.wallMs;
    const busiest = Math.max(othersShare(arenaLoad), othersShare(directLoad));
    const disturbed =
      busiest > DISTURBED_SHARE
        ? ` (DISTURBED: other processes used ${(100 * busiest).toFixed(0)}% of a core meanwhile; run again on a quiet machine)`
        : "";
    const firstChunk = distribution(arena.firstChunk);
    const directFirst = distribution(directs.firstChunk);
    const label = `live ${intervalMs} ms`;

    console.log(
      `${label}: ${BATTLES} concurrent live battles × 2 models = ${2 * BATTLES} upstream SSE streams of ${CHUNKS} chunks, one ` +
        `every ${intervalMs} ms (the first after ${intervalMs} ms; ${count(chunksPerSecond)} chunks/s in all), all battles ` +
        `started at once, ${ROUNDS} rounds after one warm-up round; fake OpenAI server in a child, arena and the direct ` +
        `readers (openai SDK, 2 streams per battle, run alone) in this process, ${count(ready.clients ?? 0)} socket.io ` +
        `clients (websocket) in another child — 3 processes on ${os.availableParallelism()} cores; clock offsets fake ` +
        `${upstreamClock.offset.toFixed(3)} ms (ping ${upstreamClock.roundTrip.toFixed(2)} ms), clients ` +
        `${clientsClock.offset.toFixed(3)} ms (ping ${clientsClock.roundTrip.toFixed(2)} ms)`,
    );
    console.log(
      `${label}: per chunk, fake write → receive: through the arena ${text(through.all)} over ${count(through.all.n)} chunks, ` +
        `${text(through.steady)} over the ${count(through.steady.n)} written once all ${2 * BATTLES} streams were flowing; ` +
        `direct ${text(directly.all)} over ${count(directly.all.n)}, ${text(directly.steady)} over ${count(directly.steady.n)} ` +
        `flowing`,
    );
    console.log(
      `${label}: added by the arena, all chunks ${addedText("all")} — ${verdict("all")} goal p99 ≤ ${GOAL_P99_ADDED_MS} ms; ` +
        `all streams flowing ${addedText("steady")} — ${verdict("steady")} goal${disturbed}`,
    );
    console.log(
      `${label}: battle:start → first battle:chunk ${text(firstChunk)} over ${count(firstChunk.n)} battles (the fake wrote ` +
        `that chunk ${text(distribution(arena.firstStamp))} after the start, its own wait being ${intervalMs} ms); ack of ` +
        `battle:start ${text(distribution(arena.ack))}; direct request → first chunk ${text(directFirst)} (fake write ` +
        `${text(distribution(directs.firstStamp))} after)`,
    );
    console.log(
      `${label}: through the arena ${loadText(arenaLoad)}; direct ${loadText(directLoad)}; RSS this process ` +
        `${Math.round(process.memoryUsage().rss / 1e6)} MB, clients ${Math.round(clientsStopped.rssMb)} MB, fake ` +
        `${Math.round(upstreamStopped.rssMb)} MB; the fake served ${count(upstreamStopped.streams)} streams, ` +
        `${count(upstreamStopped.notCompleted)} not completed; errors: ${errors.length > 0 ? errors.join("; ") : "none"}`,
    );

    const setting =
      `${BATTLES} concurrent live battles started at once, ${2 * BATTLES} upstream SSE streams of ${CHUNKS} chunks every ` +
      `${intervalMs} ms (${count(chunksPerSecond)} chunks/s; fake OpenAI server and ${BATTLES} socket.io clients in child ` +
      `processes, 3 processes on 2 cores)`;
    return [
      {
        figure:
          `Live streaming, ${setting}: latency per chunk added by the arena (fake write → client receive, ` +
          `minus the same for direct openai-SDK readers)`,
        value:
          `all chunks ${addedText("all")} (arena ${text(through.all)}; direct ${text(directly.all)}; ` +
          `${count(through.all.n)} + ${count(directly.all.n)} chunks); once all streams flow ${addedText("steady")} ` +
          `(arena ${text(through.steady)}; direct ${text(directly.steady)}) — goal p99 added ≤ ${GOAL_P99_ADDED_MS} ms; ` +
          `${errors.length > 0 ? `${errors.length} errors, see the log` : "no errors"}${disturbed}`,
      },
      {
        figure: `Live streaming, ${setting}: battle:start → first battle:chunk at the client (the fake waits ${intervalMs} ms before its first chunk)`,
        value:
          `${text(firstChunk)} over ${count(firstChunk.n)} battles; ack ${text(distribution(arena.ack))}; ` +
          `direct SSE request → first chunk ${text(directFirst)}${disturbed}`,
      },
    ];
  } finally {
    clients?.kill();
    upstream.kill();
    await server?.close();
  }
}
