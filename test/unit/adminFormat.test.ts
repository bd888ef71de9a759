import assert from "node:assert/strict";

import {
  formatDuration,
  formatPValue,
  pageOffsets,
  pageRange,
  shortSession,
} from "../../client/src/admin/adminFormat.ts";

describe("the console's formatting", () => {
  it("shows twelve hex digits of a session hash", () => {
    assert.equal(shortSession("0123456789abcdef".repeat(4)), "0123456789ab");
  });

  it("writes p-values with two significant digits, small ones in scientific notation, untested as a dash", () => {
    assert.equal(formatPValue(0.0314), "0.031");
    assert.equal(formatPValue(1), "1.0");
    assert.equal(formatPValue(0.001), "0.0010");
    assert.equal(formatPValue(4.23e-7), "4.2e-7");
    assert.equal(formatPValue(null), "—");
  });

  it("writes durations in milliseconds below a second, else seconds", () => {
    assert.equal(formatDuration(849.6), "850 ms");
    assert.equal(formatDuration(1234), "1.23 s");
    assert.equal(formatDuration(12_345), "12.3 s");
  });

  it("counts pages from 1, as people do, and knows where there is no previous or next page", () => {
    assert.deepEqual(pageRange(0, 50, 230), { first: 1, last: 50, total: 230 });
    assert.deepEqual(pageRange(200, 30, 230), { first: 201, last: 230, total: 230 });
    assert.deepEqual(pageRange(0, 0, 0), { first: 0, last: 0, total: 0 });
    assert.deepEqual(pageOffsets(0, 50, 230), { previous: null, next: 50 });
    assert.deepEqual(pageOffsets(60, 50, 230), { previous: 10, next: 110 });
    assert.deepEqual(pageOffsets(200, 50, 230), { previous: 150, next: null });
    assert.deepEqual(pageOffsets(0, 50, 50), { previous: null, next: null });
  });
});
