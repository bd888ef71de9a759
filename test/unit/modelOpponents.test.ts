import assert from "node:assert/strict";

import { opponentsOf } from "../../client/src/pages/modelOpponents.ts";
import { leaderboardMatrix, leaderboardRow } from "../support/leaderboardRows.ts";

describe("opponentsOf", () => {
  const matrix = leaderboardMatrix(
    ["a", "b", "c", "d"],
    [
      [0, 3, 0, 7],
      [3, 0, 1, 0],
      [0, 1, 0, 3],
      [7, 0, 3, 0],
    ],
    [
      [null, 2 / 3, null, 0.5],
      [1 / 3, null, 1, null],
      [null, 0, null, 1 / 3],
      [0.5, null, 2 / 3, null],
    ],
  );
  const rows = [leaderboardRow("a"), leaderboardRow("b", { rating: 1020 }), leaderboardRow("d")];

  it("lists every other model, most votes first, never-met last", () => {
    const opponents = opponentsOf("a", matrix, rows);
    assert.deepEqual(
      opponents.map(({ model, battles, winRate }) => ({ model, battles, winRate })),
      [
        { model: "d", battles: 7, winRate: 0.5 },
        { model: "b", battles: 3, winRate: 2 / 3 },
        { model: "c", battles: 0, winRate: null },
      ],
    );
  });

  it("attaches each opponent's row, when the table has one", () => {
    const opponents = opponentsOf("a", matrix, rows);
    assert.equal(opponents.find((opponent) => opponent.model === "b")?.row?.rating, 1020);
    assert.equal(opponents.find((opponent) => opponent.model === "c")?.row, undefined);
  });

  it("keeps the matrix order among opponents met as often", () => {
    assert.deepEqual(
      opponentsOf("b", matrix, rows).map((opponent) => opponent.model),
      ["a", "c", "d"],
    );
  });

  it("is empty for a model the matrix does not know", () => {
    assert.deepEqual(opponentsOf("zed", matrix, rows), []);
  });
});
