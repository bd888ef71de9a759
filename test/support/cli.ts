/** Runs the `arena` command line as a person would, in a child process. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import { tempDbFile } from "./server.ts";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));

export type Run = { status: number | null; stdout: string; stderr: string };

/** Runs the command line; `cwd` is where the person "typed" it (relative FILEs resolve there). */
export function arena(args: string[], options: { db?: string; cwd?: string; databaseUrl?: string } = {}): Run {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ARENA_DB: options.db ?? tempDbFile(),
    INIT_CWD: options.cwd ?? REPO,
  };
  if (options.databaseUrl === undefined) delete env.DATABASE_URL;
  else env.DATABASE_URL = options.databaseUrl;
  const result = spawnSync(process.execPath, ["scripts/arena.mjs", ...args], {
    cwd: REPO,
    env,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
