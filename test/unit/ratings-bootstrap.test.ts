import assert from "node:assert/strict";

import { bootstrapIntervals } from "@arena/shared/ratings/bootstrap";
import { fitBradleyTerry } from "@arena/shared/ratings/bradleyTerry";
import { PairCounts, type Score } from "@arena/shared/ratings/pairCounts";
import { type RatingIntervals, sandwichIntervals } from "@arena/shared/ratings/sandwich";

describe("bootstrap intervals", () => {
  const counts = new PairCounts();
  counts.add("a", "b", 1, 300);
  counts.add("a", "b", 0, 200);
  counts.add("b", "c", 1, 250);
  counts.add("c", "b", 0.5, 150);
  counts.add("c", "a", 1, 120);
  counts.add("c", "a", 0, 180);
  const data = counts.toData();
  const fit = fitBradleyTerry(data);
  const asJson = ({ lower, upper, variance }: RatingIntervals) =>
    JSON.stringify([lower, upper, variance].map((column) => Array.from(column)));

  it("gives byte-identical intervals for the same seed and different ones for another", () => {
    const once = bootstrapIntervals(data, fit, { seed: 7 });
    assert.equal(asJson(bootstrapIntervals(data, fit, { seed: 7 })), asJson(once));
    assert.notEqual(asJson(bootstrapIntervals(data, fit, { seed: 8 })), asJson(once));
  });

  it("brackets each rating and agrees with the sandwich width to within resampling noise", () => {
    const bootstrap = bootstrapIntervals(data, fit, { seed: 1, rounds: 400 });
    const sandwich = sandwichIntervals(data, fit);
    for (let model = 0; model < 3; model++) {
      assert.ok(bootstrap.lower[model]! < fit.ratings[model]! && fit.ratings[model]! < bootstrap.upper[model]!);
      const ratio =
        (bootstrap.upper[model]! - bootstrap.lower[model]!) / (sandwich.upper[model]! - sandwich.lower[model]!);
      assert.ok(Math.abs(ratio - 1) < 0.15, `width ratio ${ratio}`);
      // Plain variance of the refits against the sandwich's: the same quantity, estimated twice.
      assert.ok(Math.abs(bootstrap.variance[model]! / sandwich.variance[model]! - 1) < 0.25);
    }
  });

  it("takes interval ends from the sorted refits like numpy's linear quantile", () => {
    // With 2 rounds, the 2.5% and 97.5% quantiles are 2.5% and 97.5% of the way between the refits.
    const two = bootstrapIntervals(data, fit, { seed: 3, rounds: 2, level: 0.95 });
    const one = bootstrapIntervals(data, fit, { seed: 3, rounds: 1 });
    for (let model = 0; model < 3; model++) {
      assert.equal(one.lower[model], one.upper[model]);
      assert.equal(one.variance[model], 0);
      const spread = two.upper[model]! - two.lower[model]!;
      // lower = x₀ + 0.025·(x₁ − x₀), upper = x₀ + 0.975·(x₁ − x₀), variance = ((x₁ − x₀)/2)².
      const gap = spread / 0.95;
      assert.ok(Math.abs(two.variance[model]! - (gap / 2) ** 2) < 1e-9 * Math.max(1, gap * gap));
    }
  });

  it("widens a newcomer whose two ties resample to two ties to the sandwich's small-sample floor", () => {
    const withNewcomer = new PairCounts();
    for (let row = 0; row < data.count.length; row++) {
      withNewcomer.add(
        data.models[data.a[row]!]!,
        data.models[data.b[row]!]!,
        data.outcome[row] as Score,
        data.count[row]!,
      );
    }
    withNewcomer.add("new", "b", 0.5);
    withNewcomer.add("b", "new", 0.5);
    const votes = withNewcomer.toData();
    const newcomer = votes.models.indexOf("new");
    const newFit = fitBradleyTerry(votes);
    const plain = bootstrapIntervals(votes, newFit, { seed: 4, smallSampleFloor: false });
    const widened = bootstrapIntervals(votes, newFit, { seed: 4 });
    const sandwich = sandwichIntervals(votes, newFit);
    // Resampled, the newcomer has 0–5 ties and nothing else: its refits follow b's (±10 points),
    // or sit at 1000 when it drew no vote at all — ~45 points in all, for a model two ties place.
    assert.ok(plain.upper[newcomer]! - plain.lower[newcomer]! < 50);
    // The same rule as the sandwich: the hull of the percentile interval and the floor, which
    // here is the sandwich's interval (±330 points).
    assert.ok(sandwich.upper[newcomer]! - sandwich.lower[newcomer]! > 600);
    assert.equal(widened.lower[newcomer], Math.min(plain.lower[newcomer]!, sandwich.lower[newcomer]!));
    assert.equal(widened.upper[newcomer], Math.max(plain.upper[newcomer]!, sandwich.upper[newcomer]!));
    // The models with hundreds of votes keep arena-rank's percentile intervals to the bit.
    for (let model = 0; model < votes.models.length; model++) {
      if (model === newcomer) continue;
      assert.deepEqual(
        [widened.lower[model], widened.upper[model], widened.variance[model]],
        [plain.lower[model], plain.upper[model], plain.variance[model]],
      );
    }
  });

  it("refuses nonsense options", () => {
    assert.throws(() => bootstrapIntervals(data, fit, { seed: 1, rounds: 0 }), RangeError);
    assert.throws(() => bootstrapIntervals(data, fit, { seed: 1, level: 0 }), RangeError);
    assert.throws(() => bootstrapIntervals(data, fit, { seed: 0.5 }), RangeError);
  });
});
