/**
 * Style control through the server: the answers' style counts are taken at vote time (and at start
 * for battles voted before), and every table has a style-controlled view over HTTP and socket.io.
 */
import assert from "node:assert/strict";

import type { Leaderboard, Winner } from "@arena/shared/protocol";
import { conversationMetadata, loadTokenCounter } from "@arena/shared/ratings/markdownStyle";
import Database from "better-sqlite3";

import { openSqliteStore } from "../../server/src/store/sqlite.ts";
import {
  type ArenaClient,
  connectClient,
  expectOk,
  getJson,
  nextEvent,
  playBattle,
  request,
  startTestServer,
  useArenaPerTest,
} from "../support/server.ts";

const WINNERS: Winner[] = ["a", "b", "a", "tie", "a", "bothbad", "b", "a"];

async function voteBattles(voter: ArenaClient, winners: Winner[] = WINNERS) {
  const played = [];
  for (const winner of winners) {
    const battle = await playBattle(voter);
    expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner }));
    played.push(battle);
  }
  return played;
}

describe("style control through the server", () => {
  const arena = useArenaPerTest();

  it("answers ?style=control with the style coefficients and each model's rank without style control", async () => {
    await voteBattles(arena.voter);
    const plain = await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard`);
    const styled = await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard?style=control`);
    assert.equal(styled.status, 200);
    assert.equal(styled.body.battles, WINNERS.length);
    assert.deepEqual(Object.keys(styled.body.styleCoefficients!).sort(), ["bold", "headers", "length", "lists"]);
    for (const value of Object.values(styled.body.styleCoefficients!)) assert.ok(Number.isFinite(value));
    // The tiny pack's answers differ in length: that feature is fitted, not left out.
    assert.notEqual(styled.body.styleCoefficients!.length, 0);
    assert.equal(plain.body.styleCoefficients, undefined, "plain tables carry no coefficients");
    const plainRank = new Map(plain.body.rows.map((row) => [row.model, row.rank]));
    assert.deepEqual(new Set(styled.body.rows.map((row) => row.model)), new Set(plainRank.keys()));
    for (const row of styled.body.rows) {
      assert.equal(row.plainRank, plainRank.get(row.model));
      assert.ok(row.ciLower! <= row.rating && row.rating <= row.ciUpper!);
    }
    for (const row of plain.body.rows) assert.equal(row.plainRank, undefined);
    // Records are the style table's own battles, here all of them.
    const records = (board: Leaderboard) =>
      new Map(board.rows.map((row) => [row.model, [row.wins, row.losses, row.ties]]));
    assert.deepEqual(records(styled.body), records(plain.body));
  });

  it("combines style control with the language filter, and refuses an unknown style with 400", async () => {
    const [first] = await voteBattles(arena.voter, ["a", "b"]);
    const language = first!.language;
    const styled = await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard?style=control&language=${language}`);
    assert.equal(styled.status, 200);
    assert.equal(styled.body.language, language);
    assert.ok(styled.body.styleCoefficients);
    const plainOfLanguage = await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard?language=${language}`);
    assert.equal(styled.body.battles, plainOfLanguage.body.battles);
    for (const query of ["style=plain", "style=", "style=control&style=control"]) {
      const refused = await getJson<{ error: { code: string } }>(`${arena.server.url}/api/leaderboard?${query}`);
      assert.equal(refused.status, 400, query);
      assert.equal(refused.body.error.code, "invalid_payload");
    }
  });

  it("pushes the style-controlled table to its watchers and the plain one to theirs", async () => {
    const styleWatcher = await arena.connect();
    const plainWatcher = await arena.connect();
    const initial = expectOk(await request(styleWatcher, "leaderboard:watch", { style: "control" }));
    assert.deepEqual(
      [initial.battles, initial.rows, initial.styleCoefficients],
      [0, [], { length: 0, headers: 0, lists: 0, bold: 0 }],
    );
    expectOk(await request(plainWatcher, "leaderboard:watch", {}));
    const styledUpdate = nextEvent(styleWatcher, "leaderboard:update", 2000);
    const plainUpdate = nextEvent(plainWatcher, "leaderboard:update", 2000);
    await voteBattles(arena.voter, ["a"]);
    const [styled, plain] = await Promise.all([styledUpdate, plainUpdate]);
    assert.equal(styled.battles, 1);
    assert.ok(styled.styleCoefficients);
    assert.equal(plain.battles, 1);
    assert.equal(plain.styleCoefficients, undefined);
    // A watcher of one kind never gets the other kind.
    let crossed = 0;
    styleWatcher.on("leaderboard:update", (board) => board.styleCoefficients === undefined && crossed++);
    plainWatcher.on("leaderboard:update", (board) => board.styleCoefficients !== undefined && crossed++);
    await voteBattles(arena.voter, ["b"]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(crossed, 0);
    expectOk(await request(styleWatcher, "leaderboard:unwatch", { style: "control" }));
  });

  it("stores FastChat's conv_metadata of the answers with each vote, and exports it", async () => {
    const [battle] = await voteBattles(arena.voter, ["a"]);
    const store = openSqliteStore(arena.server.dbFile);
    try {
      const [exported] = await store.exportBattles();
      const countTokens = await loadTokenCounter();
      const side = (answer: string) => [
        { role: "user", content: exported!.prompt },
        { role: "assistant", content: answer },
      ];
      assert.equal(exported!.id, battle!.battleId);
      assert.deepEqual(
        exported!.convMetadata,
        conversationMetadata(side(exported!.answerA!), side(exported!.answerB!), countTokens),
      );
    } finally {
      await store.close();
    }
  });
});

describe("style counts of battles voted before style control", () => {
  it("are counted when the server starts, and those battles then count under style control", async () => {
    const first = await startTestServer();
    const voter = await connectClient(first.url);
    await voteBattles(voter, ["a", "b", "tie"]);
    voter.disconnect();
    await first.close();
    // As a database written before Arena counted style: no conv_metadata anywhere.
    const db = new Database(first.dbFile);
    db.prepare("UPDATE battles SET conv_metadata = NULL").run();
    db.close();

    const second = await startTestServer({ dbFile: first.dbFile });
    try {
      const styled = await getJson<Leaderboard>(`${second.url}/api/leaderboard?style=control`);
      assert.equal(styled.body.battles, 3);
      const store = openSqliteStore(first.dbFile);
      try {
        for (const battle of await store.exportBattles()) {
          assert.equal(typeof battle.convMetadata?.sum_assistant_a_tokens, "number", battle.id);
        }
      } finally {
        await store.close();
      }
    } finally {
      await second.close();
    }
  });
});
