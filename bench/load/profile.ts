/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and sums self time per function and per package, so a
 * run can say where the server's core went.
 */
import fs from "node:fs";
import path from "node:path";

import { REPO_ROOT } from "./processes.ts";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export type SelfTime = { name: string; ms: number; share: number };
export type ProfileSummary = { file: string; totalMs: number; functions: SelfTime[]; packages: SelfTime[] };

/** Where a frame's code lives: a package (`socket.io`, `better-sqlite3`), a repo folder, or Node itself. */
function ownerOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  const file = url.replace(/^file:\/\//, "");
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (inModules) return inModules[1]!;
  if (file.startsWith("node:")) return "node:internals";
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith("..") ? file : path.dirname(relative);
}

function top(times: Map<string, number>, totalMs: number, count: number): SelfTime[] {
  return [...times]
    .sort((x, y) => y[1] - x[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: ms / totalMs }));
}

export function summarizeProfile(file: string, count = 20): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) =>
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000),
  );

  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    totalMs += ms;
    const where = url ? ` ${path.relative(REPO_ROOT, url.replace(/^file:\/\//, ""))}:${lineNumber + 1}` : "";
    const name = `${functionName || "(anonymous)"}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const owner = ownerOf(url, functionName);
    packages.set(owner, (packages.get(owner) ?? 0) + ms);
  }
  return { file, totalMs, functions: top(functions, totalMs, count), packages: top(packages, totalMs, count) };
}

/**
 * The main thread's profile among those in `dir`: --cpu-prof writes one per thread, and tsx's
 * module loader runs in a thread of its own; the main thread is the one with the most samples.
 */
export function mainThreadProfile(dir: string): ProfileSummary | null {
  const summaries = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => summarizeProfile(path.join(dir, name)));
  return summaries.sort((x, y) => y.totalMs - x.totalMs)[0] ?? null;
}
