import assert from "node:assert/strict";

import { rankByIntervals } from "@arena/shared/ratings/rank";

describe("rank by intervals", () => {
  it("counts only models whose lower bound clears this model's upper bound", () => {
    // Models A to E:
    const lower = [1100, 1090, 1050, 1000, 1000];
    const upper = [1120, 1110, 1095, 1040, 1040];
    // A: nothing above → 1. B overlaps A → 1. C: A and B clear 1095? A yes (1100), B no (1090) → 2.
    // D and E: A, B, C all clear 1040 → 4, and they tie with each other.
    assert.deepEqual(Array.from(rankByIntervals(lower, upper)), [1, 1, 2, 4, 4]);
  });

  it("does not count a lower bound that only touches the upper bound", () => {
    assert.deepEqual(Array.from(rankByIntervals([1000, 990], [1010, 1000])), [1, 1]);
  });

  it("handles no models and refuses mismatched columns", () => {
    assert.equal(rankByIntervals([], []).length, 0);
    assert.throws(() => rankByIntervals([1], []), RangeError);
  });
});
