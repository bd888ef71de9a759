import assert from "node:assert/strict";

import {
  battlesColour,
  busiestPairVotes,
  cellColours,
  needsLightText,
  orderGrid,
  winRateColour,
} from "../../client/src/components/headToHeadGrid.ts";
import { leaderboardMatrix } from "../support/leaderboardRows.ts";

describe("headToHeadGrid", () => {
  describe("orderGrid", () => {
    const matrix = leaderboardMatrix(
      ["a", "b", "c"],
      [
        [0, 4, 2],
        [4, 0, 0],
        [2, 0, 0],
      ],
      [
        [null, 0.75, 0.5],
        [0.25, null, null],
        [0.5, null, null],
      ],
    );

    it("follows the table's order, moving every cell with its models", () => {
      const grid = orderGrid(matrix, ["c", "a", "b"]);
      assert.deepEqual(grid.models, ["c", "a", "b"]);
      assert.deepEqual(grid.battles, [
        [0, 2, 0],
        [2, 0, 4],
        [0, 4, 0],
      ]);
      assert.deepEqual(grid.winRate, [
        [null, 0.5, null],
        [0.5, null, 0.75],
        [null, 0.25, null],
      ]);
    });

    it("puts models the table does not know yet last, and skips those the matrix lacks", () => {
      assert.deepEqual(orderGrid(matrix, ["b", "zed"]).models, ["b", "a", "c"]);
    });
  });

  it("tops the votes scale at the busiest pair, at least 1", () => {
    assert.equal(
      busiestPairVotes([
        [0, 4],
        [4, 0],
      ]),
      4,
    );
    assert.equal(
      busiestPairVotes([
        [0, 0],
        [0, 0],
      ]),
      1,
    );
  });

  describe("colours", () => {
    it("runs the win rate from red through white to blue, clamped", () => {
      assert.deepEqual(winRateColour(0), [0xb2, 0x18, 0x2b]);
      assert.deepEqual(winRateColour(0.5), [0xf7, 0xf7, 0xf7]);
      assert.deepEqual(winRateColour(1), [0x21, 0x66, 0xac]);
      assert.deepEqual(winRateColour(1.5), winRateColour(1));
      // Halfway between the first two stops.
      assert.deepEqual(winRateColour(0.125), [0xd1, 0x51, 0x47]);
    });

    it("spreads the vote counts on a square-root scale", () => {
      assert.deepEqual(battlesColour(1), [0x08, 0x51, 0x9c]);
      // A quarter of the busiest pair's votes sits halfway along the scale, not a quarter.
      assert.deepEqual(battlesColour(0.25), [0x70, 0xae, 0xd4]);
    });

    it("picks white text on dark cells and black on light ones", () => {
      assert.equal(needsLightText([0x21, 0x66, 0xac]), true);
      assert.equal(needsLightText([0xf7, 0xf7, 0xf7]), false);
      assert.deepEqual(cellColours([0x08, 0x51, 0x9c]), { background: "rgb(8 81 156)", color: "#fff" });
      assert.deepEqual(cellColours([0xde, 0xeb, 0xf7]), { background: "rgb(222 235 247)", color: "#000" });
    });
  });
});
