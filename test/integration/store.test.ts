/**
 * One behaviour, two engines: every ArenaStore method is tested against SQLite and against
 * PostgreSQL (when ARENA_TEST_POSTGRES_URL is set; otherwise that suite reports itself skipped).
 */
import assert from "node:assert/strict";
import fs from "node:fs";

import Database from "better-sqlite3";
import pg from "pg";

import type { BattleRecord, BattleWithVote, ConversationTurn } from "../../server/src/domain/battle.ts";
import { openPostgresStore } from "../../server/src/store/postgres.ts";
import { promptKeyOf } from "../../server/src/store/promptKey.ts";
import { openSqliteStore } from "../../server/src/store/sqlite.ts";
import type { ArenaStore } from "../../server/src/store/store.ts";
import { freshPostgresUrl, onServer, postgresSuiteTitle, skipWithoutPostgres } from "../support/postgres.ts";
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

const liveBattle = (id: string, overrides: Partial<BattleRecord> = {}): BattleRecord => ({
  id,
  sessionHash: "a".repeat(64),
  prompt: "  Write a haiku about the sea!  ",
  language: "en",
  category: null,
  tags: [],
  modelA: "m1",
  modelB: "m2",
  answerA: null,
  answerB: null,
  source: "live",
  startedAt: new Date("2026-02-01T10:00:00.123Z"),
  ...overrides,
});

const VOTER = "c".repeat(64);

/** Where one test's store lives; `open` may be called more than once (reopening, racing opens). */
type StoreLocation = { open(): Promise<ArenaStore>; remove(): Promise<void> };

function describeStore(
  name: string,
  newLocation: () => Promise<StoreLocation>,
  options: { skip?: (context: Mocha.Context) => void } = {},
): void {
  describe(name, function () {
    let location: StoreLocation;
    let store: ArenaStore;
    const opened: ArenaStore[] = [];
    /** Another store on the same database, closed after the test. */
    const openAgain = async () => {
      const again = await location.open();
      opened.push(again);
      return again;
    };

    before(function () {
      options.skip?.(this);
    });
    beforeEach(async () => {
      location = await newLocation();
      store = await openAgain();
    });
    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close().catch(() => undefined);
      await location.remove();
    });

    describe("judgments", () => {
      const judgment = (battleId: string, order: "ab" | "ba", verdict: "a" | "b" | "tie" | null) => ({
        battleId,
        judge: "j1",
        order,
        verdict,
        raw: verdict ? `[[${verdict === "tie" ? "C" : verdict.toUpperCase()}]] \u0000` : "no marker",
        error: verdict ? null : "no verdict",
        judgedAt: new Date("2026-03-01T00:00:00.000Z"),
      });

      it("queues this arena's voted battles, not imported, flagged or excluded ones, oldest first, with the missing orders", async () => {
        const turns: ConversationTurn[] = [
          { prompt: "Q1", a: "A1", b: "B1" },
          { prompt: "Q2", a: "A2", b: "B2" },
        ];
        await store.importBattles([
          battle("own-1", { source: "pack" }),
          battle("imported"),
          battle("flagged", { source: "live", flag: "identity_leak" }),
          battle("excluded", { source: "live", sessionHash: "e".repeat(64) }),
          battle("no-answer", { source: "live", answerB: null }),
          battle("own-2", { source: "live", conversation: turns }),
          battle("own-3", { source: "pack" }),
        ]);
        await store.setSessionStanding("e".repeat(64), {
          status: "excluded",
          source: "admin",
          reason: "test",
          updatedAt: new Date(),
        });
        assert.equal(await store.judgments.countPending("j1"), 3);
        const [first, second] = await store.judgments.pending("j1", 2, []);
        assert.deepEqual(first, {
          battleId: "own-1",
          judge: "j1",
          turns: [{ prompt: battle("x").prompt, a: "Paris.", b: "Lyon." }],
          missing: ["ab", "ba"],
        });
        assert.equal(second!.battleId, "own-2");
        assert.deepEqual(second!.turns, turns);
        assert.deepEqual(
          (await store.judgments.pending("j1", 10, ["own-1"])).map((task) => task.battleId),
          ["own-2", "own-3"],
        );

        assert.equal(await store.judgments.record(judgment("own-1", "ab", "a")), "recorded");
        assert.equal(await store.judgments.record(judgment("own-1", "ab", "b")), "duplicate");
        assert.deepEqual((await store.judgments.pending("j1", 1, []))[0]!.missing, ["ba"]);
        assert.equal(await store.judgments.countPending("j2"), 3, "each judge has its own queue");
        await store.judgments.record(judgment("own-1", "ba", "a"));
        assert.equal(await store.judgments.countPending("j1"), 2);

        await store.judgments.record(judgment("own-2", "ab", null));
        await store.judgments.record(judgment("own-2", "ba", null));
        const rows = await store.judgments.ofBattle("own-1");
        assert.deepEqual(
          rows.map((row) => [row.order, row.verdict, row.error]),
          [
            ["ab", "a", null],
            ["ba", "a", null],
          ],
        );
        assert.equal(rows[0]!.judgedAt.toISOString(), "2026-03-01T00:00:00.000Z");
        assert.match(rows[0]!.raw, /^\[\[A\]\] /);
        assert.deepEqual(
          (await store.judgments.judgedVotes()).map((vote) => vote.battleId),
          ["own-1", "own-2"],
        );
        assert.equal((await store.judgments.verdicts()).length, 4);
        assert.equal(await store.judgments.forgetFailed("j1"), 2);
        assert.equal(await store.judgments.countPending("j1"), 2);
        assert.deepEqual(await store.judgments.ofBattle("imported"), []);
      });
    });

    describe("votes", () => {
      it("keeps flagged votes but leaves them out of the counted votes", async () => {
        await store.importBattles([
          battle("b1"),
          battle("b2", { flag: "identity-leak" }),
          battle("b3", { tags: ["coding", "long"] }),
        ]);
        assert.deepEqual(
          (await store.listVotes()).map((v) => v.battleId),
          ["b1", "b3"],
        );
        assert.deepEqual(
          (await store.listVotes({ includeFlagged: true })).map((v) => v.battleId),
          ["b1", "b2", "b3"],
        );
        assert.equal(await store.countVotes(), 3);
        const exported = await store.exportBattles();
        assert.equal(exported.length, 3);
        assert.equal(exported[1]!.flag, "identity-leak");
        assert.deepEqual(exported[2]!.tags, ["coding", "long"]);
        assert.deepEqual(exported[0], battle("b1"));
      });

      it("records a vote once: a second vote on the same battle is a duplicate and changes nothing", async () => {
        await store.insertBattle(liveBattle("L1"));
        const outcome = { answerA: "Waves fold", answerB: "Salt and foam", tags: ["multiturn"], conversation: [] };
        assert.equal(
          await store.recordVote({
            battleId: "L1",
            sessionHash: VOTER,
            winner: "b",
            votedAt: new Date("2026-02-01T10:01:00Z"),
            outcome,
          }),
          "recorded",
        );
        assert.equal(
          await store.recordVote({
            battleId: "L1",
            sessionHash: "d".repeat(64),
            winner: "a",
            votedAt: new Date("2026-02-01T10:02:00Z"),
            outcome: { answerA: "other", answerB: "other", tags: [], conversation: [] },
          }),
          "duplicate",
        );
        assert.equal(await store.countVotes(), 1);
        const [exported] = await store.exportBattles();
        assert.equal(exported!.winner, "b");
        assert.equal(exported!.answerA, "Waves fold");
        assert.equal(exported!.answerB, "Salt and foam");
        assert.deepEqual(exported!.tags, ["multiturn"]);
        assert.equal(exported!.conversation, undefined, "a one-turn battle keeps no conversation");
      });

      it("records exactly one of many concurrent votes on one battle", async () => {
        await store.insertBattle(liveBattle("race"));
        const results = await Promise.all(
          (["a", "b", "tie", "bothbad", "a", "b", "tie", "bothbad"] as const).map((winner, index) =>
            store.recordVote({ battleId: "race", sessionHash: `${index}`.repeat(64), winner, votedAt: new Date() }),
          ),
        );
        assert.equal(results.filter((result) => result === "recorded").length, 1, results.join(","));
        assert.equal(await store.countVotes(), 1);
        const [vote] = await store.listVotes();
        const winner = (["a", "b", "tie", "bothbad", "a", "b", "tie", "bothbad"] as const)[results.indexOf("recorded")];
        assert.equal(vote!.winner, winner, "the stored winner is the recorded vote's");
      });

      it("refuses a vote on a battle it does not know", async () => {
        await assert.rejects(
          store.recordVote({ battleId: "nowhere", sessionHash: VOTER, winner: "a", votedAt: new Date() }),
        );
        assert.equal(await store.countVotes(), 0);
      });

      it("lists votes in the order they were cast, with the voter's session, prompt key and flag", async () => {
        await store.insertBattle(liveBattle("first-started"));
        await store.insertBattle(
          liveBattle("pack", {
            source: "pack",
            prompt: "What is 2 + 2?",
            category: "math",
            language: "en",
            tags: ["long"],
          }),
        );
        await store.recordVote({
          battleId: "pack",
          sessionHash: VOTER,
          winner: "tie",
          votedAt: new Date("2026-02-01T10:05:00.456Z"),
        });
        await store.recordVote({
          battleId: "first-started",
          sessionHash: VOTER,
          winner: "a",
          votedAt: new Date("2026-02-01T10:06:00Z"),
          flag: "identity-leak",
        });
        assert.deepEqual(await store.listVotes({ includeFlagged: true }), [
          {
            battleId: "pack",
            sessionHash: VOTER,
            promptKey: null,
            modelA: "m1",
            modelB: "m2",
            winner: "tie",
            language: "en",
            category: "math",
            tags: ["long"],
            votedAt: new Date("2026-02-01T10:05:00.456Z"),
            flag: null,
            source: "pack",
            style: null,
            reasons: [],
          },
          {
            battleId: "first-started",
            sessionHash: VOTER,
            promptKey: promptKeyOf("write a HAIKU about the sea", "live"),
            modelA: "m1",
            modelB: "m2",
            winner: "a",
            language: "en",
            category: null,
            tags: [],
            votedAt: new Date("2026-02-01T10:06:00Z"),
            flag: "identity-leak",
            source: "live",
            style: null,
            reasons: [],
          },
        ]);
        assert.deepEqual(
          (await store.listVotes()).map((vote) => vote.battleId),
          ["pack"],
        );
        assert.equal(await store.countVotes(), 2);
      });

      it("keeps a multi-turn conversation written with the vote", async () => {
        await store.insertBattle(liveBattle("talk"));
        const conversation: ConversationTurn[] = [
          { prompt: "Write a haiku about the sea!", a: "Waves", b: "Foam" },
          { prompt: "Now about rain", a: "Drops", b: "Puddles" },
        ];
        await store.recordVote({
          battleId: "talk",
          sessionHash: VOTER,
          winner: "a",
          votedAt: new Date(),
          outcome: { answerA: "Drops", answerB: "Puddles", tags: ["multiturn"], conversation },
        });
        const [exported] = await store.exportBattles();
        assert.deepEqual(exported!.conversation, conversation);
        assert.equal(exported!.sessionHash, "a".repeat(64), "the battle's session");
      });
    });

    describe("style counts", () => {
      const metadata = (tokensA: number, tokensB: number) => ({
        sum_assistant_a_tokens: tokensA,
        sum_assistant_b_tokens: tokensB,
        header_count_a: { h1: 1, h2: 2 },
        header_count_b: { h1: 0, h2: 0 },
        list_count_a: { ordered: 0, unordered: 3 },
        list_count_b: { ordered: 1, unordered: 0 },
        bold_count_a: { "**": 0, __: 0 },
        bold_count_b: { "**": 4, __: 1 },
      });

      it("keeps the conv_metadata written with a vote, exports it, and reads its counts back with the vote", async () => {
        await store.insertBattle(liveBattle("styled"));
        const outcome = {
          answerA: "Waves",
          answerB: "Foam",
          tags: [],
          conversation: [],
          convMetadata: metadata(12, 30),
        };
        await store.recordVote({ battleId: "styled", sessionHash: VOTER, winner: "a", votedAt: new Date(), outcome });
        const [exported] = await store.exportBattles();
        assert.deepEqual(exported!.convMetadata, metadata(12, 30));
        const [vote] = await store.listVotes();
        assert.deepEqual(vote!.style, { a: [12, 3, 3, 0], b: [30, 0, 1, 5] });
      });

      it("lists the voted battles of this arena that have answers but no style counts, and saves them", async () => {
        await store.insertBattle(liveBattle("old", { answerA: "Waves", answerB: "Foam" }));
        await store.insertBattle(liveBattle("unvoted", { answerA: "Waves", answerB: "Foam" }));
        await store.insertBattle(liveBattle("counted"));
        await store.recordVote({ battleId: "old", sessionHash: VOTER, winner: "b", votedAt: new Date() });
        const outcome = { answerA: "x", answerB: "y", tags: [], conversation: [], convMetadata: metadata(1, 2) };
        await store.recordVote({ battleId: "counted", sessionHash: VOTER, winner: "a", votedAt: new Date(), outcome });
        // Imported battles keep what their file gave, even without style counts.
        await store.importBattles([battle("imported", { answerA: "p", answerB: "q" })]);
        const missing = [];
        for await (const page of store.battlesWithoutStyle(1)) missing.push(...page.map((each) => each.id));
        assert.deepEqual(missing, ["old"]);
        await store.saveConvMetadata([{ battleId: "old", convMetadata: metadata(5, 6) }]);
        for await (const page of store.battlesWithoutStyle()) assert.deepEqual(page, [], "nothing left to count");
        const styles = new Map((await store.listVotes()).map((vote) => [vote.battleId, vote.style]));
        assert.deepEqual(styles.get("old"), { a: [5, 3, 3, 0], b: [6, 0, 1, 5] });
        assert.equal(styles.get("imported"), null);
      });
    });

    describe("battles", () => {
      it("finds a battle by id with its saved state and whether it has a vote", async () => {
        assert.equal(await store.getBattle("unknown"), null);
        const record = liveBattle("B1", { tags: ["coding"], category: "coding" });
        await store.insertBattle(record);
        assert.deepEqual(await store.getBattle("B1"), { record, state: null, voted: false });

        const state = {
          prompts: ["Write a haiku about the sea!", "Again"],
          answers: { a: ["x", "y"], b: ["z", ""] },
          ended: { a: true, b: false },
        };
        await store.saveBattleState("B1", state);
        assert.deepEqual(await store.getBattle("B1"), { record, state, voted: false });

        const later = { ...state, ended: {} };
        await store.saveBattleState("B1", later);
        await store.recordVote({ battleId: "B1", sessionHash: VOTER, winner: "a", votedAt: new Date() });
        assert.deepEqual(await store.getBattle("B1"), { record, state: later, voted: true });
      });

      it("another store on the same database sees the battle and its state", async () => {
        await store.insertBattle(liveBattle("shared"));
        await store.saveBattleState("shared", { prompts: ["p"], answers: { a: ["1"], b: ["2"] }, ended: {} });
        const other = await openAgain();
        const found = await other.getBattle("shared");
        assert.deepEqual(found?.state, { prompts: ["p"], answers: { a: ["1"], b: ["2"] }, ended: {} });
        assert.equal(
          await other.recordVote({ battleId: "shared", sessionHash: VOTER, winner: "b", votedAt: new Date() }),
          "recorded",
        );
        assert.equal(
          await store.recordVote({ battleId: "shared", sessionHash: VOTER, winner: "a", votedAt: new Date() }),
          "duplicate",
        );
      });

      it("ignores a second insert of the same battle id", async () => {
        await store.insertBattle(liveBattle("twice"));
        await store.insertBattle(liveBattle("twice", { prompt: "something else" }));
        assert.equal((await store.getBattle("twice"))!.record.prompt, liveBattle("twice").prompt);
      });
    });

    describe("import and export", () => {
      it("imports idempotently by battle id", async () => {
        assert.deepEqual(await store.importBattles([battle("x"), battle("y")]), { imported: 2, skipped: 0 });
        assert.deepEqual(await store.importBattles([battle("y"), battle("z")]), { imported: 1, skipped: 1 });
        assert.deepEqual(await store.importBattles([]), { imported: 0, skipped: 0 });
        assert.equal((await store.listVotes()).length, 3);
      });

      it("keeps the first of two battles with one id in the same import", async () => {
        assert.deepEqual(await store.importBattles([battle("dup", { winner: "b" }), battle("dup", { winner: "a" })]), {
          imported: 1,
          skipped: 1,
        });
        assert.equal((await store.exportBattles())[0]!.winner, "b");
      });

      it("exports what it imported: sessions, flags, conversations, sources and times to the millisecond", async () => {
        const battles = [
          battle("i1", {
            sessionHash: "1".repeat(64),
            startedAt: new Date("2025-05-05T05:05:05.555Z"),
            votedAt: new Date("2025-05-05T05:06:00.001Z"),
          }),
          battle("i2", {
            source: "live",
            flag: "abuse",
            tags: ["multiturn", "coding"],
            conversation: [
              { prompt: "one", a: "A1", b: "B1" },
              { prompt: "two", a: "A2", b: "B2" },
            ],
          }),
          battle("i3", { source: "pack", category: null, answerA: null, answerB: null, winner: "bothbad" }),
        ];
        await store.importBattles(battles);
        assert.deepEqual(await store.exportBattles(), battles);
        const keys = (await store.listVotes({ includeFlagged: true })).map((vote) => vote.promptKey);
        assert.deepEqual(keys, [
          promptKeyOf(battles[0]!.prompt, "import"),
          promptKeyOf(battles[1]!.prompt, "live"),
          null,
        ]);
      });

      it("imports 12,000 battles in one call, in order", async () => {
        const many = Array.from({ length: 12_000 }, (_, index) =>
          battle(`m${String(11_999 - index).padStart(5, "0")}`, { winner: index % 2 ? "a" : "b" }),
        );
        assert.deepEqual(await store.importBattles(many), { imported: 12_000, skipped: 0 });
        const votes = await store.listVotes();
        assert.equal(votes.length, 12_000);
        assert.deepEqual(
          votes.map((vote) => vote.battleId),
          many.map((each) => each.id),
        );
        assert.deepEqual(await store.importBattles(many.slice(5_000, 6_000)), { imported: 0, skipped: 1_000 });
      });

      it("keeps nothing of an import whose input fails after some batches, and imports again afterwards", async () => {
        async function* failing() {
          yield [battle("kept-not-1"), battle("kept-not-2")];
          yield Array.from({ length: 3_000 }, (_, index) => battle(`kept-not-${index + 3}`));
          throw new Error("late: winner must be model_a, model_b, tie or both_bad");
        }
        await assert.rejects(store.importBattles(failing()), /late: winner must be/);
        assert.equal(await store.countVotes(), 0);
        assert.equal(await store.getBattle("kept-not-1"), null);
        assert.deepEqual(await store.importBattles([battle("kept-not-1")]), { imported: 1, skipped: 0 });
        assert.deepEqual(
          (await store.exportBattles()).map((each) => each.id),
          ["kept-not-1"],
        );
      });

      it("goes on recording votes after an import, seen by another store", async () => {
        await store.importBattles([battle("before-live")]);
        await store.insertBattle(liveBattle("after-import"));
        assert.equal(
          await store.recordVote({ battleId: "after-import", sessionHash: VOTER, winner: "tie", votedAt: new Date() }),
          "recorded",
        );
        const other = await openAgain();
        assert.deepEqual(
          (await other.listVotes()).map((vote) => vote.battleId),
          ["before-live", "after-import"],
        );
      });

      it("imports while another store has the database open", async () => {
        const other = await openAgain();
        assert.deepEqual(await store.importBattles([battle("with-company")]), { imported: 1, skipped: 0 });
        assert.equal(await other.countVotes(), 1);
      });

      it("gives back each imported record's own fields in their order, whichever fields each record has", async () => {
        const battles = [
          battle("f1", { fileFields: { id: "f1", note: "a, b", score: 3, nested: { deep: [1, "two"] } } }),
          battle("f2", { fileFields: { id: "f2", note: "c" } }),
          battle("f3", { fileFields: { note: "d", id: "f3" } }),
          battle("f4", { fileFields: { id: "f4", note: "e", score: 1, nested: null } }),
        ];
        await store.importBattles(battles);
        const exported = await store.exportBattles();
        assert.deepEqual(exported, battles);
        assert.deepEqual(
          exported.map((each) => Object.keys(each.fileFields!)),
          battles.map((each) => Object.keys(each.fileFields!)),
        );
        assert.deepEqual(await (await openAgain()).exportBattles(), battles, "another store reads the same fields");
      });

      it("gives back each record's own fields after an import that failed with fields never seen before", async () => {
        async function* failing() {
          yield [battle("gone", { fileFields: { only: "in the failed import", id: "gone" } })];
          throw new Error("late: bad row");
        }
        await assert.rejects(store.importBattles(failing()), /late: bad row/);
        const battles = [
          battle("c1", { fileFields: { c: 1 } }),
          battle("c2", { fileFields: { only: "now kept", id: "c2" } }),
          battle("c3", { fileFields: { c: 3 } }),
        ];
        await store.importBattles(battles.slice(0, 1));
        await store.importBattles(battles.slice(1));
        assert.deepEqual(await store.exportBattles(), battles);
        assert.deepEqual(await (await openAgain()).exportBattles(), battles);
      });
    });

    describe("session standings", () => {
      it("sets, replaces and removes the standing of a session, listed by time", async () => {
        assert.deepEqual(await store.listSessionStandings(), []);
        const excluded = {
          status: "excluded",
          source: "anomaly",
          reason: "42 votes in a minute",
          updatedAt: new Date("2026-03-01T00:00:00.250Z"),
        } as const;
        await store.setSessionStanding("s2", excluded);
        await store.setSessionStanding("s1", {
          status: "excluded",
          source: "admin",
          reason: "spam",
          updatedAt: new Date("2026-03-02T00:00:00Z"),
        });
        assert.deepEqual(await store.listSessionStandings(), [
          { sessionHash: "s2", ...excluded },
          {
            sessionHash: "s1",
            status: "excluded",
            source: "admin",
            reason: "spam",
            updatedAt: new Date("2026-03-02T00:00:00Z"),
          },
        ]);
        const restored = {
          status: "restored",
          source: "admin",
          reason: "a real person",
          updatedAt: new Date("2026-03-03T00:00:00Z"),
        } as const;
        await store.setSessionStanding("s2", restored);
        await store.setSessionStanding("s1", null);
        await store.setSessionStanding("never-set", null);
        assert.deepEqual(await store.listSessionStandings(), [{ sessionHash: "s2", ...restored }]);
      });
    });

    describe("schema", () => {
      it("opens an existing database again without migrating twice, keeping its data", async () => {
        await store.importBattles([battle("kept")]);
        await store.close();
        opened.splice(opened.indexOf(store), 1);
        const again = await openAgain();
        assert.deepEqual(
          (await again.listVotes()).map((vote) => vote.battleId),
          ["kept"],
        );
        const third = await openAgain();
        assert.equal(await third.countVotes(), 1);
      });

      it("two servers opening a new database at once both end up on the full schema", async () => {
        const fresh = await newLocation();
        const [one, two] = await Promise.all([fresh.open(), fresh.open()]);
        try {
          await one.importBattles([battle("from-one")]);
          assert.equal(await two.countVotes(), 1);
        } finally {
          await one.close();
          await two.close();
          await fresh.remove();
        }
      });
    });
  });
}

describeStore("SQLite store", async () => {
  const file = tempDbFile();
  return { open: async () => openSqliteStore(file), remove: async () => undefined };
});

describeStore(
  postgresSuiteTitle("PostgreSQL store"),
  async () => {
    const database = await freshPostgresUrl();
    return { open: () => openPostgresStore(database.url), remove: () => database.drop() };
  },
  { skip: skipWithoutPostgres },
);

describe("SQLite store upgrades", () => {
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
        source: "pack",
        style: null,
        reasons: [],
      });
    } finally {
      await store.close();
    }
    // Opening again runs no migration twice.
    const again = openSqliteStore(file);
    await again.close();
  });
});

describe("SQLite store imports", () => {
  it("export a record stored before field layouts (its fields whole) as it was", async () => {
    const file = tempDbFile();
    const store = openSqliteStore(file);
    try {
      await store.importBattles([battle("laid-out", { fileFields: { id: "laid-out", note: "new" } })]);
      const db = new Database(file);
      db.prepare(
        `INSERT INTO battles (id, session_hash, prompt, language, model_a, model_b, source, started_at, file_fields)
         VALUES ('whole', 'h', '', 'und', 'm1', 'm2', 'import', '2026-01-01T00:00:00.000Z', '{"note":"old","id":"whole"}')`,
      ).run();
      db.prepare(
        "INSERT INTO votes (battle_id, session_hash, winner, voted_at) VALUES ('whole', 'h', 'a', '2026-01-01T00:00:00.000Z')",
      ).run();
      db.close();
      assert.deepEqual(
        (await store.exportBattles()).map((each) => each.fileFields),
        [
          { id: "laid-out", note: "new" },
          { note: "old", id: "whole" },
        ],
      );
    } finally {
      await store.close();
    }
  });

  it("leave the database in write-ahead-log mode with no journal beside it, and the votes synced through the log again", async () => {
    const file = tempDbFile();
    const store = openSqliteStore(file);
    try {
      await store.importBattles([battle("one"), battle("two")]);
      assert.equal(fs.existsSync(`${file}-journal`), false);
      await store.insertBattle(liveBattle("after"));
      assert.equal(
        await store.recordVote({ battleId: "after", sessionHash: VOTER, winner: "a", votedAt: new Date() }),
        "recorded",
      );
    } finally {
      await store.close();
    }
    const db = new Database(file);
    try {
      assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
      assert.equal(db.prepare("SELECT count(*) FROM votes").pluck().get(), 3);
    } finally {
      db.close();
    }
  });

  it("keep refusing a vote on an unknown battle after an import (foreign keys back on)", async () => {
    const store = openSqliteStore(tempDbFile());
    try {
      await store.importBattles([battle("known")]);
      await assert.rejects(
        store.recordVote({ battleId: "unknown", sessionHash: VOTER, winner: "a", votedAt: new Date() }),
      );
    } finally {
      await store.close();
    }
  });

  it("store votes in file order, flags with a NUL or a lone surrogate as a bound value stores them", async () => {
    const file = tempDbFile();
    const store = openSqliteStore(file);
    const flags = ["plain", "nul\u0000inside", "lone\ud800surrogate", "emoji 😀 and 'quote'", null];
    try {
      // A batch's votes go in as one JSON array: its text must come out as binding stores it.
      await store.importBattles([battle("j1", { flag: "plain" }), battle("j2", { flag: "x", winner: "tie" })]);
      await store.importBattles(flags.map((flag, index) => battle(`f${index}`, { flag })));
    } finally {
      await store.close();
    }
    const db = new Database(file);
    try {
      db.exec("CREATE TEMP TABLE bound (flag TEXT)");
      const bind = db.prepare("INSERT INTO bound (flag) VALUES (?)");
      for (const flag of flags) bind.run(flag);
      const hexOf = (sql: string) => db.prepare(sql).pluck().all();
      assert.deepEqual(
        hexOf("SELECT hex(flag) FROM votes WHERE battle_id LIKE 'f%' ORDER BY seq"),
        hexOf("SELECT hex(flag) FROM bound ORDER BY rowid"),
      );
      assert.deepEqual(db.prepare("SELECT battle_id, winner, flag FROM votes ORDER BY seq").all().slice(0, 2), [
        { battle_id: "j1", winner: "a", flag: "plain" },
        { battle_id: "j2", winner: "tie", flag: "x" },
      ]);
    } finally {
      db.close();
    }
  });

  it("give a new database the page size asked for; one that exists keeps its own", async () => {
    const file = tempDbFile();
    await openSqliteStore(file, { pageSize: 16_384 }).close();
    await openSqliteStore(file, { pageSize: 8_192 }).close();
    const db = new Database(file);
    try {
      assert.equal(db.pragma("page_size", { simple: true }), 16_384);
    } finally {
      db.close();
    }
  });
});

describe(postgresSuiteTitle("PostgreSQL store imports"), () => {
  before(function () {
    skipWithoutPostgres(this);
  });

  it("export a record stored before field layouts (its fields whole) as it was", async () => {
    const database = await freshPostgresUrl();
    const store = await openPostgresStore(database.url);
    const client = new pg.Client({ connectionString: database.url });
    try {
      await store.importBattles([battle("laid-out", { fileFields: { id: "laid-out", note: "new" } })]);
      await client.connect();
      await client.query(
        `INSERT INTO battles (id, session_hash, prompt, language, model_a, model_b, source, started_at, file_fields)
         VALUES ('whole', 'h', '', 'und', 'm1', 'm2', 'import', now(), '{"note":"old","id":"whole"}')`,
      );
      await client.query(
        "INSERT INTO votes (battle_id, session_hash, winner, voted_at) VALUES ('whole', 'h', 'a', now())",
      );
      assert.deepEqual(
        (await store.exportBattles()).map((each) => each.fileFields),
        [
          { id: "laid-out", note: "new" },
          { note: "old", id: "whole" },
        ],
      );
    } finally {
      await client.end();
      await store.close();
      await database.drop();
    }
  });
});

describe(postgresSuiteTitle("PostgreSQL store connections"), () => {
  before(function () {
    skipWithoutPostgres(this);
  });

  it("fails to open within its connection timeout when nothing answers, rather than waiting", async () => {
    const started = Date.now();
    await assert.rejects(openPostgresStore("postgres://postgres@127.0.0.1:1/none", { connectionTimeoutMs: 1_000 }));
    assert.ok(Date.now() - started < 3_000);
  });

  it("keeps working after PostgreSQL cuts its connections (restart, fail-over)", async () => {
    const database = await freshPostgresUrl();
    const idleErrors: Error[] = [];
    const store = await openPostgresStore(database.url, { onIdleError: (error) => idleErrors.push(error) });
    try {
      await store.importBattles([battle("before")]);
      // Several idle connections in the pool.
      await Promise.all([store.countVotes(), store.countVotes(), store.countVotes()]);
      const { rowCount } = await onServer(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [database.name],
      );
      assert.ok((rowCount ?? 0) >= 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(idleErrors.length >= 1, "idle connections' errors are reported, not thrown");
      assert.equal(await store.countVotes(), 1);
      assert.deepEqual(await store.importBattles([battle("after")]), { imported: 1, skipped: 0 });
    } finally {
      await store.close();
      await database.drop();
    }
  });

  it("stores text with U+0000, which PostgreSQL text cannot hold, with U+FFFD in its place", async () => {
    const database = await freshPostgresUrl();
    const store = await openPostgresStore(database.url);
    try {
      await store.insertBattle(liveBattle("nul", { prompt: "a\0b" }));
      await store.saveBattleState("nul", { prompts: ["a\0b"], answers: { a: ["x\0"], b: [""] }, ended: {} });
      const found = await store.getBattle("nul");
      assert.equal(found!.record.prompt, "a\uFFFDb");
      assert.deepEqual(found!.state!.answers.a, ["x\uFFFD"]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
