/**
 * The SQLite schema, versioned and append-only: a released migration is never edited, only
 * followed by a new one. Version N is `SQLITE_MIGRATIONS[N - 1]`, recorded in `schema_migrations`
 * when applied; a migration is SQL, or a function for one that also rewrites rows.
 */
import type Database from "better-sqlite3";

import type { BattleSource } from "../domain/battle.ts";
import { promptKeyOf } from "./promptKey.ts";

type Migration = string | ((db: Database.Database) => void);

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE battles (
     id           TEXT PRIMARY KEY,
     session_hash TEXT NOT NULL,
     prompt       TEXT NOT NULL,
     language     TEXT NOT NULL,
     category     TEXT,
     model_a      TEXT NOT NULL,
     model_b      TEXT NOT NULL,
     source       TEXT NOT NULL,
     started_at   TEXT NOT NULL
   );
   CREATE TABLE votes (
     seq          INTEGER PRIMARY KEY AUTOINCREMENT,
     battle_id    TEXT NOT NULL UNIQUE REFERENCES battles(id),
     session_hash TEXT NOT NULL,
     winner       TEXT NOT NULL CHECK (winner IN ('a', 'b', 'tie', 'bothbad')),
     voted_at     TEXT NOT NULL
   );`,
  `ALTER TABLE battles ADD COLUMN tags TEXT NOT NULL DEFAULT '';
   ALTER TABLE battles ADD COLUMN answer_a TEXT;
   ALTER TABLE battles ADD COLUMN answer_b TEXT;
   ALTER TABLE votes ADD COLUMN flag TEXT;`,
  `ALTER TABLE battles ADD COLUMN conversation TEXT;`,
  (db) => {
    db.exec(`ALTER TABLE battles ADD COLUMN prompt_key TEXT;
             ALTER TABLE battles ADD COLUMN state TEXT;
             CREATE TABLE session_standings (
               session_hash TEXT PRIMARY KEY,
               status       TEXT NOT NULL CHECK (status IN ('excluded', 'restored')),
               source       TEXT NOT NULL CHECK (source IN ('admin', 'anomaly')),
               reason       TEXT NOT NULL,
               updated_at   TEXT NOT NULL
             );`);
    const setKey = db.prepare("UPDATE battles SET prompt_key = ? WHERE id = ?");
    const battles = db.prepare("SELECT id, prompt, source FROM battles").all() as Array<{
      id: string;
      prompt: string;
      source: BattleSource;
    }>;
    for (const battle of battles) setKey.run(promptKeyOf(battle.prompt, battle.source), battle.id);
  },
  // 5 — what an imported record gives back on export, and the style counts of both answers.
  `ALTER TABLE battles ADD COLUMN file_fields TEXT;
   ALTER TABLE battles ADD COLUMN conv_metadata TEXT;`,
  // 6 — an imported record's field names once per distinct list (fileLayouts.ts).
  `CREATE TABLE file_layouts (id INTEGER PRIMARY KEY, fields TEXT NOT NULL UNIQUE);
   ALTER TABLE battles ADD COLUMN file_layout INTEGER;`,
  // 7 — the reasons a voter gave with (or after) the vote: reason ids, comma-separated (voteReasons.ts).
  `ALTER TABLE votes ADD COLUMN reasons TEXT;`,
];

/** Brings the database to the last version, each migration in a transaction of its own. */
export function migrateSqlite(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(
    (db.prepare("SELECT version FROM schema_migrations").all() as Array<{ version: number }>).map((r) => r.version),
  );
  SQLITE_MIGRATIONS.forEach((migration, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      if (typeof migration === "string") db.exec(migration);
      else migration(db);
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(
        version,
        new Date().toISOString(),
      );
    })();
  });
}
