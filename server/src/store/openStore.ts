/**
 * The store the configuration chooses: PostgreSQL when DATABASE_URL is set, else the SQLite file
 * ARENA_DB. Used by the server and by the command line alike.
 */
import type { StoreConfig } from "../config.ts";
import type { Logger } from "../logger.ts";
import { openSqliteStore, type SqliteStoreOptions } from "./sqlite.ts";
import type { ArenaStore } from "./store.ts";

export async function openStore(
  config: StoreConfig,
  options: { logger?: Logger; sqlite?: SqliteStoreOptions } = {},
): Promise<ArenaStore> {
  if (config.databaseUrl === undefined) return openSqliteStore(config.databaseFile, options.sqlite);
  const logger = options.logger;
  // Loaded only here: the pg driver takes a tenth of a second to load, which a SQLite command need not pay.
  const { openPostgresStore } = await import("./postgres.ts");
  try {
    return await openPostgresStore(config.databaseUrl, {
      // Code and message only: pg hangs the whole client (connection parameters included) on its errors.
      onIdleError: (error) =>
        logger?.warn(
          { code: (error as NodeJS.ErrnoException).code, reason: error.message },
          "lost an idle PostgreSQL connection; the next query opens a new one",
        ),
    });
  } catch (error) {
    // pg's own message names neither the server nor the variable.
    const reason = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code : String(error);
    throw new Error(`cannot open PostgreSQL at ${redactedUrl(config.databaseUrl)} (DATABASE_URL): ${reason}`, {
      cause: error,
    });
  }
}

/** Where the store is, fit for a log line: the SQLite file, or the PostgreSQL URL without its password. */
export function storeLocation(config: StoreConfig): string {
  if (config.databaseUrl === undefined) return config.databaseFile;
  return redactedUrl(config.databaseUrl);
}

export function redactedUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = "***";
  return url.toString();
}
