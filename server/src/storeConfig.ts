/**
 * Where battles and votes are stored (ARENA_DB, DATABASE_URL): what the command line needs,
 * without the server's settings. Read by hand rather than with config.ts's schema: loading zod
 * and the server's modules would cost a command a few hundred milliseconds before its first row.
 * config.ts reads the same variables with these same rules and messages.
 */
import path from "node:path";

import { ConfigError } from "./configError.ts";

export type StoreConfig = {
  /** ARENA_DB — SQLite database file (default ./data/arena.db); unused when databaseUrl is set. */
  databaseFile: string;
  /**
   * DATABASE_URL — `postgres://` or `postgresql://` URL: store battles and votes in PostgreSQL
   * (shared by every server of the arena) instead of the SQLite file. Requires ARENA_SESSION_SECRET.
   */
  databaseUrl: string | undefined;
};

export const DEFAULT_DATABASE_FILE = "./data/arena.db";
export const DATABASE_FILE_RULE = "must not be empty";
export const DATABASE_URL_RULE =
  "must be a postgres:// or postgresql:// URL (unset it to use the SQLite file ARENA_DB)";

export function readStoreConfig(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const file = env.ARENA_DB ?? DEFAULT_DATABASE_FILE;
  const url = env.DATABASE_URL || undefined;
  const problems = [
    ...(file === "" ? [`  ARENA_DB: ${DATABASE_FILE_RULE}`] : []),
    ...(url !== undefined && !isPostgresUrl(url) ? [`  DATABASE_URL: ${DATABASE_URL_RULE}`] : []),
  ];
  if (problems.length > 0) throw new ConfigError(`invalid environment:\n${problems.join("\n")}`);
  return storeConfigOf(env, { ARENA_DB: file, DATABASE_URL: url });
}

export function storeConfigOf(
  env: NodeJS.ProcessEnv,
  vars: { ARENA_DB: string; DATABASE_URL: string | undefined },
): StoreConfig {
  return {
    databaseFile: vars.ARENA_DB === ":memory:" ? vars.ARENA_DB : fromInvocationDir(env, vars.ARENA_DB),
    databaseUrl: vars.DATABASE_URL,
  };
}

export function isPostgresUrl(url: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** Relative paths given on the command line mean relative to where `npm start` was typed. */
export function fromInvocationDir(env: NodeJS.ProcessEnv, file: string): string {
  return path.resolve(env.INIT_CWD ?? process.cwd(), file);
}
