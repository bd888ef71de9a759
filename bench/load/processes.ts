/**
 * The processes a load run starts — arena servers, the echo server, the client workers — and what
 * /proc says about them. Every child and temporary folder is registered here and removed on exit,
 * Ctrl-C included.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ECHO_READY = /echo listening on (\d+)/;
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** Kills every child still running and removes the temporary folders (synchronous: runs on exit). */
export function cleanUp(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}
process.on("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    process.stderr.write(`\nload: ${signal}, stopping every child\n`);
    cleanUp();
    process.exit(130);
  });
}

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-load-"));
  tempDirs.add(dir);
  return dir;
}

/** A port free on 127.0.0.1 right now (the arena logs its port only at info level, so it is chosen here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type ServerProcess = {
  name: string;
  url: string;
  pid: number;
  /** SIGTERM (a graceful close, which also writes a --cpu-prof profile), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
};

/**
 * Spawns `node [nodeArgs] --import tsx script [args]` from the repository root (a `.js` script runs
 * without tsx, with source maps), output kept for errors.
 */
function spawnNode(script: string, args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []) {
  const loader = script.endsWith(".js") ? ["--enable-source-maps"] : ["--import", "tsx"];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, script, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding("utf8");
    stream.on("data", (data: string) => {
      output.push(data);
      if (output.length > 200) output.shift();
    });
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }
    children.delete(child);
  };
  return { child, output, exited, stop };
}

/**
 * Starts the real server as `npm run serve` runs it (`server/dist/server.js` on plain node, built
 * first if the sources changed) on 127.0.0.1 with `env` on top of ours, and resolves once GET
 * /api/health answers.
 */
export async function startArena(
  name: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  buildServerIfStale();
  const port = await freePort();
  const spawned = spawnNode(
    "server/dist/server.js",
    [],
    { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    nodeArgs,
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (spawned.child.exitCode !== null) throw new Error(`${name} exited at start:\n${spawned.output.join("")}`);
    if (Date.now() > deadline) {
      await spawned.stop(0);
      throw new Error(`${name} not healthy within 30 s:\n${spawned.output.join("")}`);
    }
    const healthy = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name, url, pid: spawned.child.pid!, stop: spawned.stop };
}

/** Starts bench/load/echoServer.ts streaming `chunksPerSide` chunks of `chunkChars` characters a side. */
export async function startEcho(chunksPerSide: number, chunkChars: number): Promise<ServerProcess> {
  const spawned = spawnNode("bench/load/echoServer.ts", [String(chunksPerSide), String(chunkChars)], process.env);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`echo server not listening within 30 s:\n${spawned.output.join("")}`)),
      30_000,
    );
    spawned.child.stdout!.on("data", () => {
      const match = ECHO_READY.exec(spawned.output.join(""));
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void spawned.exited.then(() => reject(new Error(`echo server exited:\n${spawned.output.join("")}`)));
  });
  return { name: "echo", url: `http://127.0.0.1:${port}`, pid: spawned.child.pid!, stop: spawned.stop };
}

/** CPU time (user + system) a process has used so far, ms; null once it is gone or not readable. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 14th field.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Resident memory from /proc/<pid>/status: now (VmRSS) and the process's peak (VmHWM), bytes. */
export function processRss(pid: number): { now: number; peak: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
    return { now: kib("VmRSS"), peak: kib("VmHWM") };
  } catch {
    return null;
  }
}

/** `scripts/buildServer.mjs`'s buildIfStale, once per run (it compares the sources' times with the build's). */
let built = false;
function buildServerIfStale(): void {
  if (built) return;
  const result = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", "await (await import('./scripts/buildServer.mjs')).buildIfStale()"],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`building the server failed:\n${result.stderr}`);
  built = true;
}
