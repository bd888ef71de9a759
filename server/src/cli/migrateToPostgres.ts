/**
 * `arena migrate-to-postgres [--from FILE] [--to URL]`: moves an arena from its SQLite file to
 * PostgreSQL — every voted battle with its vote (ids, sessions, flags, conversations kept, in
 * vote order) and the session standings. Battles already in PostgreSQL are skipped, so running
 * it again (say, after votes that came in during the move) copies only what is new. Battles that
 * were started but never voted are not copied: nobody can vote on them after the move anyway.
 */
import fs from "node:fs";

import Database from "better-sqlite3";

import { redactedUrl } from "../store/openStore.ts";
import { openPostgresStore } from "../store/postgres.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import type { ArenaStore } from "../store/store.ts";
import { readStoreConfig } from "../storeConfig.ts";
import { cliError } from "./cliError.ts";
import { fromInvocationDir, noArguments, type ParsedArgs } from "./options.ts";

export const MIGRATE_OPTIONS = { from: "value", to: "value" } as const;

const COMMAND = "arena migrate-to-postgres";

export async function runMigrateToPostgres(parsed: ParsedArgs): Promise<void> {
  noArguments("migrate-to-postgres", parsed);
  const started = performance.now();
  const defaults = readStoreConfig();
  const fromOption = parsed.values.get("from");
  const from = fromOption === undefined ? defaults.databaseFile : fromInvocationDir(fromOption);
  const to = parsed.values.get("to") ?? defaults.databaseUrl;
  if (to === undefined) throw cliError(COMMAND, "--to URL is missing (or set DATABASE_URL)");
  if (!/^postgres(ql)?:\/\//i.test(to)) throw cliError(COMMAND, `--to must be a postgres:// or postgresql:// URL`);
  // Opening a file that is not there would create an empty database and "move" nothing.
  if (!fs.existsSync(from)) throw cliError(COMMAND, `no SQLite database at ${from} (give --from FILE or set ARENA_DB)`);

  const source = openSqliteStore(from);
  const unvoted = countUnvotedBattles(from);
  let target: ArenaStore | undefined;
  try {
    try {
      target = await openPostgresStore(to);
    } catch (error) {
      throw cliError(
        COMMAND,
        `cannot open PostgreSQL at ${redactedUrl(to)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const { imported: copied, skipped } = await target.importBattles(source.battlePages());
    const standings = await copyStandings(source, target);
    process.stderr.write(
      `copied ${copied} voted battles, skipped ${skipped} (already in PostgreSQL); ` +
        `${standings} session standings; ${unvoted} open battles without a vote not copied; ` +
        `${Math.round(performance.now() - started)} ms\n`,
    );
  } finally {
    await source.close();
    await target?.close();
  }
}

/** Copies each standing PostgreSQL does not have, or has an older decision for; returns how many. */
async function copyStandings(source: ArenaStore, target: ArenaStore): Promise<number> {
  const present = new Map((await target.listSessionStandings()).map((standing) => [standing.sessionHash, standing]));
  let copied = 0;
  for (const { sessionHash, ...standing } of await source.listSessionStandings()) {
    const there = present.get(sessionHash);
    if (there && there.updatedAt >= standing.updatedAt) continue;
    await target.setSessionStanding(sessionHash, standing);
    copied++;
  }
  return copied;
}

/**
 * Only for the report: the store interface deals in voted battles, so the open ones are counted
 * on the file directly (read-only; the store opened first has brought it to the current schema).
 */
function countUnvotedBattles(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT count(*) FROM battles b WHERE NOT EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = b.id)")
      .pluck()
      .get() as number;
  } finally {
    db.close();
  }
}
