/**
 * Timing and memory measurement for the benchmarks: medians of repetitions, percentiles of
 * latencies, and a forced garbage collection so that heap deltas mean something.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";

/** One figure's line for the summary at the end (a row of docs/BENCHMARKS.md). */
export type SummaryLine = { figure: string; value: string };

/** Runs `work` `repetitions` times; returns every duration in ms and their median. */
export function timeRepeated(
  repetitions: number,
  work: (repetition: number) => void,
): { median: number; all: number[] } {
  const all: number[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const started = performance.now();
    work(repetition);
    all.push(performance.now() - started);
  }
  return { median: median(all), all };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Milliseconds below a second, seconds above, with the precision the figure deserves. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? "−" : "";
  const size = Math.abs(bytes);
  if (size < 1024) return `${sign}${Math.round(size)} B`;
  if (size < 2 ** 20) return `${sign}${(size / 1024).toFixed(0)} KiB`;
  return `${sign}${(size / 2 ** 20).toFixed(1)} MiB`;
}

export const count = (value: number): string => value.toLocaleString("en");

/**
 * `global.gc` without asking `npm run bench` for `--expose-gc`: the flag may be set at run time,
 * and the function then appears in contexts created afterwards.
 */
let collect: (() => void) | undefined;
export function collectGarbage(): void {
  if (!collect) {
    v8.setFlagsFromString("--expose-gc");
    collect = vm.runInNewContext("gc") as () => void;
  }
  collect();
}

/**
 * JavaScript heap plus ArrayBuffer backing stores (typed arrays live outside the heap), after full
 * collections until it stops shrinking (garbage of earlier work can take several to go), bytes.
 */
export function settledMemory(): number {
  const used = () => {
    collectGarbage();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  let last = used();
  for (let pass = 0; pass < 5; pass++) {
    const next = used();
    if (next >= last - 16 * 1024) return Math.min(last, next);
    last = next;
  }
  return last;
}

export function machineLine(): string {
  const cpus = os.cpus();
  return (
    `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `node ${process.version}, ${os.platform()} ${os.release()}, ${new Date().toISOString().slice(0, 10)}`
  );
}
