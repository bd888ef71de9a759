import assert from "node:assert/strict";

import { chartLayout, fitText, MEAN_RATING } from "../../client/src/components/ratingChartLayout.ts";
import { leaderboardRow } from "../support/leaderboardRows.ts";

// Eight pixels a character: easy to reason about, and what a canvas would roughly say.
const measure = (text: string) => text.length * 8;

describe("ratingChartLayout", () => {
  describe("fitText", () => {
    it("keeps a name that fits", () => {
      assert.equal(fitText("gpt-4o", 48, measure), "gpt-4o");
    });

    it("cuts a long name to what fits with its ellipsis", () => {
      assert.equal(fitText("a-very-long-model-name", 80, measure), "a-very-lo…");
    });
  });

  describe("chartLayout", () => {
    const ranked = [
      leaderboardRow("alpha", { rating: 1040, ciLower: 1020, ciUpper: 1060 }),
      leaderboardRow("beta-model", { rank: 2, rating: 980, ciLower: 960, ciUpper: 1000 }),
    ];
    const provisional = [
      leaderboardRow("newcomer", { rank: 3, rating: 700, ciLower: 400, ciUpper: 1000, provisional: true }),
    ];

    it("frames the axis on the ranked intervals and provisional dots, with a small margin", () => {
      const layout = chartLayout({ ranked, provisional }, 720, measure);
      // From 700 (the provisional dot, not its interval's 400) to 1060, widened by 4% of 360 each side.
      assert.deepEqual(layout.domain, [685.6, 1074.4]);
      assert.equal(layout.x(layout.domain[0]), layout.plotLeft);
      assert.equal(layout.x(layout.domain[1]), layout.plotRight);
      assert.ok(layout.ticks.includes(MEAN_RATING));
    });

    it("sizes the label column to the longest name, and stacks the groups", () => {
      const layout = chartLayout({ ranked, provisional }, 720, measure);
      assert.equal(layout.labelWidth, 10 + 80);
      assert.equal(layout.rowHeight, 28);
      assert.equal(layout.top, 6);
      // Two ranked rows, then the gap before the provisional group.
      assert.equal(layout.provisionalTop, 6 + 2 * 28 + 26);
      assert.equal(layout.axisY, layout.provisionalTop + 28);
      assert.equal(layout.height, layout.axisY + 40);
    });

    it("caps the label column at 40% of a narrow chart, cutting the names", () => {
      const long = [leaderboardRow("an-extraordinarily-long-model-name")];
      const layout = chartLayout({ ranked: long, provisional: [] }, 280, measure);
      assert.equal(layout.labelWidth, 10 + 112);
      assert.equal(layout.labels.get("an-extraordinarily-long-model-name"), "an-extraordin…");
    });

    it("widens a range narrower than 20 points around its middle", () => {
      const close = [leaderboardRow("a", { rating: 1001, ciLower: 999, ciUpper: 1003 })];
      assert.deepEqual(chartLayout({ ranked: close, provisional: [] }, 720, measure).domain, [990.2, 1011.8]);
    });

    it("packs rows tighter and repeats the axis on top for a long chart", () => {
      const many = Array.from({ length: 20 }, (_, index) => leaderboardRow(`m${index}`, { rank: index + 1 }));
      const layout = chartLayout({ ranked: many, provisional: [] }, 720, measure);
      assert.equal(layout.rowHeight, 24);
      assert.equal(layout.topAxis, true);
      assert.equal(layout.top, 26);
    });
  });
});
