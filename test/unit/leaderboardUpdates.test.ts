import assert from "node:assert/strict";

import type { Leaderboard } from "@arena/shared/protocol";

import { isOutdatedBy, isWatchedBoard, watchFilter } from "../../client/src/hooks/leaderboardUpdates.ts";

function board(overrides: Partial<Leaderboard> = {}): Leaderboard {
  return {
    language: null,
    category: null,
    battles: 10,
    updatedAt: "2025-01-01T00:00:10.000Z",
    rows: [],
    votesHash: "h",
    ...overrides,
  };
}
const styled: Partial<Leaderboard> = { styleCoefficients: { length: 0.2, headers: 0, lists: 0.1, bold: 0 } };

describe("leaderboardUpdates", () => {
  describe("watchFilter", () => {
    it("sends only the filters that are set", () => {
      assert.deepEqual(watchFilter("", "", false), {});
      assert.deepEqual(watchFilter("fr", "coding", true), { language: "fr", category: "coding", style: "control" });
    });

    it("names the judge of a judge's table, and none for the people's", () => {
      assert.deepEqual(watchFilter("fr", "", false, "gpt-judge"), { language: "fr", judge: "gpt-judge" });
      assert.deepEqual(watchFilter("", "", false, ""), {});
    });
  });

  describe("isWatchedBoard", () => {
    it("takes the table of the watched filter", () => {
      assert.equal(isWatchedBoard(board(), "", "", false), true);
      assert.equal(isWatchedBoard(board({ language: "fr", category: "math" }), "fr", "math", false), true);
    });

    it("ignores a table of the previous filter still pushed to the socket", () => {
      assert.equal(isWatchedBoard(board({ language: "de" }), "fr", "", false), false);
      assert.equal(isWatchedBoard(board({ category: "math" }), "", "", false), false);
    });

    it("tells the style-controlled table from the plain one of the same filter", () => {
      assert.equal(isWatchedBoard(board(styled), "", "", false), false);
      assert.equal(isWatchedBoard(board(styled), "", "", true), true);
      assert.equal(isWatchedBoard(board(), "", "", true), false);
    });

    it("tells a judge's table from the people's and from another judge's of the same filter", () => {
      const judged = board({ judge: "gpt-judge" });
      assert.equal(isWatchedBoard(judged, "", "", false), false, "the people's page ignores a judge's table");
      assert.equal(isWatchedBoard(judged, "", "", false, "gpt-judge"), true);
      assert.equal(isWatchedBoard(judged, "", "", false, "other-judge"), false);
      assert.equal(isWatchedBoard(board(), "", "", false, "gpt-judge"), false, "the judge's view ignores the people's");
    });
  });

  describe("isOutdatedBy", () => {
    const shown = board({ updatedAt: "2025-01-01T00:00:10.000Z" });

    it("refuses an older table of the same filter, such as a late acknowledgement", () => {
      assert.equal(isOutdatedBy(shown, board({ updatedAt: "2025-01-01T00:00:09.000Z" })), true);
    });

    it("takes a newer or equally old one", () => {
      assert.equal(isOutdatedBy(shown, board({ updatedAt: "2025-01-01T00:00:11.000Z" })), false);
      assert.equal(isOutdatedBy(shown, board()), false);
    });

    it("takes any table when none is shown or the shown one is of another filter", () => {
      const older = { updatedAt: "2025-01-01T00:00:01.000Z" };
      assert.equal(isOutdatedBy(null, board(older)), false);
      assert.equal(isOutdatedBy(shown, board({ ...older, language: "fr" })), false);
      assert.equal(isOutdatedBy(shown, board({ ...older, ...styled })), false);
      assert.equal(isOutdatedBy(shown, board({ ...older, judge: "gpt-judge" })), false);
    });
  });
});
