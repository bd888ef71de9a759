import assert from "node:assert/strict";

import { adaptivePairWeights, drawWeighted } from "@arena/shared/ratings/adaptivePairs";

describe("adaptive pair weights", () => {
  it("favours pairs whose models have few votes", () => {
    // Models 0 and 1 met 500 times; model 2 met nobody.
    const battles = [
      [0, 500, 0],
      [500, 0, 0],
      [0, 0, 0],
    ];
    const [w01, w02, w12] = adaptivePairWeights([1000, 1000, 1000], battles);
    assert.ok(w02! > 10 * w01! && w12! > 10 * w01!, `${w01} ${w02} ${w12}`);
    assert.ok(Math.abs(w02! - w12!) < 1e-12);
  });

  it("favours close pairs over lopsided ones at equal counts (more information per vote)", () => {
    const battles = [
      [0, 10, 10],
      [10, 0, 10],
      [10, 10, 0],
    ];
    const [close, far] = adaptivePairWeights([1000, 1010, 1600], battles);
    assert.ok(close! > far!);
  });

  it("is finite and positive for every pair, even with no votes at all", () => {
    const weights = adaptivePairWeights(
      [1000, 1000, 1000, 1000],
      [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    );
    assert.equal(weights.length, 6);
    for (const weight of weights) assert.ok(Number.isFinite(weight) && weight > 0);
  });

  it("draws indices in proportion to their weights", () => {
    let state = 1;
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[drawWeighted([1, 0, 3], random)]!++;
    assert.equal(counts[1], 0);
    assert.ok(Math.abs(counts[2]! / counts[0]! - 3) < 0.2, String(counts));
  });
});
