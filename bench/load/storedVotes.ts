/**
 * Lost votes: battles whose vote was acknowledged `ok` but whose vote row is not in the store.
 * Read straight from the database (SQLite opened read-only, or PostgreSQL), not through the arena.
 */
import Database from "better-sqlite3";

export type StoredVotes = {
  /** Rows in `votes` (the whole table). */
  stored: number;
  /** Acked ok, yet no row. */
  lost: number;
};

export type VoteStore = { sqliteFile: string } | { databaseUrl: string };

const BATCH = 5_000;

export async function checkStoredVotes(store: VoteStore, okBattleIds: readonly string[]): Promise<StoredVotes> {
  return "sqliteFile" in store
    ? checkSqlite(store.sqliteFile, okBattleIds)
    : checkPostgres(store.databaseUrl, okBattleIds);
}

function checkSqlite(file: string, okBattleIds: readonly string[]): StoredVotes {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const stored = db.prepare("SELECT count(*) FROM votes").pluck().get() as number;
    const has = db.prepare("SELECT 1 FROM votes WHERE battle_id = ?").pluck();
    const lost = okBattleIds.filter((battleId) => has.get(battleId) === undefined).length;
    return { stored, lost };
  } finally {
    db.close();
  }
}

/** Assumes the PostgreSQL store keeps SQLite's table and column names (`votes.battle_id`). */
async function checkPostgres(databaseUrl: string, okBattleIds: readonly string[]): Promise<StoredVotes> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const total = await client.query<{ count: string }>("SELECT count(*) AS count FROM votes");
    let found = 0;
    for (let first = 0; first < okBattleIds.length; first += BATCH) {
      const result = await client.query<{ count: string }>(
        "SELECT count(*) AS count FROM votes WHERE battle_id = ANY($1::text[])",
        [okBattleIds.slice(first, first + BATCH)],
      );
      found += Number(result.rows[0]!.count);
    }
    return { stored: Number(total.rows[0]!.count), lost: okBattleIds.length - found };
  } finally {
    await client.end();
  }
}
