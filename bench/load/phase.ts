/**
 * One phase of a load run: fresh client workers connect to `targets`, play battle → vote loops for
 * the phase's seconds, and report; meanwhile the servers' CPU and resident memory are read from /proc.
 */
import { fileURLToPath } from "node:url";

import { BenchChild, now } from "../benchChild.ts";
import { percentile } from "../measure.ts";
import type { LoadOptions } from "./options.ts";
import { processCpuMs, processRss } from "./processes.ts";
import type { ConnectedReport, RunReport, WorkerCommand, WorkerReport } from "./workerMessages.ts";

const CLIENTS_SCRIPT = fileURLToPath(new URL("./clients.ts", import.meta.url));
const RSS_SAMPLE_MS = 250;
const DRAIN_MS = 10_000;
const TIMEOUT_MS = 10_000;

export type Latency = { p50: number; p99: number; max: number; count: number };

export type PhaseResult = {
  name: string;
  connected: number;
  connectMs: number;
  measuredSeconds: number;
  /** Votes acked ok within the measured window, per second. */
  votesPerSecond: number;
  voteAck: Latency | null;
  startAck: Latency | null;
  /** battle:start ack → both battle:end. */
  stream: Latency | null;
  /** Every vote acked ok in the phase (warm-up and drain too). */
  okVotes: number;
  battles: number;
  chunksPerBattle: number;
  textCharsPerBattle: number;
  errors: Record<string, number>;
  unfinished: number;
  /** Servers' CPU over the measured window, % of one core (summed over servers). */
  serverCpuPercent: number | null;
  clientCpuPercent: number | null;
  /** Highest sum of the servers' VmRSS sampled during the phase, bytes. */
  serverPeakRss: number | null;
  /** The servers' VmRSS 20 s into the phase (null when shorter) and at its end, bytes: memory over a long run. */
  serverRssAt20s: number | null;
  serverLastRss: number | null;
};

function latency(values: number[]): Latency | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    count: sorted.length,
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Sum over `pids` of what `read` says, or null if any is unknown. */
function sumOver(pids: number[], read: (pid: number) => number | null): number | null {
  if (pids.length === 0) return null;
  const values = pids.map(read);
  return values.some((value) => value === null) ? null : sum(values as number[]);
}

export async function runPhase(
  name: string,
  targets: string[],
  serverPids: number[],
  options: Pick<LoadOptions, "clients" | "seconds" | "warmup" | "maxVotes" | "workers">,
  log: (line: string) => void,
): Promise<PhaseResult & { okVoteBattleIds: string[] }> {
  const workerCount = Math.min(options.workers, options.clients);
  const workers = Array.from(
    { length: workerCount },
    (_, index) => new BenchChild<WorkerCommand, WorkerReport>(`${name} client worker ${index + 1}`, CLIENTS_SCRIPT, []),
  );
  const shareOf = (index: number) =>
    Math.floor(options.clients / workerCount) + (index < options.clients % workerCount ? 1 : 0);
  try {
    // Connect
    const connectedReports = await Promise.all(
      workers.map((worker, index) => {
        const report = worker.next("connected", 120_000);
        const firstClient = sum(Array.from({ length: index }, (_, before) => shareOf(before)));
        worker.send({ type: "connect", targets, clients: shareOf(index), firstClient });
        return report;
      }),
    );
    const connected = sum(connectedReports.map((report) => report.connected));
    const connectMs = Math.max(...connectedReports.map((report) => report.ms));
    log(`${name}: ${connected} of ${options.clients} clients connected in ${(connectMs / 1000).toFixed(1)} s`);
    const connectErrors = mergeCounts(connectedReports);

    // Run, reading CPU at both ends of the measured window and memory all along.
    const startAt = now() + 200;
    const measureFrom = startAt + options.warmup * 1000;
    const stopAt = startAt + options.seconds * 1000;
    const maxVotes = Math.ceil(options.maxVotes / workerCount);
    const reports = workers.map((worker) => worker.next("result", options.seconds * 1000 + DRAIN_MS + 30_000));
    for (const worker of workers) {
      worker.send({ type: "run", startAt, measureFrom, stopAt, maxVotes, drainMs: DRAIN_MS, timeoutMs: TIMEOUT_MS });
    }
    const cpuAt = (at: number) =>
      new Promise<{ server: number | null; clients: number }>((resolve) =>
        setTimeout(
          async () => {
            const server = sumOver(serverPids, processCpuMs);
            const clients = sum(await Promise.all(workers.map((worker) => worker.cpuMs())));
            resolve({ server, clients });
          },
          Math.max(0, at - now()),
        ),
      );
    const cpuFrom = cpuAt(measureFrom);
    const cpuTo = cpuAt(stopAt);
    let serverPeakRss: number | null = null;
    let serverRssAt20s: number | null = null;
    let serverLastRss: number | null = null;
    const samplingFrom = now();
    const sampler = setInterval(() => {
      const rss = sumOver(serverPids, (pid) => processRss(pid)?.now ?? null);
      if (rss !== null) serverPeakRss = Math.max(serverPeakRss ?? 0, rss);
      if (rss !== null) serverLastRss = rss;
      if (serverRssAt20s === null && now() - samplingFrom >= 20_000) serverRssAt20s = rss;
    }, RSS_SAMPLE_MS);
    const results = await Promise.all(reports).finally(() => clearInterval(sampler));
    const [from, to] = await Promise.all([cpuFrom, cpuTo]);
    const windowMs = stopAt - measureFrom;
    const cpuPercent = (a: number | null, b: number | null) =>
      a === null || b === null ? null : (100 * (b - a)) / windowMs;

    const battles = sum(results.map((report) => report.battles));
    const weighted = (pick: (report: RunReport) => number) =>
      battles > 0 ? sum(results.map((report) => pick(report) * report.battles)) / battles : 0;
    const okVoteBattleIds = results.flatMap((report) => report.okVoteBattleIds);
    const measuredVotes = sum(results.map((report) => report.measuredVotes));
    return {
      name,
      connected,
      connectMs,
      measuredSeconds: windowMs / 1000,
      votesPerSecond: measuredVotes / (windowMs / 1000),
      voteAck: latency(results.flatMap((report) => report.voteAckMs)),
      startAck: latency(results.flatMap((report) => report.startAckMs)),
      stream: latency(results.flatMap((report) => report.streamMs)),
      okVotes: okVoteBattleIds.length,
      battles,
      chunksPerBattle: weighted((report) => report.chunksPerBattle),
      textCharsPerBattle: weighted((report) => report.chunkTextChars),
      errors: mergeCounts([{ errors: connectErrors }, ...results]),
      unfinished: sum(results.map((report) => report.unfinished)),
      serverCpuPercent: cpuPercent(from.server, to.server),
      clientCpuPercent: cpuPercent(from.clients, to.clients),
      serverPeakRss,
      serverRssAt20s,
      serverLastRss,
      okVoteBattleIds,
    };
  } finally {
    for (const worker of workers) {
      try {
        worker.send({ type: "exit" });
      } catch {
        // Already gone.
      }
    }
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

function mergeCounts(reports: Array<Pick<ConnectedReport, "errors">>): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const { errors } of reports)
    for (const [code, n] of Object.entries(errors)) merged[code] = (merged[code] ?? 0) + n;
  return merged;
}
