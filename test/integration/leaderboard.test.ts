import assert from "node:assert/strict";
import type { Ack, Leaderboard, LanguagesResponse, Winner } from "@arena/shared/protocol";
import {
  type ArenaClient,
  emitRaw,
  expectOk,
  getJson,
  nextEvent,
  playBattle,
  request,
  useArenaPerTest,
} from "../support/server.ts";

async function voteOnce(voter: ArenaClient, winner: Winner = "a") {
  const battle = await playBattle(voter);
  const result = expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner }));
  return { ...battle, ...result };
}

describe("leaderboard", () => {
  const arena = useArenaPerTest();
  let watcher: ArenaClient;
  beforeEach(async () => {
    watcher = await arena.connect();
  });

  describe("leaderboard:watch", () => {
    it("answers the current table, then pushes leaderboard:update after a vote", async () => {
      const initial = expectOk(await request(watcher, "leaderboard:watch", {}));
      assert.deepEqual([initial.language, initial.category, initial.battles, initial.rows], [null, null, 0, []]);
      const update = nextEvent(watcher, "leaderboard:update", 1000);
      const vote = await voteOnce(arena.voter, "b");
      const table = await update;
      assert.equal(table.battles, 1);
      assert.equal(table.language, null);
      assert.deepEqual(table.rows.map((row) => row.model), [vote.models.b, vote.models.a]);
      assert.equal(table.rows[0]!.elo, 1002);
      assert.equal(table.rows[0]!.rating, table.rows[0]!.elo);
      assert.equal(table.rows[0]!.ciLower, null);
    });

    it("pushes the vote's language table to its watchers and not other languages'", async () => {
      let battle = await playBattle(arena.voter);
      while (battle.language === "und") battle = await playBattle(arena.voter);
      const language = battle.language;
      const other = language === "fr" ? "de" : "fr";
      expectOk(await request(watcher, "leaderboard:watch", { language }));
      const otherWatcher = await arena.connect();
      {
        expectOk(await request(otherWatcher, "leaderboard:watch", { language: other }));
        let otherUpdates = 0;
        otherWatcher.on("leaderboard:update", () => otherUpdates++);
        const update = nextEvent(watcher, "leaderboard:update", 1000);
        expectOk(await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
        const table = await update;
        assert.equal(table.language, language);
        assert.equal(table.battles, 1);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(otherUpdates, 0);
      }
    });

    it("coalesces a burst of votes and always delivers the final table", async () => {
      await arena.restart({ leaderboardIntervalMs: 300 });
      watcher = await arena.connect();
      expectOk(await request(watcher, "leaderboard:watch", {}));
      const updates: Leaderboard[] = [];
      watcher.on("leaderboard:update", (table) => updates.push(table));
      for (let i = 0; i < 12; i++) await voteOnce(arena.voter);
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.ok(updates.length >= 1 && updates.length < 12, `${updates.length} updates for 12 votes`);
      assert.equal(updates.at(-1)!.battles, 12);
    });

    it("stops pushing after leaderboard:unwatch", async () => {
      expectOk(await request(watcher, "leaderboard:watch", {}));
      assert.deepEqual(expectOk(await request(watcher, "leaderboard:unwatch", {})), {});
      let updates = 0;
      watcher.on("leaderboard:update", () => updates++);
      await voteOnce(arena.voter);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(updates, 0);
    });

    it("refuses malformed filters", async () => {
      for (const payload of [{ language: "<script>" }, { language: "english" }, { language: 1 }, { lang: "en" }, { category: "A B" }, null]) {
        const ack = (await emitRaw(watcher, "leaderboard:watch", [payload])) as Ack<unknown>;
        assert.equal(ack.ok ? "ok" : ack.error.code, "invalid_payload", JSON.stringify(payload));
      }
    });
  });

  describe("GET /api/leaderboard", () => {
    it("filters by language: each table counts only its language's votes", async () => {
      const perLanguage = new Map<string, number>();
      for (let i = 0; i < 24; i++) {
        const vote = await voteOnce(arena.voter, (["a", "b", "tie", "bothbad"] as const)[i % 4]);
        perLanguage.set(vote.language, (perLanguage.get(vote.language) ?? 0) + 1);
      }
      assert.ok(perLanguage.size >= 2);
      const languages = (await getJson<LanguagesResponse>(`${arena.server.url}/api/languages`)).body.languages;
      assert.deepEqual(
        new Map(languages.map((l) => [l.code, l.battles])),
        perLanguage,
      );
      const counts = languages.map((l) => l.battles);
      assert.deepEqual(counts, [...counts].sort((x, y) => y - x), "most votes first");
      for (const [language, count] of perLanguage) {
        const { status, body } = await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard?language=${language}`);
        assert.equal(status, 200);
        assert.equal(body.language, language);
        assert.equal(body.battles, count);
        const votesInRows = body.rows.reduce((sum, row) => sum + row.battles, 0);
        assert.equal(votesInRows, 2 * count);
      }
      const overall = (await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard`)).body;
      assert.equal(overall.battles, 24);
      for (const row of overall.rows) assert.equal(row.wins + row.losses + row.ties, row.battles);
    });

    it("answers an empty table for a well-formed language without votes", async () => {
      await voteOnce(arena.voter);
      const { status, body } = await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard?language=xh`);
      assert.equal(status, 200);
      assert.equal(body.battles, 0);
      assert.deepEqual(body.rows, []);
    });

    it("answers 400 with a code for malformed queries", async () => {
      for (const query of ["language=%3Cscript%3E", `language=${"e".repeat(300)}`, "language=EN", "language=", "language=en&language=fr", "foo=bar", "category=%20"]) {
        const { status, body } = await getJson<{ error: { code: string; message: string } }>(
          `${arena.server.url}/api/leaderboard?${query}`,
        );
        assert.equal(status, 400, query);
        assert.equal(body.error.code, "invalid_payload");
        assert.ok(body.error.message.length > 0);
      }
    });
  });
});
