import assert from "node:assert/strict";

import { PairCounts, type Score } from "@arena/shared/ratings/pairCounts";
import { createRandom } from "@arena/shared/ratings/random";
import { rateBattles, type RatedBattles } from "@arena/shared/ratings/rateBattles";

describe("rateBattles", () => {
  const strengths = [0, 0.1, 0.2, 0.6, 1.2];
  const models = ["e", "d", "c", "b", "a"];
  const random = createRandom(99);
  const counts = new PairCounts();
  const addVotes = (into: PairCounts, votes: number) => {
    for (let vote = 0; vote < votes; vote++) {
      const i = random.uint32() % 5;
      const j = (i + 1 + (random.uint32() % 4)) % 5;
      const pWin = 1 / (1 + Math.exp(strengths[j]! - strengths[i]!));
      into.add(models[i]!, models[j]!, random.uniform() < pWin ? 1 : 0);
    }
  };
  addVotes(counts, 2000);
  const data = counts.toData();

  it("returns ratings, sandwich intervals and ranks per model, sorted by name", () => {
    const result = rateBattles(data);
    assert.deepEqual(result.models, ["a", "b", "c", "d", "e"]);
    assert.ok(result.converged);
    for (let model = 0; model < 5; model++) {
      assert.ok(result.lower[model]! < result.ratings[model]! && result.ratings[model]! < result.upper[model]!);
    }
    // In this sample only d and e (true strengths 17 points apart) have overlapping intervals: they share rank 4.
    assert.deepEqual(Array.from(result.rank), [1, 2, 3, 4, 4]);
  });

  it("gives byte-identical leaderboards for the same votes in another order", () => {
    const reversed = new PairCounts();
    for (let row = data.count.length - 1; row >= 0; row--) {
      for (let vote = 0; vote < data.count[row]!; vote++) {
        reversed.add(data.models[data.a[row]!]!, data.models[data.b[row]!]!, data.outcome[row] as Score);
      }
    }
    const plain = (value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value);
    const asJson = (result: RatedBattles) =>
      JSON.stringify(Object.entries(result).map(([key, value]) => [key, plain(value)]));
    for (const ci of ["sandwich", "bootstrap"] as const) {
      const [forwards, backwards] = [data, reversed.toData()].map((votes) => rateBattles(votes, { ci, rounds: 20 }));
      assert.equal(asJson(backwards!), asJson(forwards!));
    }
  });

  it("gives reproducible bootstrap intervals with the default seed", () => {
    const first = rateBattles(data, { ci: "bootstrap", rounds: 30 });
    const second = rateBattles(data, { ci: "bootstrap", rounds: 30 });
    assert.deepEqual(Array.from(first.lower), Array.from(second.lower));
    const otherSeed = rateBattles(data, { ci: "bootstrap", rounds: 30, seed: 1 });
    assert.notDeepEqual(Array.from(otherSeed.lower), Array.from(first.lower));
  });

  it("warm-starts from a previous result by model name, new models starting level", () => {
    const previous = rateBattles(data);
    const more = new PairCounts();
    for (let row = 0; row < data.count.length; row++) {
      more.add(data.models[data.a[row]!]!, data.models[data.b[row]!]!, data.outcome[row] as Score, data.count[row]!);
    }
    more.add("newcomer", "c", 1);
    more.add("c", "newcomer", 1);
    addVotes(more, 5);
    const next = more.toData();
    const warm = rateBattles(next, { initial: previous });
    const cold = rateBattles(next);
    assert.ok(warm.iterations < cold.iterations, `warm ${warm.iterations}, cold ${cold.iterations}`);
    warm.ratings.forEach((rating, model) => assert.ok(Math.abs(rating - cold.ratings[model]!) < 1e-6));
    // θ already aligned with the new data's models works the same way.
    const aligned = Float64Array.from(next.models, (model) => previous.theta[previous.models.indexOf(model)] ?? 0);
    assert.equal(rateBattles(next, { initial: aligned }).iterations, warm.iterations);
  });

  it("gives a newcomer with two ties a wide interval, either ci, with and without the prior, ranking the others as before", () => {
    const more = new PairCounts();
    for (let row = 0; row < data.count.length; row++) {
      more.add(data.models[data.a[row]!]!, data.models[data.b[row]!]!, data.outcome[row] as Score, data.count[row]!);
    }
    more.add("newcomer", "c", 0.5);
    more.add("c", "newcomer", 0.5);
    const next = more.toData();
    const newcomer = next.models.indexOf("newcomer");
    for (const ci of ["sandwich", "bootstrap"] as const) {
      for (const priorVotes of [0, 1]) {
        const result = rateBattles(next, { ci, priorVotes, rounds: 50 });
        const width = result.upper[newcomer]! - result.lower[newcomer]!;
        // Two ties say almost nothing: hundreds of points, not arena-rank's ±10.
        assert.ok(width > 400, `${ci}, priorVotes ${priorVotes}: width ${width}`);
        assert.ok(
          result.lower[newcomer]! < result.ratings[newcomer]! && result.ratings[newcomer]! < result.upper[newcomer]!,
        );
        // Its interval overlaps everyone's, so nothing ranks above it; it pushes nobody down.
        assert.equal(result.rank[newcomer], 1);
        const others = Array.from(result.rank).filter((_, model) => model !== newcomer);
        assert.deepEqual(others, Array.from(rateBattles(data, { ci, priorVotes, rounds: 50 }).rank));
      }
    }
  });
});
