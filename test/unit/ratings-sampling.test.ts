import assert from "node:assert/strict";

import { sampleBinomial, stirlingTail } from "@arena/shared/ratings/binomial";
import { sampleMultinomial } from "@arena/shared/ratings/multinomial";
import { createRandom, createRandomFromState } from "@arena/shared/ratings/random";

/** Exact binomial probabilities by the ratio recurrence P(k+1) = P(k)·(n−k)/(k+1)·p/(1−p). */
function binomialPmf(trials: number, probability: number): number[] {
  const pmf = [Math.pow(1 - probability, trials)];
  for (let k = 0; k < trials; k++) pmf.push((pmf[k]! * (trials - k) * probability) / ((k + 1) * (1 - probability)));
  return pmf;
}

/** Pearson's χ² of observed counts against the pmf, pooling cells expected below 5; returns [χ², degrees of freedom]. */
function chiSquare(observed: number[], pmf: number[], draws: number): [number, number] {
  let statistic = 0;
  let cells = 0;
  let pooledExpected = 0;
  let pooledObserved = 0;
  for (let k = 0; k < pmf.length; k++) {
    pooledExpected += pmf[k]! * draws;
    pooledObserved += observed[k] ?? 0;
    if (pooledExpected >= 5) {
      statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
      cells++;
      pooledExpected = 0;
      pooledObserved = 0;
    }
  }
  return [statistic, cells - 1];
}

describe("seeded random numbers (xoshiro128**)", () => {
  it("reproduces the reference sequence from state {1, 2, 3, 4}", () => {
    const random = createRandomFromState([1, 2, 3, 4]);
    assert.deepEqual([random.uint32(), random.uint32(), random.uint32()], [11520, 0, 5927040]);
  });

  it("gives the same numbers for the same seed and different ones for other seeds, high bits included", () => {
    const first = (seed: number) => Array.from({ length: 4 }, createRandom(seed).uint32);
    assert.deepEqual(first(42), first(42));
    assert.notDeepEqual(first(1), first(2));
    assert.notDeepEqual(first(0), first(2 ** 40));
    assert.throws(() => createRandom(1.5), RangeError);
  });

  it("draws uniforms strictly inside (0, 1) with mean ½", () => {
    const random = createRandom(7);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random.uniform();
      assert.ok(u > 0 && u < 1);
      sum += u;
    }
    // Standard error of the mean: √(1/12 / 10⁵) ≈ 0.0009.
    assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.004);
  });
});

describe("binomial sampling", () => {
  it("knows Stirling's correction: ln k! = (k+½)·ln(k+1) − (k+1) + ½·ln 2π + tail(k)", () => {
    let logFactorial = 0;
    for (let k = 1; k <= 200; k++) {
      logFactorial += Math.log(k);
      const approximation = (k + 0.5) * Math.log(k + 1) - (k + 1) + 0.5 * Math.log(2 * Math.PI);
      assert.ok(Math.abs(approximation + stirlingTail(k) - logFactorial) < 1e-12 * (1 + logFactorial), `k = ${k}`);
    }
  });

  for (const [trials, probability, regime] of [
    [40, 0.1, "inversion, mean 4"],
    [500, 0.3, "transformed rejection, mean 150"],
    [100, 0.8, "mirrored p > ½, mean 80"],
    [30, 0.4, "transformed rejection at the switch, mean 12"],
  ] as const) {
    it(`matches the exact distribution for n = ${trials}, p = ${probability} (${regime})`, () => {
      const random = createRandom(trials);
      const draws = 100_000;
      const observed = new Array<number>(trials + 1).fill(0);
      let sum = 0;
      for (let i = 0; i < draws; i++) {
        const k = sampleBinomial(random, trials, probability);
        assert.ok(Number.isInteger(k) && k >= 0 && k <= trials);
        observed[k]!++;
        sum += k;
      }
      const standardError = Math.sqrt((trials * probability * (1 - probability)) / draws);
      assert.ok(Math.abs(sum / draws - trials * probability) < 4 * standardError);
      const [statistic, degrees] = chiSquare(observed, binomialPmf(trials, probability), draws);
      // χ² has mean df and sd √(2 df): a wrong sampler lands far beyond 5 sd at this sample size.
      assert.ok(statistic < degrees + 5 * Math.sqrt(2 * degrees), `χ² = ${statistic.toFixed(1)} on ${degrees} df`);
    });
  }

  it("handles the edges exactly", () => {
    const random = createRandom(1);
    assert.equal(sampleBinomial(random, 0, 0.5), 0);
    assert.equal(sampleBinomial(random, 10, 0), 0);
    assert.equal(sampleBinomial(random, 10, 1), 10);
    assert.throws(() => sampleBinomial(random, 2.5, 0.5), RangeError);
    assert.throws(() => sampleBinomial(random, 10, 1.5), RangeError);
  });
});

describe("multinomial sampling", () => {
  it("always hands out exactly the number of draws, none to weightless categories", () => {
    const random = createRandom(3);
    const weights = [5, 0, 1, 1e6, 0, 2.5];
    for (const draws of [0, 1, 7, 1_500_000]) {
      const counts = sampleMultinomial(random, draws, weights);
      assert.equal(
        counts.reduce((sum, count) => sum + count, 0),
        draws,
      );
      assert.equal(counts[1], 0);
      assert.equal(counts[4], 0);
      assert.ok(counts.every(Number.isInteger));
    }
  });

  it("fills each category in proportion to its weight on average", () => {
    const random = createRandom(11);
    const weights = [1, 2, 3, 4, 10, 30, 50];
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const repeats = 2000;
    const draws = 1000;
    const sums = new Float64Array(weights.length);
    const into = new Float64Array(weights.length);
    for (let i = 0; i < repeats; i++) {
      sampleMultinomial(random, draws, weights, into);
      into.forEach((count, category) => (sums[category] = sums[category]! + count));
    }
    weights.forEach((weight, category) => {
      const share = weight / total;
      const standardError = Math.sqrt((draws * share * (1 - share)) / repeats);
      assert.ok(Math.abs(sums[category]! / repeats - draws * share) < 4 * standardError, `category ${category}`);
    });
  });

  it("refuses impossible requests", () => {
    const random = createRandom(1);
    assert.throws(() => sampleMultinomial(random, 5, [0, 0]), RangeError);
    assert.throws(() => sampleMultinomial(random, 5, [1, -1]), RangeError);
    assert.throws(() => sampleMultinomial(random, 5, [1, 2], new Float64Array(3)), RangeError);
  });
});
