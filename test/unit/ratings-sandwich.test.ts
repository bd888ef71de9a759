import assert from "node:assert/strict";

import { fitBradleyTerry, RATING_SCALE } from "@arena/shared/ratings/bradleyTerry";
import { normalQuantile } from "@arena/shared/ratings/normalQuantile";
import { PairCounts, type PairData, type Score } from "@arena/shared/ratings/pairCounts";
import { createRandom } from "@arena/shared/ratings/random";
import { HESSIAN_REGULARISATION, sandwichIntervals } from "@arena/shared/ratings/sandwich";
import { FLOOR_PRIOR_VOTES, tableDispersion } from "@arena/shared/ratings/smallSample";

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
const assertRelativelyClose = (actual: number, expected: number) =>
  assertClose(actual, expected, 1e-8 * Math.abs(expected));

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
  const votes = [
    ["x", "y", 1, wins],
    ["x", "y", 0, losses],
  ] as const;
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
    const small = dataOf([
      ["x", "y", 1, 15],
      ["x", "y", 0, 5],
    ]);
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
    for (const column of [intervals.lower, intervals.upper, intervals.variance])
      assert.ok(column.every(Number.isFinite));
  });

  it("returns the ratings themselves when there are no votes", () => {
    const empty = dataOf([], ["a", "b"]);
    const intervals = sandwichIntervals(empty, fitBradleyTerry(empty));
    assert.deepEqual(Array.from(intervals.lower), [1000, 1000]);
    assert.deepEqual(Array.from(intervals.variance), [0, 0]);
  });
});

/**
 * Five established models (2,000 votes, 30% ties at even odds, ties half wins) and a newcomer
 * with the given votes against them.
 */
function withNewcomer(votes: ReadonlyArray<readonly [string, string, Score]>): PairData {
  const random = createRandom(5);
  const models = ["a", "b", "c", "d", "e"];
  const strengths = [0.6, 0.3, 0, -0.3, -0.6];
  const counts = new PairCounts();
  for (let vote = 0; vote < 2000; vote++) {
    const i = random.uint32() % 5;
    const j = (i + 1 + (random.uint32() % 4)) % 5;
    const pI = 1 / (1 + Math.exp(strengths[j]! - strengths[i]!));
    const tie = 0.6 * Math.min(pI, 1 - pI);
    const u = random.uniform();
    counts.add(models[i]!, models[j]!, u < tie ? 0.5 : u < pI + tie / 2 ? 1 : 0);
  }
  for (const [a, b, score] of votes) counts.add(a, b, score);
  return counts.toData();
}

/** logit(½ + e) for the e at which n ties against one opponent stop being plausible. */
function tieEnd(dispersion: number, ties: number): number {
  // |n·(½ − p)| = z·√(φ·n·p·q) with p = ½ + e:  n²e² = z²·φ·n·(¼ − e²).
  const zz = Z_95 * Z_95 * dispersion;
  const e = Math.sqrt(zz / 4 / (ties + zz));
  return Math.log((0.5 + e) / (0.5 - e));
}

describe("the small-sample floor of sandwich intervals", () => {
  it("measures the table's dispersion: 1 for wins and losses alone, ½ when half the votes are ties", () => {
    // Pearson's Σ(y − p)² / Σp·q, × N / (N − d), pooled with one vote at the Bernoulli 1.
    const decisive = dataOf([
      ["x", "y", 1, 60],
      ["x", "y", 0, 20],
    ]);
    assertClose(tableDispersion(decisive, fitBradleyTerry(decisive).theta), (79 * (80 / 79) + 1) / 80, 1e-9);
    const tied = dataOf([
      ["x", "y", 1, 10],
      ["x", "y", 0, 10],
      ["x", "y", 0.5, 20],
    ]);
    assertClose(tableDispersion(tied, fitBradleyTerry(tied).theta), (39 * 0.5 * (40 / 39) + 1) / 40, 1e-9);
  });

  it("gives a newcomer with two ties at even odds a wide interval (Wilson's, with the table's dispersion)", () => {
    const data = withNewcomer([
      ["new", "c", 0.5],
      ["c", "new", 0.5],
    ]);
    const fit = fitBradleyTerry(data);
    const newcomer = data.models.indexOf("new");
    const rating = fit.ratings[newcomer]!;
    // Two ties against the model rated the same: the newcomer's residuals are 0, so arena-rank's
    // width is no more than c's own (the newcomer's rating is tied to c's).
    const c = data.models.indexOf("c");
    assertClose(rating, fit.ratings[c]!, 1e-4);
    const plain = sandwichIntervals(data, fit, { smallSampleFloor: false });
    const plainWidth = plain.upper[newcomer]! - plain.lower[newcomer]!;
    assert.ok(plainWidth < 1.1 * (plain.upper[c]! - plain.lower[c]!), `plain width ${plainWidth}`);

    // The floor: two ties carry one vote of information of their own (4·Σp·q − 1), so the
    // dispersion is the table's, × ν₀ / (1 + ν₀). The newcomer holds ~5e-4 of the table's
    // information, the share of the centre it carries: hence the tolerance.
    const intervals = sandwichIntervals(data, fit);
    const dispersion = (tableDispersion(data, fit.theta) * FLOOR_PRIOR_VOTES) / (1 + FLOOR_PRIOR_VOTES);
    const halfWidth = tieEnd(dispersion, 2) * RATING_SCALE;
    assertClose(rating - intervals.lower[newcomer]!, halfWidth, 1e-3 * halfWidth);
    assertClose(intervals.upper[newcomer]! - rating, halfWidth, 1e-3 * halfWidth);
    assert.ok(halfWidth > 300, `±${halfWidth}`);
    assertClose(intervals.variance[newcomer]!, (halfWidth / Z_95) ** 2, 3e-3 * (halfWidth / Z_95) ** 2);

    // The established models' intervals are arena-rank's, to the bit.
    for (let model = 0; model < data.models.length; model++) {
      if (model === newcomer) continue;
      assert.deepEqual(
        [intervals.lower[model], intervals.upper[model], intervals.variance[model]],
        [plain.lower[model], plain.upper[model], plain.variance[model]],
      );
    }
  });

  it("gives a newcomer that won both its votes an interval from plausible to far up (separation)", () => {
    const data = withNewcomer([
      ["new", "c", 1],
      ["c", "new", 0],
    ]);
    const newcomer = data.models.indexOf("new");
    const c = data.models.indexOf("c");

    // Maximum likelihood: θ runs off, the residuals vanish, and so did arena-rank's width.
    const fit = fitBradleyTerry(data);
    assert.ok(fit.ratings[newcomer]! > fit.ratings[c]! + 1500);
    const plain = sandwichIntervals(data, fit, { smallSampleFloor: false });
    assert.ok(plain.upper[newcomer]! - plain.lower[newcomer]! < 1);
    // The floor's lower end is where two wins against c stop being surprising — 2·(1 − p) =
    // z·√(φ·2·p·q), p = 2 / (2 + z²·φ) — read against c as the table shows it. The runaway θ has
    // no information left, so the dispersion is the table's own.
    const intervals = sandwichIntervals(data, fit);
    const dispersion = tableDispersion(data, fit.theta);
    const p = 2 / (2 + Z_95 * Z_95 * dispersion);
    assertClose(intervals.lower[newcomer]!, fit.ratings[c]! + Math.log(p / (1 - p)) * RATING_SCALE, 1e-3);
    assert.ok(intervals.upper[newcomer]! > fit.ratings[newcomer]! + 1000, `upper ${intervals.upper[newcomer]}`);
    for (const column of [intervals.lower, intervals.upper, intervals.variance])
      assert.ok(column.every(Number.isFinite));

    // With the live tables' prior the rating is a modest lead, and the interval is finite around it.
    const map = fitBradleyTerry(data, { priorVotes: 1 });
    const withPrior = sandwichIntervals(data, map, { priorVotes: 1 });
    const lead = map.ratings[newcomer]! - map.ratings[c]!;
    assert.ok(lead > 100 && lead < 400, `lead ${lead}`);
    assert.ok(
      withPrior.lower[newcomer]! < map.ratings[c]! && withPrior.upper[newcomer]! > map.ratings[newcomer]! + 150,
    );
  });

  it("widens two ties between the only two models from nothing to ±148 points", () => {
    // The table's dispersion from 2 ties (1 degree of freedom) and the Bernoulli vote: ½. Each
    // model carries half the centre, so the width is half the difference's.
    const data = dataOf([["x", "y", 0.5, 2]]);
    const fit = fitBradleyTerry(data);
    assert.deepEqual(Array.from(sandwichIntervals(data, fit, { smallSampleFloor: false }).upper), [1000, 1000]);
    const intervals = sandwichIntervals(data, fit);
    const halfWidth = (tieEnd((0.5 * FLOOR_PRIOR_VOTES) / (1 + FLOOR_PRIOR_VOTES), 2) / 2) * RATING_SCALE;
    for (let model = 0; model < 2; model++) {
      assertClose(intervals.upper[model]! - 1000, halfWidth, 1e-6);
      assertClose(1000 - intervals.lower[model]!, halfWidth, 1e-6);
    }
    assertClose(halfWidth, 147.7, 0.1);
  });
});
