/**
 * The embedded default store: one SQLite file, WAL mode, `synchronous = FULL` so that a vote whose
 * transaction returned is on disk before the voter's ack leaves (a crash right after the ack,
 * even of the machine, keeps it).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { ArenaStore, BattleRecord, CountedVote, VoteRecord } from "./store.ts";
import type { Winner } from "@arena/shared/protocol";

/** Versioned, append-only: a released migration is never edited, only followed by a new one. */
const migrations: string[] = [
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
];

type VoteRow = {
  battle_id: string;
  model_a: string;
  model_b: string;
  winner: Winner;
  language: string;
  category: string | null;
  voted_at: string;
};

export function openSqliteStore(file: string): ArenaStore {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);

  const insertBattle = db.prepare(
    `INSERT INTO battles (id, session_hash, prompt, language, category, model_a, model_b, source, started_at)
     VALUES (@id, @sessionHash, @prompt, @language, @category, @modelA, @modelB, @source, @startedAt)`,
  );
  const insertVote = db.prepare(
    `INSERT INTO votes (battle_id, session_hash, winner, voted_at)
     VALUES (@battleId, @sessionHash, @winner, @votedAt)
     ON CONFLICT (battle_id) DO NOTHING`,
  );
  const selectVotes = db.prepare(
    `SELECT v.battle_id, b.model_a, b.model_b, v.winner, b.language, b.category, v.voted_at
     FROM votes v JOIN battles b ON b.id = v.battle_id
     ORDER BY v.seq`,
  );

  return {
    async insertBattle(battle: BattleRecord) {
      insertBattle.run({ ...battle, startedAt: battle.startedAt.toISOString() });
    },
    async recordVote(vote: VoteRecord) {
      const result = insertVote.run({ ...vote, votedAt: vote.votedAt.toISOString() });
      return result.changes === 1 ? "recorded" : "duplicate";
    },
    async listVotes(): Promise<CountedVote[]> {
      return (selectVotes.all() as VoteRow[]).map((row) => ({
        battleId: row.battle_id,
        modelA: row.model_a,
        modelB: row.model_b,
        winner: row.winner,
        language: row.language,
        category: row.category,
        votedAt: new Date(row.voted_at),
      }));
    },
    async close() {
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(
    (db.prepare("SELECT version FROM schema_migrations").all() as Array<{ version: number }>).map((r) => r.version),
  );
  migrations.forEach((sql, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(
        version,
        new Date().toISOString(),
      );
    })();
  });
}
