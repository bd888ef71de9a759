import assert from "node:assert/strict";

import { linearTicks, logTicks, priceLayout } from "../../client/src/components/priceChartLayout.ts";
import { paretoFront } from "../../client/src/paretoFront.ts";

const priced = (model: string, price: number, rating: number) => ({ model, price, rating });

describe("priceChartLayout", () => {
  it("uses a logarithmic price axis when prices span ten times or more", () => {
    const models = [priced("cheap", 0.1, 950), priced("mid", 1, 1000), priced("dear", 10, 1050)];
    const layout = priceLayout(models, paretoFront(models), 600, 300);
    assert.equal(layout.logarithmic, true);
    // Equal ratios, equal distances.
    assert.ok(Math.abs(layout.x(1) - layout.x(0.1) - (layout.x(10) - layout.x(1))) < 1e-9);
    assert.ok(layout.x(0.1) > layout.plotLeft && layout.x(10) < layout.plotRight);
  });

  it("uses a linear axis from zero when a model is free", () => {
    const models = [priced("free", 0, 900), priced("paid", 50, 1100)];
    const layout = priceLayout(models, paretoFront(models), 600, 300);
    assert.equal(layout.logarithmic, false);
    assert.equal(layout.x(0), layout.plotLeft);
    assert.equal(layout.priceTicks[0], 0);
  });

  it("draws the front as a staircase through its models", () => {
    const models = [priced("a", 1, 900), priced("b", 2, 1000), priced("c", 4, 1100)];
    const layout = priceLayout(models, paretoFront(models), 600, 300);
    // M to the first, then one horizontal and one vertical segment per further model.
    assert.equal(layout.frontPath.match(/M/g)!.length, 1);
    assert.equal(layout.frontPath.match(/L/g)!.length, 4);
    assert.ok(layout.y(1100) < layout.y(900));
  });

  describe("linearTicks", () => {
    it("steps by round decimal numbers", () => {
      assert.deepEqual(linearTicks(0, 1, 6), [0, 0.2, 0.4, 0.6, 0.8, 1]);
      assert.deepEqual(linearTicks(0, 54, 4), [0, 20, 40]);
    });
  });

  describe("logTicks", () => {
    it("puts 1, 2 and 5 of each power of ten, thinned to fit", () => {
      assert.deepEqual(logTicks(0.08, 12, 20), [0.1, 0.2, 0.5, 1, 2, 5, 10]);
      assert.deepEqual(logTicks(0.08, 12, 4), [0.1, 1, 10]);
    });
  });
});
