import assert from "node:assert/strict";

import { describeRankMove, rankChangesSince, rankedSince, utcDay, validAsOf } from "../../client/src/rankChanges.ts";

const row = (model: string, rank: number, provisional = false) => ({ model, rank, provisional });

describe("rankChanges", () => {
  describe("rankChangesSince", () => {
    it("counts the places each ranked model gained or lost since the date", () => {
      const then = [row("alpha", 1), row("beta", 2), row("gamma", 3)];
      const now = [row("gamma", 1), row("alpha", 2), row("beta", 3)];
      const moves = rankChangesSince(then, now);
      assert.deepEqual(moves.get("gamma"), { kind: "moved", then: 3, now: 1, places: 2 });
      assert.deepEqual(moves.get("alpha"), { kind: "moved", then: 1, now: 2, places: -1 });
      assert.deepEqual(moves.get("beta"), { kind: "moved", then: 2, now: 3, places: -1 });
    });

    it("says a model held its rank", () => {
      const moves = rankChangesSince([row("alpha", 1)], [row("alpha", 1), row("beta", 2)]);
      assert.deepEqual(moves.get("alpha"), { kind: "moved", then: 1, now: 1, places: 0 });
    });

    it("marks a model ranked then but not today", () => {
      const moves = rankChangesSince([row("alpha", 1), row("beta", 2)], [row("alpha", 1), row("beta", 2, true)]);
      assert.deepEqual(moves.get("beta"), { kind: "unranked", then: 2 });
    });

    it("gives no move to a row that was provisional at the date", () => {
      const moves = rankChangesSince([row("alpha", 1), row("newcomer", 2, true)], [row("newcomer", 1)]);
      assert.equal(moves.has("newcomer"), false);
    });
  });

  describe("rankedSince", () => {
    it("lists the models ranked today that were not ranked at the date", () => {
      assert.deepEqual(
        rankedSince([row("alpha", 1), row("beta", 2, true)], [row("beta", 1), row("alpha", 2), row("gamma", 3, true)]),
        ["beta"],
      );
    });
  });

  describe("validAsOf", () => {
    it("keeps a calendar day up to today", () => {
      assert.equal(validAsOf("2026-11-30", "2026-12-06"), "2026-11-30");
      assert.equal(validAsOf("2026-12-06", "2026-12-06"), "2026-12-06");
    });

    it("drops a day after today, a day that does not exist and anything else", () => {
      assert.equal(validAsOf("2026-12-07", "2026-12-06"), "");
      assert.equal(validAsOf("2026-02-30", "2026-12-06"), "");
      assert.equal(validAsOf("yesterday", "2026-12-06"), "");
      assert.equal(validAsOf(null, "2026-12-06"), "");
    });

    it("reads utcDay's own format", () => {
      assert.equal(utcDay(new Date("2026-03-04T23:59:59Z")), "2026-03-04");
    });
  });
});

describe("rankChanges: describeRankMove", () => {
  it("shows places gained or lost with an arrow, and says it in words", () => {
    assert.deepEqual(describeRankMove({ kind: "moved", then: 3, now: 1, places: 2 }), {
      direction: "up",
      symbol: "▲2",
      label: "2 places higher today (rank 1)",
    });
    assert.deepEqual(describeRankMove({ kind: "moved", then: 1, now: 2, places: -1 }), {
      direction: "down",
      symbol: "▼1",
      label: "1 place lower today (rank 2)",
    });
    assert.equal(describeRankMove({ kind: "moved", then: 2, now: 2, places: 0 }).direction, "same");
    assert.equal(describeRankMove({ kind: "unranked", then: 2 }).label, "Not ranked in today’s table");
  });
});
