/**
 * The real server as a separate process (`node --import tsx server/src/index.ts`, or with
 * `compiled` the build's `server/dist/server.js`, what `npm run serve` runs), for tests that must
 * see it crash or kill it: an in-process server cannot be SIGKILLed, and a crash of it would take
 * the test runner down too.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVING = /Arena is serving on http:\/\/localhost:(\d+)/;

export type ChildExit = { code: number | null; signal: NodeJS.Signals | null };

export type ChildServer = {
  url: string;
  port: number;
  pid: number;
  /** Every line the server wrote to stdout and stderr (pino JSON logs), in order. */
  output: string[];
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<ChildExit>;
  /** True until the process has exited. */
  running(): boolean;
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `graceMs` if still alive. */
  kill(signal?: NodeJS.Signals, graceMs?: number): Promise<ChildExit>;
};

/**
 * A temporary folder holding a models file that lists `packs` (absolute paths) and the live
 * `models` (entries as the models file takes them). Returns its paths.
 */
export function tempArenaDir(
  packs: string[],
  models: object[] = [],
): { dir: string; dbFile: string; configFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-child-"));
  const configFile = path.join(dir, "models.json");
  fs.writeFileSync(configFile, JSON.stringify({ packs: packs.map((pack) => path.resolve(pack)), models }));
  return { dir, dbFile: path.join(dir, "arena.db"), configFile };
}

/**
 * Starts the server with `env` on top of the test's environment (PORT=0 and HOST=127.0.0.1 unless
 * given; a variable given as undefined is removed) and resolves once it logs that it is serving.
 * Rejects with its output if it exits or is not serving within `timeoutMs`.
 */
export async function startChildServer(
  env: Record<string, string | undefined>,
  timeoutMs = 30_000,
  { compiled = false } = {},
): Promise<ChildServer> {
  const merged: NodeJS.ProcessEnv = { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const entry = compiled
    ? ["--enable-source-maps", "server/dist/server.js"]
    : ["--import", "tsx", "server/src/index.ts"];
  const child: ChildProcess = spawn(process.execPath, entry, {
    cwd: REPO_ROOT,
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  let exit: ChildExit | undefined;
  const exited = new Promise<ChildExit>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(`not serving within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`arena child ${why}:\n${output.join("\n")}`));
    };
    const collect = (stream: NodeJS.ReadableStream, onLine?: (line: string) => void) => {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (data: string) => {
        const lines = (pending + data).split("\n");
        pending = lines.pop()!;
        for (const line of lines) {
          output.push(line);
          onLine?.(line);
        }
      });
    };
    // pino writes to stderr (logger.ts); stdout is watched too in case that changes.
    const watchForServing = (line: string) => {
      const match = SERVING.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    collect(child.stdout!, watchForServing);
    collect(child.stderr!, watchForServing);
    void exited.then(({ code, signal }) => fail(`exited (code ${code}, signal ${signal}) before serving`));
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    output,
    exited,
    running: () => exit === undefined,
    async kill(signal = "SIGTERM", graceMs = 5_000) {
      if (exit) return exit;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
