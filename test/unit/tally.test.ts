import assert from "node:assert/strict";

import { Tally } from "../../server/src/leaderboard/tally.ts";

describe("Tally", () => {
  const at = new Date("2026-01-01T00:00:00Z");
  const LN10 = Math.LN10;

  it("counts wins, losses and ties (both-bad is a tie) beside the online Elo", () => {
    const tally = new Tally({ language: "fr" }, at);
    tally.add("x", "y", "a", at);
    tally.add("y", "z", "bothbad", at);
    tally.add("z", "x", "tie", new Date("2026-01-02T00:00:00Z"));
    const table = tally.toLeaderboard();
    assert.equal(table.language, "fr");
    assert.equal(table.category, null);
    assert.equal(table.battles, 3);
    assert.equal(table.updatedAt, "2026-01-02T00:00:00.000Z");
    const byModel = new Map(table.rows.map((r) => [r.model, r]));
    assert.deepEqual([byModel.get("x")!.wins, byModel.get("x")!.losses, byModel.get("x")!.ties], [1, 0, 1]);
    assert.deepEqual([byModel.get("y")!.wins, byModel.get("y")!.losses, byModel.get("y")!.ties], [0, 1, 1]);
    assert.deepEqual([byModel.get("z")!.wins, byModel.get("z")!.losses, byModel.get("z")!.ties], [0, 0, 2]);
    assert.ok(byModel.get("x")!.elo > 1000 && byModel.get("y")!.elo < 1000);
  });

  it("counts a run of votes by index exactly as the same votes added one by one", () => {
    const winners = ["a", "b", "tie", "bothbad"] as const;
    const models = ["m0", "m1", "m2", "m3"];
    const oneByOne = new Tally({}, at);
    const inRuns = new Tally({}, at);
    const indices = models.map((model) => inRuns.modelIndex(model));
    const run = { a: new Int32Array(500), b: new Int32Array(500), score: new Float64Array(500) };
    let state = 3;
    for (let piece = 0; piece < 20; piece++) {
      let length = 0;
      for (let vote = 0; vote < 500; vote++) {
        state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
        const a = state % 4;
        const b = (a + 1 + ((state >>> 8) % 3)) % 4;
        const winner = winners[(state >>> 16) % 4]!;
        oneByOne.add(models[a]!, models[b]!, winner, at);
        run.a[length] = indices[a]!;
        run.b[length] = indices[b]!;
        run.score[length++] = winner === "a" ? 1 : winner === "b" ? 0 : 0.5;
      }
      inRuns.addRunByIndex(run.a, run.b, run.score, length, at);
    }
    assert.deepEqual(inRuns.toLeaderboard({ minVotes: 10 }), oneByOne.toLeaderboard({ minVotes: 10 }));
    for (const model of models) assert.ok(Object.is(inRuns.eloOf(model), oneByOne.eloOf(model)));
  });

  it("rates with Bradley–Terry: 3 wins to 1 loss is α·ln 3 apart, centred on 1000, ranked by intervals", () => {
    const tally = new Tally({}, at);
    for (let i = 0; i < 300; i++) tally.add("strong", "weak", "a", at);
    for (let i = 0; i < 100; i++) tally.add("weak", "strong", "a", at);
    const [strong, weak] = tally.toLeaderboard().rows;
    assert.equal(strong!.model, "strong");
    assert.ok(Math.abs(strong!.rating - weak!.rating - (400 / LN10) * Math.log(3)) < 1e-3);
    assert.ok(Math.abs(strong!.rating + weak!.rating - 2000) < 1e-9);
    assert.ok(strong!.ciLower! > weak!.ciUpper!, "400 votes at 3:1 separate them");
    assert.deepEqual([strong!.rank, weak!.rank], [1, 2]);
  });

  it("shares the rank of models whose intervals overlap", () => {
    const tally = new Tally({}, at);
    for (let i = 0; i < 10; i++) tally.add("x", "y", i < 6 ? "a" : "b", at);
    assert.deepEqual(
      tally.toLeaderboard().rows.map((r) => r.rank),
      [1, 1],
    );
  });

  it("lists models under the minimum as provisional without letting them push others down", () => {
    const tally = new Tally({ category: "coding" }, at);
    for (let i = 0; i < 40; i++) tally.add("x", "y", i % 4 === 0 ? "b" : "a", at);
    tally.add("newcomer", "y", "a", at);
    const table = tally.toLeaderboard({
      minVotes: 5,
      overallRanks: new Map([
        ["x", 2],
        ["y", 1],
      ]),
    });
    const byModel = new Map(table.rows.map((r) => [r.model, r]));
    assert.equal(byModel.get("newcomer")!.provisional, true);
    assert.equal(byModel.get("x")!.provisional, false);
    assert.equal(byModel.get("x")!.rank, 1);
    assert.equal(byModel.get("x")!.overallRank, 2);
    assert.equal(byModel.get("newcomer")!.overallRank, null);
  });

  it("gives identical output for the same votes in another order, and a hash of them", () => {
    const votes: Array<[string, string, "a" | "b" | "tie"]> = [
      ["x", "y", "a"],
      ["y", "z", "tie"],
      ["z", "x", "b"],
      ["x", "z", "a"],
    ];
    const forward = new Tally({}, at);
    const backward = new Tally({}, at);
    for (const vote of votes) forward.add(...vote, at);
    for (const vote of [...votes].reverse()) backward.add(...vote, at);
    const strip = (table: ReturnType<Tally["toLeaderboard"]>) => table.rows.map(({ elo: _elo, ...rest }) => rest);
    assert.deepEqual(strip(forward.toLeaderboard()), strip(backward.toLeaderboard()));
    assert.equal(forward.toLeaderboard().votesHash, backward.toLeaderboard().votesHash);
    forward.add("x", "y", "a", at);
    assert.notEqual(forward.toLeaderboard().votesHash, backward.toLeaderboard().votesHash);
  });

  it("uses a seeded bootstrap when asked, reproducibly", () => {
    const tally = new Tally({}, at);
    for (let i = 0; i < 60; i++)
      tally.add(["x", "y", "z"][i % 3]!, ["y", "z", "x"][i % 3]!, i % 5 === 0 ? "tie" : "a", at);
    const first = JSON.stringify(tally.toLeaderboard({ ci: "bootstrap", rounds: 30, seed: 9 }));
    const fresh = new Tally({}, at);
    for (let i = 0; i < 60; i++)
      fresh.add(["x", "y", "z"][i % 3]!, ["y", "z", "x"][i % 3]!, i % 5 === 0 ? "tie" : "a", at);
    assert.equal(JSON.stringify(fresh.toLeaderboard({ ci: "bootstrap", rounds: 30, seed: 9 })), first);
    assert.notEqual(JSON.stringify(tally.toLeaderboard({ ci: "sandwich" })), first);
  });

  it("builds the head-to-head matrix in table order", () => {
    const tally = new Tally({}, at);
    tally.add("x", "y", "a", at);
    tally.add("y", "x", "tie", at);
    tally.add("x", "z", "a", at);
    const matrix = tally.toMatrix();
    const i = (model: string) => matrix.models.indexOf(model);
    assert.equal(matrix.battles[i("x")]![i("y")], 2);
    assert.equal(matrix.winRate[i("x")]![i("y")], 0.75);
    assert.equal(matrix.winRate[i("y")]![i("z")], null);
    assert.equal(matrix.winRate[i("x")]![i("x")], null);
  });
});
