/**
 * The embedded default store: one SQLite file, WAL mode, `synchronous = FULL` so that a vote whose
 * transaction returned is on disk before the voter's ack leaves (a crash right after the ack,
 * even of the machine, keeps it).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Winner } from "@arena/shared/protocol";
import type {
  ArenaStore,
  BattleRecord,
  BattleSource,
  BattleWithVote,
  ConversationTurn,
  CountedVote,
  VoteRecord,
} from "./store.ts";

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
  `ALTER TABLE battles ADD COLUMN tags TEXT NOT NULL DEFAULT '';
   ALTER TABLE battles ADD COLUMN answer_a TEXT;
   ALTER TABLE battles ADD COLUMN answer_b TEXT;
   ALTER TABLE votes ADD COLUMN flag TEXT;`,
  `ALTER TABLE battles ADD COLUMN conversation TEXT;`,
];

type BattleRow = {
  id: string;
  session_hash: string;
  prompt: string;
  language: string;
  category: string | null;
  tags: string;
  model_a: string;
  model_b: string;
  answer_a: string | null;
  answer_b: string | null;
  source: BattleSource;
  started_at: string;
  conversation: string | null;
};
type VoteRow = BattleRow & { winner: Winner; voted_at: string; flag: string | null };

const VOTES_WITH_BATTLES = `
  SELECT b.*, v.winner, v.voted_at, v.flag
  FROM votes v JOIN battles b ON b.id = v.battle_id`;

export function openSqliteStore(file: string): ArenaStore {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);

  const insertBattle = db.prepare(
    `INSERT INTO battles (id, session_hash, prompt, language, category, tags, model_a, model_b, answer_a, answer_b, source, started_at)
     VALUES (@id, @sessionHash, @prompt, @language, @category, @tags, @modelA, @modelB, @answerA, @answerB, @source, @startedAt)
     ON CONFLICT (id) DO NOTHING`,
  );
  const insertVote = db.prepare(
    `INSERT INTO votes (battle_id, session_hash, winner, voted_at, flag)
     VALUES (@battleId, @sessionHash, @winner, @votedAt, @flag)
     ON CONFLICT (battle_id) DO NOTHING`,
  );
  const updateOutcome = db.prepare(
    `UPDATE battles SET answer_a = @answerA, answer_b = @answerB, tags = @tags, conversation = @conversation WHERE id = @battleId`,
  );
  const recordVote = db.transaction((vote: VoteRecord) => {
    const inserted = insertVote.run(voteParams(vote)).changes === 1;
    if (inserted && vote.outcome) {
      const { answerA, answerB, tags, conversation } = vote.outcome;
      updateOutcome.run({
        battleId: vote.battleId,
        answerA,
        answerB,
        tags: tags.join(","),
        conversation: conversation.length > 1 ? JSON.stringify(conversation) : null,
      });
    }
    return inserted;
  });
  const selectCounted = db.prepare(`${VOTES_WITH_BATTLES} WHERE v.flag IS NULL ORDER BY v.seq`);
  const selectAll = db.prepare(`${VOTES_WITH_BATTLES} ORDER BY v.seq`);

  const battleParams = (battle: BattleRecord) => ({
    ...battle,
    tags: battle.tags.join(","),
    startedAt: battle.startedAt.toISOString(),
  });
  const voteParams = (vote: VoteRecord) => ({
    battleId: vote.battleId,
    sessionHash: vote.sessionHash,
    winner: vote.winner,
    votedAt: vote.votedAt.toISOString(),
    flag: vote.flag ?? null,
  });

  const importAll = db.transaction((battles: BattleWithVote[]) => {
    let imported = 0;
    for (const battle of battles) {
      if (insertBattle.run(battleParams(battle)).changes === 0) continue;
      insertVote.run(voteParams({ ...battle, battleId: battle.id }));
      if (battle.conversation && battle.conversation.length > 1) {
        updateOutcome.run({ ...battleParams(battle), battleId: battle.id, conversation: JSON.stringify(battle.conversation) });
      }
      imported++;
    }
    return { imported, skipped: battles.length - imported };
  });

  return {
    async insertBattle(battle) {
      insertBattle.run(battleParams(battle));
    },
    async recordVote(vote) {
      return recordVote(vote) ? "recorded" : "duplicate";
    },
    async listVotes(options = {}): Promise<CountedVote[]> {
      const rows = (options.includeFlagged ? selectAll : selectCounted).all() as VoteRow[];
      return rows.map((row) => ({
        battleId: row.id,
        modelA: row.model_a,
        modelB: row.model_b,
        winner: row.winner,
        language: row.language,
        category: row.category,
        tags: splitTags(row.tags),
        votedAt: new Date(row.voted_at),
      }));
    },
    async importBattles(battles) {
      return importAll(battles);
    },
    async exportBattles(): Promise<BattleWithVote[]> {
      return (selectAll.all() as VoteRow[]).map((row) => ({
        id: row.id,
        sessionHash: row.session_hash,
        prompt: row.prompt,
        language: row.language,
        category: row.category,
        tags: splitTags(row.tags),
        modelA: row.model_a,
        modelB: row.model_b,
        answerA: row.answer_a,
        answerB: row.answer_b,
        source: row.source,
        startedAt: new Date(row.started_at),
        winner: row.winner,
        votedAt: new Date(row.voted_at),
        flag: row.flag,
        ...(row.conversation ? { conversation: JSON.parse(row.conversation) as ConversationTurn[] } : {}),
      }));
    },
    async close() {
      db.close();
    },
  };
}

function splitTags(tags: string): string[] {
  return tags === "" ? [] : tags.split(",");
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
