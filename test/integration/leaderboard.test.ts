import assert from "node:assert/strict";

import type {
  Ack,
  CategoriesResponse,
  LanguagesResponse,
  Leaderboard,
  LeaderboardMatrix,
  LeaderboardRow,
  Winner,
} from "@arena/shared/protocol";

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
      assert.deepEqual(
        table.rows.map((row) => row.model),
        [vote.models.b, vote.models.a],
      );
      const [winner, loser] = table.rows as [LeaderboardRow, LeaderboardRow];
      assert.equal(winner.elo, 1002);
      assert.equal(loser.elo, 998);
      // Bradley–Terry: centred on 1000, the winner above, with an interval around each rating.
      assert.ok(Math.abs((winner.rating + loser.rating) / 2 - 1000) < 1e-6);
      assert.ok(winner.rating > loser.rating);
      for (const row of table.rows) assert.ok(row.ciLower! < row.rating && row.rating < row.ciUpper!);
      // One vote is below the minimum (10 by default): both are provisional, so neither outranks the other.
      assert.deepEqual(
        table.rows.map((row) => [row.provisional, row.rank]),
        [
          [true, 1],
          [true, 1],
        ],
      );
      assert.match(table.votesHash, /^[0-9a-f]{64}$/);
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
      await arena.restart({ leaderboard: { pushIntervalMs: 300 } });
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
      for (const payload of [
        { language: "<script>" },
        { language: "english" },
        { language: 1 },
        { lang: "en" },
        { category: "A B" },
        null,
      ]) {
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
      assert.deepEqual(new Map(languages.map((l) => [l.code, l.battles])), perLanguage);
      const counts = languages.map((l) => l.battles);
      assert.deepEqual(
        counts,
        [...counts].sort((x, y) => y - x),
        "most votes first",
      );
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
      for (const query of [
        "language=%3Cscript%3E",
        `language=${"e".repeat(300)}`,
        "language=EN",
        "language=",
        "language=en&language=fr",
        "foo=bar",
        "category=%20",
      ]) {
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

describe("leaderboard views", () => {
  const arena = useArenaPerTest({ leaderboard: { minVotes: 3 } });
  const votes: Array<Awaited<ReturnType<typeof voteOnce>>> = [];
  beforeEach(async () => {
    votes.length = 0;
    for (let i = 0; i < 30; i++)
      votes.push(await voteOnce(arena.voter, (["a", "b", "a", "tie", "bothbad"] as const)[i % 5]));
  });

  it("GET /api/categories counts pack categories, most votes first", async () => {
    const { body } = await getJson<CategoriesResponse>(`${arena.server.url}/api/categories`);
    const expected = new Map<string, number>();
    for (const vote of votes) expected.set(vote.category!, (expected.get(vote.category!) ?? 0) + 1);
    assert.deepEqual(new Map(body.categories.map((c) => [c.name, c.battles])), expected);
    const counts = body.categories.map((c) => c.battles);
    assert.deepEqual(
      counts,
      [...counts].sort((x, y) => y - x),
    );
  });

  it("filters by category, marks models under the minimum as provisional, and gives their overall rank", async () => {
    const overall = (await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard`)).body;
    assert.ok(overall.rows.every((row) => !row.provisional && row.overallRank === null));
    const category = votes[0]!.category!;
    const table = (await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard?category=${category}`)).body;
    assert.equal(table.category, category);
    assert.equal(table.battles, votes.filter((v) => v.category === category).length);
    for (const row of table.rows) {
      assert.equal(row.provisional, row.battles < 3, row.model);
      assert.equal(row.overallRank, overall.rows.find((r) => r.model === row.model)!.rank);
    }
  });

  it("GET /api/leaderboard/matrix gives head-to-head counts and win rates in table order", async () => {
    const { status, body } = await getJson<LeaderboardMatrix>(`${arena.server.url}/api/leaderboard/matrix`);
    assert.equal(status, 200);
    const table = (await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard`)).body;
    assert.deepEqual(
      body.models,
      table.rows.map((row) => row.model),
    );
    let total = 0;
    body.models.forEach((_, i) =>
      body.models.forEach((__, j) => {
        assert.equal(body.battles[i]![j], body.battles[j]![i]);
        const rate = body.winRate[i]![j];
        if (body.battles[i]![j] === 0) assert.equal(rate, null);
        else assert.ok(Math.abs(rate! + body.winRate[j]![i]! - 1) < 1e-12);
        total += body.battles[i]![j]!;
      }),
    );
    assert.equal(total, 2 * 30);
    const bad = await getJson(`${arena.server.url}/api/leaderboard/matrix?language=xyz`);
    assert.equal(bad.status, 400);
  });

  it("changes votesHash with every vote and keeps it for the same votes", async () => {
    const first = (await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard`)).body;
    const again = (await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard`)).body;
    assert.equal(first.votesHash, again.votesHash);
    await voteOnce(arena.voter);
    const after = (await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard`)).body;
    assert.notEqual(after.votesHash, first.votesHash);
  });
});
