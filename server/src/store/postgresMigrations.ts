/**
 * The PostgreSQL schema, versioned and append-only: a released migration is never edited, only
 * followed by a new one. Version N is `POSTGRES_MIGRATIONS[N - 1]`. They run at start, all in one
 * transaction under an advisory lock, so servers starting together neither race nor see half a
 * schema; a database already at the last version is left untouched.
 */
import type pg from "pg";

/** Any fixed number: the advisory lock that serializes migrations between servers. */
const MIGRATION_LOCK = 7_202_611;

export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1 — the schema of SQLite's migrations 1–4 at once (PostgreSQL storage starts there).
  `CREATE TABLE battles (
     id           text PRIMARY KEY,
     session_hash text NOT NULL,
     prompt       text NOT NULL,
     prompt_key   text,
     language     text NOT NULL,
     category     text,
     tags         text[] NOT NULL DEFAULT '{}',
     model_a      text NOT NULL,
     model_b      text NOT NULL,
     answer_a     text,
     answer_b     text,
     source       text NOT NULL CHECK (source IN ('pack', 'live', 'import')),
     started_at   timestamptz NOT NULL,
     conversation jsonb,
     state        jsonb
   );
   CREATE TABLE votes (
     seq          bigserial PRIMARY KEY,
     battle_id    text NOT NULL UNIQUE REFERENCES battles (id),
     session_hash text NOT NULL,
     winner       text NOT NULL CHECK (winner IN ('a', 'b', 'tie', 'bothbad')),
     voted_at     timestamptz NOT NULL,
     flag         text
   );
   CREATE TABLE session_standings (
     session_hash text PRIMARY KEY,
     status       text NOT NULL CHECK (status IN ('excluded', 'restored')),
     source       text NOT NULL CHECK (source IN ('admin', 'anomaly')),
     reason       text NOT NULL,
     updated_at   timestamptz NOT NULL
   );`,
  // 2 — what an imported record gives back on export, and the style counts of both answers; json,
  // not jsonb, so that a record's keys come back in the order the file gave them.
  `ALTER TABLE battles ADD COLUMN file_fields json, ADD COLUMN conv_metadata json;`,
  // 3 — an imported record's field names once per distinct list (fileLayouts.ts).
  `CREATE TABLE file_layouts (id serial PRIMARY KEY, fields text NOT NULL UNIQUE);
   ALTER TABLE battles ADD COLUMN file_layout integer;`,
  // 4 — the reasons a voter gave with (or after) the vote: reason ids, comma-separated (voteReasons.ts).
  `ALTER TABLE votes ADD COLUMN reasons text;`,
];

/** Brings the database to the last version; returns the versions it applied. */
export async function migratePostgres(client: pg.ClientBase): Promise<number[]> {
  await client.query("BEGIN");
  try {
    // Held until COMMIT/ROLLBACK: a second server waits here, then finds everything applied.
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
    const known = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...known);
    if (newest > POSTGRES_MIGRATIONS.length) {
      throw new Error(
        `the database is at schema version ${newest}, newer than this server knows (${POSTGRES_MIGRATIONS.length}): upgrade the server`,
      );
    }
    const applied: number[] = [];
    for (const [index, migration] of POSTGRES_MIGRATIONS.entries()) {
      const version = index + 1;
      if (known.has(version)) continue;
      await client.query(migration);
      await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [version]);
      applied.push(version);
    }
    await client.query("COMMIT");
    return applied;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
