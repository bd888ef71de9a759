import assert from "node:assert/strict";

import { historyLayout, type HistoryPoint, spreadDates } from "../../client/src/components/historyChartLayout.ts";

const point = (date: string, rating: number, interval: number | null = 20): HistoryPoint => ({
  date,
  rating,
  ciLower: interval === null ? null : rating - interval,
  ciUpper: interval === null ? null : rating + interval,
});

describe("historyChartLayout", () => {
  const points = [point("2026-11-01", 1000), point("2026-11-02", 1020), point("2026-11-11", 990)];
  const layout = historyLayout(points, 600, 260);

  it("places days as far apart as they are in time", () => {
    const first = layout.x("2026-11-01");
    const second = layout.x("2026-11-02");
    const last = layout.x("2026-11-11");
    assert.equal(first, layout.plotLeft);
    assert.equal(last, layout.plotRight);
    assert.ok(Math.abs((second - first) * 10 - (last - first)) < 1e-9);
  });

  it("draws higher ratings higher, every interval inside the plot", () => {
    assert.ok(layout.y(1020) < layout.y(990));
    for (const p of points) {
      assert.ok(layout.y(p.ciUpper!) >= layout.plotTop);
      assert.ok(layout.y(p.ciLower!) <= layout.plotBottom);
    }
  });

  it("draws one line through every point and one band per run of intervals", () => {
    assert.equal(layout.line.match(/[ML]/g)!.length, 3);
    assert.equal(layout.bands.length, 1);
    const gap = historyLayout(
      [point("2026-11-01", 1000), point("2026-11-02", 1010, null), point("2026-11-03", 1005)],
      600,
      260,
    );
    assert.equal(gap.bands.length, 2, "a day without an interval splits the band; lone days get a bar each");
  });

  it("centres a single day", () => {
    const single = historyLayout([point("2026-11-05", 1000)], 600, 260);
    assert.equal(single.x("2026-11-05"), (single.plotLeft + single.plotRight) / 2);
    assert.deepEqual(single.dateTicks, ["2026-11-05"]);
  });

  it("labels rating ticks inside the range", () => {
    assert.ok(layout.ratingTicks.length >= 2);
    for (const tick of layout.ratingTicks) {
      assert.ok(layout.y(tick) >= layout.plotTop - 1e-9 && layout.y(tick) <= layout.plotBottom + 1e-9);
    }
  });

  describe("spreadDates", () => {
    it("keeps every date when they fit, else the first, the last and evenly spread ones", () => {
      const many = Array.from({ length: 30 }, (_, index) =>
        point(`2026-11-${String(index + 1).padStart(2, "0")}`, 1000),
      );
      assert.equal(spreadDates(many.slice(0, 3), 5).length, 3);
      const spread = spreadDates(many, 4);
      assert.deepEqual(spread, ["2026-11-01", "2026-11-11", "2026-11-20", "2026-11-30"]);
    });
  });
});
