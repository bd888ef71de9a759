import assert from "node:assert/strict";

import {
  battleCountMatrix,
  PairCounts,
  type PairData,
  pairTotalOfEachRow,
  type Score,
} from "@arena/shared/ratings/pairCounts";
import { createRandom } from "@arena/shared/ratings/random";
import { voteWeights } from "@arena/shared/ratings/weighting";

const asPlain = (data: PairData) => ({
  models: data.models,
  a: Array.from(data.a),
  b: Array.from(data.b),
  outcome: Array.from(data.outcome),
  count: Array.from(data.count),
});

describe("vote aggregation (PairCounts)", () => {
  it("folds identical votes into one row and keeps the order the models were shown in", () => {
    const counts = new PairCounts();
    counts.add("zeta", "alpha", 1);
    counts.add("zeta", "alpha", 1);
    counts.add("alpha", "zeta", 1);
    counts.add("zeta", "alpha", 0.5, 3);
    assert.equal(counts.total, 6);
    assert.equal(counts.rowCount, 3);
    assert.deepEqual(asPlain(counts.toData()), {
      models: ["alpha", "zeta"],
      // Sorted by (a, b, outcome): alpha-first row, then zeta-first rows, tie before win.
      a: [0, 1, 1],
      b: [1, 0, 0],
      outcome: [1, 0.5, 1],
      count: [1, 3, 2],
    });
  });

  it("gives byte-identical data for the same votes in any order", () => {
    const models = ["m-3", "m-1", "M-2", "m-10", "é-model"];
    const scores: Score[] = [0, 0.5, 1];
    const random = createRandom(5);
    const votes = Array.from({ length: 500 }, () => {
      const a = models[random.uint32() % models.length]!;
      let b = a;
      while (b === a) b = models[random.uint32() % models.length]!;
      return [a, b, scores[random.uint32() % 3]!] as const;
    });
    const shuffled = [...votes];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = random.uint32() % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const fromVotes = new PairCounts();
    for (const [a, b, score] of votes) fromVotes.add(a, b, score);
    const fromShuffled = new PairCounts();
    for (const [a, b, score] of shuffled) fromShuffled.add(a, b, score);
    assert.equal(JSON.stringify(asPlain(fromShuffled.toData())), JSON.stringify(asPlain(fromVotes.toData())));
    assert.deepEqual(fromVotes.toData().models, ["M-2", "m-1", "m-10", "m-3", "é-model"]);
  });

  it("grows with distinct rows, not with votes", () => {
    const counts = new PairCounts();
    for (let i = 0; i < 100_000; i++) counts.add("a", "b", i % 2 === 0 ? 1 : 0);
    assert.equal(counts.rowCount, 2);
    assert.deepEqual(Array.from(counts.toData().count), [50_000, 50_000]);
  });

  it("holds a model without votes, and a model meeting itself, as arena-rank does", () => {
    const counts = new PairCounts();
    counts.addModel("newcomer");
    counts.add("a", "a", 0.5);
    counts.addModel("a");
    assert.equal(counts.modelCount, 2);
    assert.deepEqual(asPlain(counts.toData()), {
      models: ["a", "newcomer"],
      a: [0],
      b: [0],
      outcome: [0.5],
      count: [1],
    });
  });

  it("refuses scores other than 0, ½, 1 and counts that are not positive", () => {
    const counts = new PairCounts();
    assert.throws(() => counts.add("a", "b", 0.7 as Score), RangeError);
    assert.throws(() => counts.add("a", "b", 1, 0), RangeError);
    assert.throws(() => counts.add("a", "b", 1, Number.POSITIVE_INFINITY), RangeError);
    assert.equal(counts.total, 0);
  });
});

describe("pair totals", () => {
  const counts = new PairCounts();
  counts.add("a", "b", 1, 30);
  counts.add("b", "a", 0.5, 10);
  counts.add("b", "c", 0, 20);
  const data = counts.toData();

  it("gives each row the votes between its two models, all outcomes and both orders", () => {
    assert.deepEqual(Array.from(pairTotalOfEachRow(data)), [40, 40, 20]);
  });

  it("lays the same totals out as a symmetric battle-count matrix", () => {
    assert.deepEqual(Array.from(battleCountMatrix(data)), [0, 40, 0, 40, 0, 20, 0, 20, 0]);
  });

  it("weighs a vote 1 / max(pair total, minPairCount) under inverse-pair weighting", () => {
    assert.deepEqual(Array.from(voteWeights(data, "none")), [1, 1, 1]);
    assert.deepEqual(Array.from(voteWeights(data, "inverse-pair")), [1 / 50, 1 / 50, 1 / 50]);
    assert.deepEqual(Array.from(voteWeights(data, "inverse-pair", 25)), [1 / 40, 1 / 40, 1 / 25]);
  });
});
