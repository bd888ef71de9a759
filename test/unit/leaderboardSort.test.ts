import assert from "node:assert/strict";

import type { LeaderboardGroups } from "../../client/src/leaderboardGroups.ts";
import { DEFAULT_SORT, nextSort, sortGroups } from "../../client/src/leaderboardSort.ts";
import { leaderboardRow } from "../support/leaderboardRows.ts";

const models = (rows: LeaderboardGroups["ranked"]) => rows.map((row) => row.model);

describe("leaderboardSort", () => {
  describe("nextSort", () => {
    it("sorts a new column in its own first direction", () => {
      assert.deepEqual(nextSort(DEFAULT_SORT, "rating"), { key: "rating", direction: "descending" });
      assert.deepEqual(nextSort({ key: "rating", direction: "descending" }, "model"), {
        key: "model",
        direction: "ascending",
      });
    });

    it("turns the direction round on a second click", () => {
      assert.deepEqual(nextSort({ key: "votes", direction: "descending" }, "votes"), {
        key: "votes",
        direction: "ascending",
      });
      assert.deepEqual(nextSort(DEFAULT_SORT, "rank"), { key: "rank", direction: "descending" });
    });
  });

  describe("sortGroups", () => {
    const groups: LeaderboardGroups = {
      ranked: [
        leaderboardRow("model-10", { rank: 1, rating: 1050, elo: 990, battles: 20, wins: 15, ties: 0 }),
        leaderboardRow("Model-9", { rank: 2, rating: 1030, elo: 1010, battles: 20, wins: 8, ties: 4 }),
        leaderboardRow("alpha", { rank: 3, rating: 1000, elo: 1005, battles: 40, wins: 10, ties: 0 }),
      ],
      provisional: [
        leaderboardRow("zeta", { rank: 4, rating: 1100, elo: 1100, battles: 0, wins: 0, ties: 0, provisional: true }),
        leaderboardRow("beta", { rank: 5, rating: 900, elo: 900, battles: 2, wins: 1, ties: 0, provisional: true }),
      ],
    };

    it("returns the groups as they are for the default sort", () => {
      assert.equal(sortGroups(groups, DEFAULT_SORT), groups);
    });

    it("sorts each group on its own, provisional models staying below", () => {
      const sorted = sortGroups(groups, { key: "elo", direction: "descending" });
      assert.deepEqual(models(sorted.ranked), ["Model-9", "alpha", "model-10"]);
      assert.deepEqual(models(sorted.provisional), ["zeta", "beta"]);
    });

    it("sorts names by their numbers and without case", () => {
      assert.deepEqual(models(sortGroups(groups, { key: "model", direction: "ascending" }).ranked), [
        "alpha",
        "Model-9",
        "model-10",
      ]);
    });

    it("counts ties as half a win and puts models without votes lowest", () => {
      // 15/20 = 0.75, (8 + 2)/20 = 0.5, 10/40 = 0.25.
      assert.deepEqual(models(sortGroups(groups, { key: "winRate", direction: "descending" }).ranked), [
        "model-10",
        "Model-9",
        "alpha",
      ]);
      assert.deepEqual(models(sortGroups(groups, { key: "winRate", direction: "descending" }).provisional), [
        "beta",
        "zeta",
      ]);
    });

    it("keeps the rank order among equal values in either direction", () => {
      for (const direction of ["ascending", "descending"] as const) {
        const sorted = sortGroups(groups, { key: "votes", direction });
        const tied = models(sorted.ranked).filter((model) => model !== "alpha");
        assert.deepEqual(tied, ["model-10", "Model-9"], direction);
      }
    });
  });
});
