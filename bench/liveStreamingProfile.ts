/**
 * Where the arena's event loop goes per live chunk: the live-streaming benchmark's setting (100 live
 * battles, 200 upstream SSE streams, fake server and socket.io clients in child processes), arena
 * runs only, with this process's CPU time per chunk and a V8 CPU profile of the measured runs
 * summed by where the code lives (the openai SDK, undici, socket.io/engine.io/ws, our server, …).
 *
 *   npx tsx bench/liveStreamingProfile.ts [intervalMs=20] [rounds=3] [profile.cpuprofile]
 *
 * CPU time per chunk holds up on a shared machine far better than latency percentiles do (others'
 * work delays our chunks but does not add to our CPU time), so it is the figure to A/B a change by.
 */
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";

import { liveModel, startTestServer } from "../test/support/server.ts";
import { BenchChild, ownCpuMs } from "./benchChild.ts";
import type { LiveChildCommand, LiveChildReport } from "./liveStreamingChild.ts";

const BATTLES = 100;
const MODELS = ["live-a", "live-b"];
const CHUNKS = 50;
const RUN_TIMEOUT_MS = 30_000;
const CHILD_SCRIPT = fileURLToPath(new URL("./liveStreamingChild.ts", import.meta.url));

type LiveChild = BenchChild<LiveChildCommand, LiveChildReport>;

/** Where a profiled function's code lives, by its script URL. */
function placeOf(url: string, functionName: string): string {
  if (url === "")
    return functionName === "(garbage collector)" ? "GC" : functionName.startsWith("(") ? functionName : "native";
  if (url.includes("/node_modules/openai/")) return "openai SDK";
  if (url.includes("undici")) return "undici (fetch)";
  if (/\/node_modules\/(socket\.io|engine\.io|socket\.io-adapter|socket\.io-parser)\//.test(url))
    return "socket.io/engine.io";
  if (url.includes("/node_modules/ws/")) return "ws";
  if (url.includes("/node_modules/")) return `other: ${url.replace(/.*\/node_modules\/((@[^/]+\/)?[^/]+).*/, "$1")}`;
  if (url.includes("/server/src/")) return `arena: ${url.replace(/.*\/server\/src\//, "")}`;
  if (url.startsWith("node:")) return `node: ${url.slice(5).split("/")[0]}`;
  return url.replace(/.*\/(bench|test|shared)\//, "$1/");
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/**
 * Self time per place, ms. Native code (JSON.parse, TextDecoder, Buffer work…) counts for the nearest
 * JavaScript caller's place: "native" alone would hide whose work it is.
 */
function selfTimeByPlace(profile: Profile): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const placeOfNode = (id: number): string => {
    const node = byId.get(id)!;
    const { url, functionName } = node.callFrame;
    const isNative = url === "" && !functionName.startsWith("(");
    const parent = parentOf.get(id);
    if (isNative && parent !== undefined && byId.get(parent)!.callFrame.functionName !== "(root)")
      return placeOfNode(parent);
    return placeOf(url, functionName);
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const place = placeOfNode(id);
    totals.set(place, (totals.get(place) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return [...totals].sort((x, y) => y[1] - x[1]);
}

const intervalMs = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 3);
const profileFile = process.argv[4];

const upstream: LiveChild = new BenchChild("fake OpenAI server", CHILD_SCRIPT, [
  "upstream",
  String(CHUNKS),
  String(intervalMs),
  ...MODELS,
]);
let clients: LiveChild | undefined;
let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
try {
  const { baseURL } = await upstream.next("ready");
  server = await startTestServer({
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
  clients = new BenchChild("clients", CHILD_SCRIPT, ["clients", server.url, String(BATTLES)]);
  await clients.next("ready");
  const run = async (id: number) => {
    const result = clients!.next("result", RUN_TIMEOUT_MS + 30_000);
    clients!.send({
      type: "run",
      id,
      battles: BATTLES,
      prompt: "Count.",
      chunksPerSide: CHUNKS,
      timeoutMs: RUN_TIMEOUT_MS,
    });
    return result;
  };
  await run(0); // warm-up: JIT and the upstream connections

  const session = new Session();
  session.connect();
  if (profileFile) {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
  }
  const cpuBefore = ownCpuMs();
  const wallBefore = performance.now();
  let chunks = 0;
  let errors = 0;
  for (let round = 1; round <= rounds; round++) {
    const result = await run(round);
    chunks += result.chunkDelays.length;
    errors += result.failedEnds + result.missingChunks + result.badChunks;
  }
  const cpuMs = ownCpuMs() - cpuBefore;
  const wallMs = performance.now() - wallBefore;
  console.log(
    `live ${intervalMs} ms, ${rounds} rounds: ${chunks} chunks, ${errors} errors; arena process CPU ${cpuMs.toFixed(0)} ms = ` +
      `${((1000 * cpuMs) / chunks).toFixed(1)} µs per chunk (${((100 * cpuMs) / wallMs).toFixed(0)}% of one core over ${wallMs.toFixed(0)} ms)`,
  );
  if (profileFile) {
    const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
    fs.writeFileSync(profileFile, JSON.stringify(profile));
    const places = selfTimeByPlace(profile);
    const total = places.reduce((sum, [, ms]) => sum + ms, 0);
    const busy = places.filter(([place]) => place !== "(idle)").reduce((sum, [, ms]) => sum + ms, 0);
    console.log(
      `profile: ${total.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms not idle; self time by place (share of not idle):`,
    );
    for (const [place, ms] of places.slice(0, 25)) {
      if (place === "(idle)") continue;
      console.log(`  ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${place}`);
    }
  }
  session.disconnect();
} finally {
  clients?.kill();
  upstream.kill();
  await server?.close();
}
process.exit(0);
