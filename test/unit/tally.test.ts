import assert from "node:assert/strict";
import { Tally } from "../../server/src/leaderboard/tally.ts";

describe("Tally", () => {
  const at = new Date("2026-01-01T00:00:00Z");

  it("counts wins, losses and ties (both-bad is a tie) and ranks by rating", () => {
    const tally = new Tally({ language: "fr" }, at);
    tally.add("x", "y", "a", at);
    tally.add("y", "z", "bothbad", at);
    tally.add("z", "x", "tie", new Date("2026-01-02T00:00:00Z"));
    const table = tally.toLeaderboard();
    assert.equal(table.language, "fr");
    assert.equal(table.category, null);
    assert.equal(table.battles, 3);
    assert.equal(table.updatedAt, "2026-01-02T00:00:00.000Z");
    assert.deepEqual(
      table.rows.map((r) => [r.model, r.rank, r.battles, r.wins, r.losses, r.ties]),
      [
        ["x", 1, 2, 1, 0, 1],
        ["z", 2, 2, 0, 0, 2],
        ["y", 3, 2, 0, 1, 1],
      ],
    );
    for (const row of table.rows) assert.equal(row.rating, row.elo);
  });

  it("gives equal ratings the same rank", () => {
    const tally = new Tally({}, at);
    tally.add("x", "y", "tie", at);
    assert.deepEqual(tally.toLeaderboard().rows.map((r) => r.rank), [1, 1]);
  });
});
