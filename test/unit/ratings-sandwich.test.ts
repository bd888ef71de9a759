import assert from "node:assert/strict";
import { fitBradleyTerry, RATING_SCALE } from "@arena/shared/ratings/bradleyTerry";
import { normalQuantile } from "@arena/shared/ratings/normalQuantile";
import { PairCounts, type PairData, type Score } from "@arena/shared/ratings/pairCounts";
import { HESSIAN_REGULARISATION, sandwichIntervals } from "@arena/shared/ratings/sandwich";

function dataOf(votes: ReadonlyArray<readonly [string, string, Score, number]>, extraModels: string[] = []): PairData {
  const counts = new PairCounts();
  for (const model of extraModels) counts.addModel(model);
  for (const [a, b, score, count] of votes) counts.add(a, b, score, count);
  return counts.toData();
}

function assertClose(actual: number, expected: number, tolerance: number) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

// The fit carries the 1e-10 penalty, so its p differs from w / N in the tenth digit.
const assertRelativelyClose = (actual: number, expected: number) => assertClose(actual, expected, 1e-8 * Math.abs(expected));

const Z_95 = 1.959963984540054;

describe("normal quantile (AS 241)", () => {
  it("gives scipy's z for 95% and known points of the normal distribution", () => {
    assertClose(normalQuantile(0.975), Z_95, 1e-15);
    assertClose(normalQuantile(0.5), 0, 0);
    assertClose(normalQuantile(0.8413447460685429), 1, 1e-14);
    assertClose(normalQuantile(0.05), -1.6448536269514729, 1e-15);
    assertClose(normalQuantile(1e-10), -6.361340902404056, 1e-13);
    assertClose(normalQuantile(0.999), -normalQuantile(0.001), 1e-15);
    assert.throws(() => normalQuantile(1), RangeError);
  });
});

describe("sandwich intervals", () => {
  // Two models, x beats y w times and loses l times, all shown as (x, y): with N = w + l and
  // p = w / N at the fit, H = N·p·q on the pair Laplacian plus the ridge r on the diagonal, and J
  // sums (1 − p)²·w + p²·l = N·p·q. Inverting the pair Laplacian plus r gives
  // H⁻¹ₓₓ − H⁻¹ₓᵧ = 1 / (2·N·p·q + r), so Var θₓ = N·p·q / (2·N·p·q + r)².
  const [wins, losses] = [60, 20];
  const votes = [["x", "y", 1, wins], ["x", "y", 0, losses]] as const;
  const n = wins + losses;
  const p = wins / n;
  const data = dataOf([...votes]);

  it("matches the closed form for two models, unweighted (ridge 1e-5 × total votes)", () => {
    const fit = fitBradleyTerry(data);
    const intervals = sandwichIntervals(data, fit);
    const information = n * p * (1 - p);
    const variance = information / (2 * information + HESSIAN_REGULARISATION * n) ** 2;
    for (let model = 0; model < 2; model++) {
      assertRelativelyClose(intervals.variance[model]!, variance * RATING_SCALE ** 2);
      assertRelativelyClose(intervals.upper[model]! - fit.ratings[model]!, Z_95 * Math.sqrt(variance) * RATING_SCALE);
      assertRelativelyClose(fit.ratings[model]! - intervals.lower[model]!, Z_95 * Math.sqrt(variance) * RATING_SCALE);
    }
  });

  it("matches the closed form under inverse-pair weighting (ridge 1e-5, votes weigh 1 / max(N, 50))", () => {
    const small = dataOf([["x", "y", 1, 15], ["x", "y", 0, 5]]);
    const fit = fitBradleyTerry(small, { weighting: "inverse-pair" });
    const intervals = sandwichIntervals(small, fit, { weighting: "inverse-pair" });
    // 20 votes weigh 1/50 each: H = 20·p·q / 50, J = (q²·15 + p²·5) / 50² = 20·p·q / 2500.
    const pq = 0.75 * 0.25;
    const variance = (20 * pq) / 2500 / ((2 * 20 * pq) / 50 + HESSIAN_REGULARISATION) ** 2;
    assertRelativelyClose(intervals.variance[0]!, variance * RATING_SCALE ** 2);
  });

  it("scales its width with the normal quantile of the level", () => {
    const fit = fitBradleyTerry(data);
    const width = (level: number) => {
      const intervals = sandwichIntervals(data, fit, { level });
      return intervals.upper[0]! - intervals.lower[0]!;
    };
    assertClose(width(0.8) / width(0.95), normalQuantile(0.9) / Z_95, 1e-12);
    assert.throws(() => sandwichIntervals(data, fit, { level: 1 }), RangeError);
  });

  it("gives a model without votes a zero-width interval at 1000, and stays finite everywhere", () => {
    const withLonely = dataOf([...votes, ["y", "z", 1, 1]], ["lonely"]);
    const fit = fitBradleyTerry(withLonely);
    const intervals = sandwichIntervals(withLonely, fit);
    const lonely = withLonely.models.indexOf("lonely");
    assert.deepEqual([intervals.lower[lonely], intervals.upper[lonely], intervals.variance[lonely]], [1000, 1000, 0]);
    for (const column of [intervals.lower, intervals.upper, intervals.variance]) assert.ok(column.every(Number.isFinite));
  });

  it("returns the ratings themselves when there are no votes", () => {
    const empty = dataOf([], ["a", "b"]);
    const intervals = sandwichIntervals(empty, fitBradleyTerry(empty));
    assert.deepEqual(Array.from(intervals.lower), [1000, 1000]);
    assert.deepEqual(Array.from(intervals.variance), [0, 0]);
  });
});
