import assert from "node:assert/strict";

import { blendedPrice, paretoFront } from "../../client/src/paretoFront.ts";

const priced = (model: string, price: number, rating: number) => ({ model, price, rating });

describe("paretoFront", () => {
  describe("blendedPrice", () => {
    it("blends input and output prices three to one", () => {
      assert.equal(blendedPrice(1, 5), 2);
    });

    it("takes the one price given, and none when neither is", () => {
      assert.equal(blendedPrice(3, undefined), 3);
      assert.equal(blendedPrice(null, 0.6), 0.6);
      assert.equal(blendedPrice(undefined, null), null);
    });

    it("ignores a price that is not a finite, non-negative number", () => {
      assert.equal(blendedPrice(-1, 4), 4);
      assert.equal(blendedPrice(Number.NaN, Number.POSITIVE_INFINITY), null);
    });

    it("keeps a free model at zero", () => {
      assert.equal(blendedPrice(0, 0), 0);
    });
  });

  describe("paretoFront", () => {
    it("keeps the models no other beats on both price and rating, cheapest first", () => {
      const front = paretoFront([
        priced("premium", 30, 1100),
        priced("overpriced", 40, 1050),
        priced("budget", 0.5, 950),
        priced("middle", 3, 1040),
        priced("worse-middle", 3.5, 1000),
      ]);
      assert.deepEqual(
        front.map((model) => model.model),
        ["budget", "middle", "premium"],
      );
    });

    it("leaves out a model beaten at the same price", () => {
      const front = paretoFront([priced("weaker", 2, 990), priced("stronger", 2, 1010)]);
      assert.deepEqual(
        front.map((model) => model.model),
        ["stronger"],
      );
    });

    it("leaves out a model as good as a cheaper one", () => {
      const front = paretoFront([priced("dear", 9, 1000), priced("cheap", 1, 1000)]);
      assert.deepEqual(
        front.map((model) => model.model),
        ["cheap"],
      );
    });

    it("keeps two models equal on both", () => {
      const front = paretoFront([priced("twin-a", 1, 1000), priced("twin-b", 1, 1000)]);
      assert.equal(front.length, 2);
    });

    it("has nothing for no models and the one model for one", () => {
      assert.deepEqual(paretoFront([]), []);
      assert.deepEqual(paretoFront([priced("only", 4, 900)]), [priced("only", 4, 900)]);
    });

    it("agrees with the definition on random tables", () => {
      let seed = 7;
      const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
      for (let round = 0; round < 50; round++) {
        const models = Array.from({ length: 12 }, (_, index) =>
          priced(`m${index}`, Math.round(random() * 10), Math.round(random() * 20)),
        );
        const dominated = (m: (typeof models)[0]) =>
          models.some(
            (other) =>
              other.price <= m.price && other.rating >= m.rating && (other.price < m.price || other.rating > m.rating),
          );
        const expected = models
          .filter((m) => !dominated(m))
          .map((m) => m.model)
          .sort();
        const actual = paretoFront(models)
          .map((m) => m.model)
          .sort();
        assert.deepEqual(actual, expected);
      }
    });
  });
});
