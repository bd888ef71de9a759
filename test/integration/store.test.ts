import assert from "node:assert/strict";
import Database from "better-sqlite3";
import type { BattleWithVote } from "../../server/src/store/store.ts";
import { openSqliteStore } from "../../server/src/store/sqlite.ts";
import { tempDbFile } from "../support/server.ts";

const battle = (id: string, overrides: Partial<BattleWithVote> = {}): BattleWithVote => ({
  id,
  sessionHash: "f".repeat(64),
  prompt: "Quelle est la capitale de la France ?",
  language: "fr",
  category: "knowledge",
  tags: [],
  modelA: "m1",
  modelB: "m2",
  answerA: "Paris.",
  answerB: "Lyon.",
  source: "import",
  startedAt: new Date("2026-01-01T00:00:00Z"),
  winner: "a",
  votedAt: new Date("2026-01-01T00:01:00Z"),
  flag: null,
  ...overrides,
});

describe("SQLite store", () => {
  it("keeps flagged votes but leaves them out of the counted votes", async () => {
    const store = openSqliteStore(tempDbFile());
    try {
      await store.importBattles([battle("b1"), battle("b2", { flag: "identity-leak" }), battle("b3", { tags: ["coding", "long"] })]);
      assert.deepEqual((await store.listVotes()).map((v) => v.battleId), ["b1", "b3"]);
      assert.deepEqual((await store.listVotes({ includeFlagged: true })).map((v) => v.battleId), ["b1", "b2", "b3"]);
      const exported = await store.exportBattles();
      assert.equal(exported.length, 3);
      assert.equal(exported[1]!.flag, "identity-leak");
      assert.deepEqual(exported[2]!.tags, ["coding", "long"]);
      assert.deepEqual(exported[0], battle("b1"));
    } finally {
      await store.close();
    }
  });

  it("imports idempotently by battle id", async () => {
    const store = openSqliteStore(tempDbFile());
    try {
      assert.deepEqual(await store.importBattles([battle("x"), battle("y")]), { imported: 2, skipped: 0 });
      assert.deepEqual(await store.importBattles([battle("y"), battle("z")]), { imported: 1, skipped: 1 });
      assert.equal((await store.listVotes()).length, 3);
    } finally {
      await store.close();
    }
  });

  it("upgrades a database written by the first schema version, keeping its votes", async () => {
    const file = tempDbFile();
    const old = new Database(file);
    old.exec(`
      CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
      INSERT INTO schema_migrations VALUES (1, '2026-01-01T00:00:00Z');
      CREATE TABLE battles (id TEXT PRIMARY KEY, session_hash TEXT NOT NULL, prompt TEXT NOT NULL, language TEXT NOT NULL,
        category TEXT, model_a TEXT NOT NULL, model_b TEXT NOT NULL, source TEXT NOT NULL, started_at TEXT NOT NULL);
      CREATE TABLE votes (seq INTEGER PRIMARY KEY AUTOINCREMENT, battle_id TEXT NOT NULL UNIQUE REFERENCES battles(id),
        session_hash TEXT NOT NULL, winner TEXT NOT NULL, voted_at TEXT NOT NULL);
      INSERT INTO battles VALUES ('old', 'h', 'Hello there, how are you?', 'en', NULL, 'm1', 'm2', 'pack', '2026-01-01T00:00:00Z');
      INSERT INTO votes (battle_id, session_hash, winner, voted_at) VALUES ('old', 'h', 'b', '2026-01-01T00:00:05Z');`);
    old.close();
    const store = openSqliteStore(file);
    try {
      const [vote] = await store.listVotes();
      assert.deepEqual(vote, {
        battleId: "old",
        sessionHash: "h",
        promptKey: null,
        flag: null,
        modelA: "m1",
        modelB: "m2",
        winner: "b",
        language: "en",
        category: null,
        tags: [],
        votedAt: new Date("2026-01-01T00:00:05Z"),
      });
    } finally {
      await store.close();
    }
    // Opening again runs no migration twice.
    const again = openSqliteStore(file);
    await again.close();
  });
});
