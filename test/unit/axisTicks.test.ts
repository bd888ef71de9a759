import assert from "node:assert/strict";

import { axisTicks, niceTicks, tickCount } from "../../client/src/components/axisTicks.ts";

describe("axisTicks", () => {
  const horizontal = { from: 100, to: 500, margin: 0.05, spacing: 80, maxTicks: 10 };

  it("spans the values with the margin each side, and places them along the pixels", () => {
    const axis = axisTicks([960, 1000, 1040], horizontal);
    assert.deepEqual(axis.domain, [956, 1044]);
    assert.equal(axis.at(956), 100);
    assert.equal(axis.at(1044), 500);
    assert.equal(axis.at(1000), 300);
  });

  it("widens a range under 20 points to 20 around its middle", () => {
    assert.deepEqual(axisTicks([1000], { ...horizontal, margin: 0 }).domain, [990, 1010]);
    assert.deepEqual(axisTicks([1000, 1004], { ...horizontal, margin: 0 }).domain, [992, 1012]);
  });

  it("runs upwards when `to` is above `from` (a vertical axis)", () => {
    const axis = axisTicks([900, 1100], { from: 300, to: 20, margin: 0, spacing: 44, maxTicks: 8 });
    assert.equal(axis.at(900), 300);
    assert.equal(axis.at(1100), 20);
    assert.ok(axis.at(1050) < axis.at(950));
  });

  it("labels round ratings inside the axis, as many as its length has room for", () => {
    const axis = axisTicks([960, 1040], horizontal);
    // 400 px at one tick per 80 px: room for six.
    assert.deepEqual(axis.ticks, [960, 980, 1000, 1020, 1040]);
    for (const tick of axis.ticks) assert.ok(tick >= axis.domain[0] && tick <= axis.domain[1]);
    // 80 px: room for two ticks, though these round ratings give one.
    assert.deepEqual(axisTicks([960, 1040], { ...horizontal, to: 180 }).ticks, [1000]);
  });

  it("keeps to maxTicks on a long axis", () => {
    const axis = axisTicks([0, 100], { from: 0, to: 10_000, margin: 0, spacing: 10, maxTicks: 8 });
    assert.ok(axis.ticks.length <= 8);
  });

  describe("tickCount", () => {
    it("gives one tick per spacing and one more, two at least", () => {
      assert.equal(tickCount(400, 80), 6);
      assert.equal(tickCount(30, 80), 2);
    });
  });

  describe("niceTicks", () => {
    it("steps by round numbers inside the range", () => {
      assert.deepEqual(niceTicks(963, 1042, 5), [980, 1000, 1020, 1040]);
      assert.deepEqual(niceTicks(990, 1010, 3), [990, 1000, 1010]);
    });

    it("gives as many ticks as allowed, never more", () => {
      assert.deepEqual(niceTicks(0, 100, 11), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
      assert.deepEqual(niceTicks(0, 100, 10), [0, 20, 40, 60, 80, 100]);
    });
  });
});
