/**
 * Child processes of the live-streaming benchmark (bench/liveStreaming.ts forks this file twice):
 *
 * - `upstream`: the fake OpenAI-compatible server (test/support/fakeOpenAI.ts) streaming every answer
 *   at a fixed rate. Each chunk's text is `<seq>:<send time> `, the send time taken on this process's
 *   clock (performance.timeOrigin + performance.now()) at the moment the chunk is serialised for
 *   `res.write`, i.e. after the fake's pause, not when the answer was planned.
 * - `clients`: many socket.io clients, one live battle each; notes when each `battle:chunk` arrives
 *   and, from its text, when the fake sent it.
 *
 * Each in its own process so that neither the fake's timers nor the clients' parsing run on the
 * arena's event loop (nor on each other's).
 */
import type { BattleChunk, BattleEnd, ClientToServerEvents, ServerToClientEvents } from "@arena/shared/protocol";
import { io as connect, type Socket } from "socket.io-client";

import { type FakeBehaviour, fixedRate, startFakeOpenAI } from "../test/support/fakeOpenAI.ts";
import { now, onCommands } from "./benchChild.ts";

type ArenaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Parent → child, besides BenchChild's pings (`run` is for clients, `stop` for both). */
export type LiveChildCommand =
  /** Starts `battles` live battles at once (one per client) and waits for their ends. */
  | { type: "run"; id: number; battles: number; prompt: string; chunksPerSide: number; timeoutMs: number }
  | { type: "stop" };

/** What one run of battles gave, on the clients' clock (chunk stamps on the upstream's). */
export type ClientsRunResult = {
  type: "result";
  id: number;
  /** Per received chunk: receive time − the stamp in its text (clients' clock − upstream's clock). */
  chunkDelays: number[];
  /** Per received chunk, in the same order: the stamp (upstream's clock). */
  chunkStamps: number[];
  /** When the last of the battles' sides received its first chunk (clients' clock), sides without a chunk aside. */
  allFlowingAt: number;
  /** Per battle with a chunk: first `battle:chunk` (either side) − `battle:start` sent (same clock). */
  firstChunk: number[];
  /** Per battle with a chunk: stamp of that first chunk − `battle:start` sent (upstream's − clients' clock). */
  firstStamp: number[];
  /** Per accepted battle: ack received − `battle:start` sent. */
  ack: number[];
  /** Refused `battle:start`s, by error code. */
  refused: Record<string, number>;
  /** `battle:end`s with ok: false, and their messages (first few). */
  failedEnds: number;
  endErrors: string[];
  /** Chunks expected but not received, and chunks that arrived out of order or unparseable. */
  missingChunks: number;
  badChunks: number;
  /** Battles whose two ends had not arrived by the timeout. */
  unfinished: number;
  rssMb: number;
};

/** Child → parent (besides the pongs). */
export type LiveChildReport =
  | { type: "ready"; baseURL?: string; clients?: number; connectMs?: number }
  | ClientsRunResult
  | { type: "stopped"; streams: number; completed: number; notCompleted: number; rssMb: number };

const send = (report: LiveChildReport) => process.send!(report);

/** `count` chunks whose JSON form is `<seq>:<now> `, evaluated when the fake serialises each one. */
function stampedChunks(count: number): string[] {
  return Array.from({ length: count }, (_, seq) => {
    const text = () => `${seq}:${now().toFixed(3)} `;
    // The fake writes `JSON.stringify({ content: chunk })`, which calls toJSON right before res.write.
    return { toJSON: text, toString: text } as unknown as string;
  });
}

async function upstream(chunks: number, intervalMs: number, models: string[]): Promise<void> {
  const behaviour: FakeBehaviour = { ...fixedRate(chunks, intervalMs), chunks: () => stampedChunks(chunks) };
  const fake = await startFakeOpenAI({ models: Object.fromEntries(models.map((model) => [model, behaviour])) });
  send({ type: "ready", baseURL: fake.baseURL });
  onCommands(async (command: LiveChildCommand) => {
    if (command.type !== "stop") return;
    const streams = fake.requests.filter((request) => request.body?.stream === true);
    const completed = streams.filter((request) => request.outcome === "completed").length;
    const rssMb = process.memoryUsage().rss / 1e6;
    await fake.close();
    send({ type: "stopped", streams: streams.length, completed, notCompleted: streams.length - completed, rssMb });
    process.disconnect();
  });
}

/** One battle of the current run, seen from its client. */
type Track = {
  sentAt: number;
  /** From the ack, which arrives before the battle's first chunk (same socket, sent first). */
  battleId: string | undefined;
  firstAt: number;
  firstStamp: number;
  /** First chunk received, per side. */
  sideFirstAt: { a: number; b: number };
  nextSeq: { a: number; b: number };
  ends: number;
  finished: () => void;
};

type Run = {
  tracks: Array<Track | undefined>;
  chunkDelays: number[];
  chunkStamps: number[];
  badChunks: number;
  failedEnds: number;
  endErrors: string[];
};

async function clients(url: string, count: number): Promise<void> {
  let run: Run | undefined;
  const started = now();
  const sockets: ArenaSocket[] = [];

  const open = async (index: number): Promise<ArenaSocket> => {
    const socket: ArenaSocket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
    socket.on("battle:chunk", (chunk: BattleChunk) => {
      const at = now();
      const track = run?.tracks[index];
      // A straggler of an earlier run (after a timeout) is no part of this one.
      if (!run || !track || chunk.battleId !== track.battleId) return;
      const colon = chunk.text.indexOf(":");
      const seq = Number(chunk.text.slice(0, colon));
      const stamp = Number(chunk.text.slice(colon + 1));
      if (colon < 0 || !Number.isFinite(stamp) || seq !== track.nextSeq[chunk.side]) run.badChunks++;
      track.nextSeq[chunk.side] = seq + 1;
      if (!Number.isFinite(stamp)) return;
      run.chunkDelays.push(at - stamp);
      run.chunkStamps.push(stamp);
      if (Number.isNaN(track.sideFirstAt[chunk.side])) track.sideFirstAt[chunk.side] = at;
      if (Number.isNaN(track.firstAt)) {
        track.firstAt = at;
        track.firstStamp = stamp;
      }
    });
    socket.on("battle:end", (end: BattleEnd) => {
      const track = run?.tracks[index];
      if (!run || !track || end.battleId !== track.battleId) return;
      if (!end.ok) {
        run.failedEnds++;
        if (run.endErrors.length < 5) run.endErrors.push(end.error ?? "(no message)");
      }
      if (++track.ends === 2) track.finished();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  };
  // 50 at a time: simultaneous handshakes would measure the accept queue, which is not the point here.
  for (let first = 0; first < count; first += 50) {
    const size = Math.min(50, count - first);
    sockets.push(...(await Promise.all(Array.from({ length: size }, (_, i) => open(first + i)))));
  }
  send({ type: "ready", clients: sockets.length, connectMs: now() - started });

  const playRun = async (command: Extract<LiveChildCommand, { type: "run" }>): Promise<ClientsRunResult> => {
    const current: Run = { tracks: [], chunkDelays: [], chunkStamps: [], badChunks: 0, failedEnds: 0, endErrors: [] };
    run = current;
    const refused: Record<string, number> = {};
    const ack: number[] = [];
    const battles = Math.min(command.battles, sockets.length);
    const done: Array<Promise<void>> = [];
    for (let index = 0; index < battles; index++) {
      let finished!: () => void;
      done.push(new Promise<void>((resolve) => (finished = resolve)));
      const track: Track = {
        sentAt: now(),
        battleId: undefined,
        firstAt: NaN,
        firstStamp: NaN,
        sideFirstAt: { a: NaN, b: NaN },
        nextSeq: { a: 0, b: 0 },
        ends: 0,
        finished,
      };
      current.tracks[index] = track;
      sockets[index]!.emit("battle:start", { prompt: command.prompt }, (response) => {
        if (response.ok) {
          ack.push(now() - track.sentAt);
          track.battleId = response.data.battleId;
          return;
        }
        refused[response.error.code] = (refused[response.error.code] ?? 0) + 1;
        track.finished();
      });
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(done), new Promise((resolve) => (timer = setTimeout(resolve, command.timeoutMs)))]);
    clearTimeout(timer);
    run = undefined;
    const tracks = current.tracks.filter((track): track is Track => track !== undefined);
    const accepted = battles - Object.values(refused).reduce((sum, n) => sum + n, 0);
    const withChunk = tracks.filter((track) => !Number.isNaN(track.firstAt));
    return {
      type: "result",
      id: command.id,
      chunkDelays: current.chunkDelays,
      chunkStamps: current.chunkStamps,
      // Sides that never sent a chunk are errors, reported apart.
      allFlowingAt: Math.max(
        ...tracks.flatMap((track) => [track.sideFirstAt.a, track.sideFirstAt.b]).filter(Number.isFinite),
      ),
      firstChunk: withChunk.map((track) => track.firstAt - track.sentAt),
      firstStamp: withChunk.map((track) => track.firstStamp - track.sentAt),
      ack,
      refused,
      failedEnds: current.failedEnds,
      endErrors: current.endErrors,
      missingChunks: Math.max(0, accepted * 2 * command.chunksPerSide - current.chunkDelays.length),
      badChunks: current.badChunks,
      unfinished:
        tracks.filter((track) => track.ends < 2).length - Object.values(refused).reduce((sum, n) => sum + n, 0),
      rssMb: process.memoryUsage().rss / 1e6,
    };
  };

  onCommands(async (command: LiveChildCommand) => {
    if (command.type === "run") send(await playRun(command));
    if (command.type === "stop") {
      for (const socket of sockets) socket.disconnect();
      send({ type: "stopped", streams: 0, completed: 0, notCompleted: 0, rssMb: process.memoryUsage().rss / 1e6 });
      process.disconnect();
    }
  });
}

const [role, ...args] = process.argv.slice(2);
if (role === "upstream") {
  await upstream(Number(args[0]), Number(args[1]), args.slice(2));
} else if (role === "clients") {
  await clients(args[0]!, Number(args[1]));
} else {
  throw new Error(`liveStreamingChild: unknown role ${role}`);
}
