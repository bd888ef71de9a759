import assert from "node:assert/strict";

import { type BradleyTerryFit, fitBradleyTerry, RATING_SCALE } from "@arena/shared/ratings/bradleyTerry";
import { PairCounts, type PairData, type Score } from "@arena/shared/ratings/pairCounts";
import { createRandom } from "@arena/shared/ratings/random";

type Vote = readonly [modelA: string, modelB: string, scoreA: Score, count?: number];

function dataOf(votes: readonly Vote[], extraModels: readonly string[] = []): PairData {
  const counts = new PairCounts();
  for (const model of extraModels) counts.addModel(model);
  for (const [a, b, score, count] of votes) counts.add(a, b, score, count);
  return counts.toData();
}

function ratingOf(data: PairData, fit: BradleyTerryFit, model: string): number {
  return fit.ratings[data.models.indexOf(model)]!;
}

function assertClose(actual: number, expected: number, tolerance: number, what = "") {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} is not within ${tolerance} of ${expected}`);
}

function assertAllFinite(fit: BradleyTerryFit) {
  assert.ok(fit.theta.every(Number.isFinite) && fit.ratings.every(Number.isFinite), `not finite: ${fit.ratings}`);
  assert.ok(fit.converged);
}

const mean = (values: ArrayLike<number>) => Array.from(values).reduce((sum, value) => sum + value, 0) / values.length;

describe("Bradley–Terry fit", () => {
  describe("known answers", () => {
    it("puts the winner of w to l at α·ln(w/l) points above the loser, centred on 1000", () => {
      const data = dataOf([
        ["x", "y", 1, 30],
        ["x", "y", 0, 10],
      ]);
      const fit = fitBradleyTerry(data);
      assertClose(ratingOf(data, fit, "x") - ratingOf(data, fit, "y"), RATING_SCALE * Math.log(3), 1e-6);
      assertClose(mean(fit.ratings), 1000, 1e-9);
      assertAllFinite(fit);
    });

    it("does not care which model was shown first", () => {
      const shownFirst = dataOf([
        ["x", "y", 1, 7],
        ["x", "y", 0, 2],
      ]);
      const mixed = dataOf([
        ["x", "y", 1, 4],
        ["y", "x", 0, 3],
        ["y", "x", 1, 2],
      ]);
      const [first, second] = [fitBradleyTerry(shownFirst), fitBradleyTerry(mixed)];
      assertClose(first.ratings[0]!, second.ratings[0]!, 1e-9);
      assertClose(first.ratings[0]! - first.ratings[1]!, RATING_SCALE * Math.log(7 / 2), 1e-6);
    });

    it("counts a tie as half a win for each side", () => {
      // 2 wins + 2 ties = a score of 3 out of 4, the same as 3 wins to 1 loss.
      const data = dataOf([
        ["x", "y", 1, 2],
        ["y", "x", 0.5, 2],
      ]);
      const fit = fitBradleyTerry(data);
      assertClose(ratingOf(data, fit, "x") - ratingOf(data, fit, "y"), RATING_SCALE * Math.log(3), 1e-6);
    });

    it("recovers strengths 1 : 2 : 4 from three models whose results match them exactly", () => {
      // P(j beats i) = sⱼ / (sᵢ + sⱼ): b beats a 2 of 3, c beats b 2 of 3, c beats a 4 of 5.
      // Every pair's observed score then equals its expected score, so θ = ln s solves the
      // likelihood equations: c − a = α·ln 4 ≈ 240.82, b − a = α·ln 2.
      const data = dataOf([
        ["a", "b", 1, 1],
        ["a", "b", 0, 2],
        ["b", "c", 1, 1],
        ["c", "b", 1, 2],
        ["a", "c", 1, 1],
        ["c", "a", 1, 4],
      ]);
      const fit = fitBradleyTerry(data);
      const [a, b, c] = ["a", "b", "c"].map((model) => ratingOf(data, fit, model)) as [number, number, number];
      assertClose(b - a, RATING_SCALE * Math.log(2), 1e-6);
      assertClose(c - a, RATING_SCALE * Math.log(4), 1e-6);
      assertClose(a, 1000 - RATING_SCALE * Math.log(2), 1e-6, "mean 1000 puts a at −α·ln 2");
    });

    it("under inverse-pair weighting, lets a pair count once however often it was played", () => {
      const triangle = (abVotes: number) =>
        dataOf([
          ["a", "b", 1, 0.75 * abVotes],
          ["a", "b", 0, 0.25 * abVotes],
          ["b", "c", 1, 30],
          ["b", "c", 0, 30],
          ["a", "c", 1, 20],
          ["c", "a", 1, 40],
        ]);
      const [once, tenTimes] = [triangle(60), triangle(600)];
      const weighted = [once, tenTimes].map((data) => fitBradleyTerry(data, { weighting: "inverse-pair" }));
      weighted[0]!.ratings.forEach((rating, model) => assertClose(weighted[1]!.ratings[model]!, rating, 1e-9));
      // Unweighted, the ten-fold pair pulls the fit towards its own 3 : 1.
      const plain = [once, tenTimes].map((data) => fitBradleyTerry(data));
      assert.ok(Math.abs(plain[1]!.ratings[0]! - plain[0]!.ratings[0]!) > 1);
    });
  });

  describe("degenerate data stays finite", () => {
    it("puts a model that never lost far above the models it beat, finite", () => {
      const data = dataOf([
        ["champ", "b", 1, 3],
        ["c", "champ", 0, 2],
        ["b", "c", 1, 2],
        ["b", "c", 0, 2],
      ]);
      const fit = fitBradleyTerry(data);
      assertAllFinite(fit);
      const champ = ratingOf(data, fit, "champ");
      assert.ok(champ - ratingOf(data, fit, "b") > 1000, `only ${champ}`);
      assertClose(ratingOf(data, fit, "b"), ratingOf(data, fit, "c"), 1e-6, "b and c split evenly");
      assertClose(mean(fit.ratings), 1000, 1e-9);
    });

    it("rates a model whose single vote was a win above the model it beat, finite", () => {
      const data = dataOf([
        ["a", "b", 1, 6],
        ["a", "b", 0, 4],
        ["once", "a", 1],
      ]);
      const fit = fitBradleyTerry(data);
      assertAllFinite(fit);
      assert.ok(ratingOf(data, fit, "once") > ratingOf(data, fit, "a"));
    });

    it("rates disconnected groups each on its own, each centred on 1000", () => {
      const data = dataOf([
        ["a", "b", 1, 3],
        ["a", "b", 0, 1],
        ["x", "y", 1, 1],
        ["y", "x", 1, 4],
        ["y", "z", 0.5, 5],
      ]);
      const fit = fitBradleyTerry(data);
      assertAllFinite(fit);
      const [a, b, x, y, z] = ["a", "b", "x", "y", "z"].map((model) => ratingOf(data, fit, model)) as number[];
      assertClose((a! + b!) / 2, 1000, 1e-9);
      assertClose((x! + y! + z!) / 3, 1000, 1e-9);
      assertClose(a! - b!, RATING_SCALE * Math.log(3), 1e-6);
      assertClose(y! - x!, RATING_SCALE * Math.log(4), 1e-6);
    });

    it("rates every model 1000 when every vote was a tie", () => {
      const fit = fitBradleyTerry(
        dataOf([
          ["a", "b", 0.5, 3],
          ["b", "c", 0.5, 2],
          ["c", "a", 0.5, 1],
        ]),
      );
      assert.deepEqual(Array.from(fit.ratings), [1000, 1000, 1000]);
      assert.equal(fit.iterations, 0);
    });

    it("rates a model without votes exactly 1000 and leaves the others as they were", () => {
      const votes: Vote[] = [
        ["a", "b", 1, 5],
        ["b", "c", 1, 2],
        ["c", "b", 1, 1],
        ["a", "c", 0, 1],
      ];
      const without = fitBradleyTerry(dataOf(votes));
      const data = dataOf(votes, ["lonely"]);
      const withLonely = fitBradleyTerry(data);
      assert.equal(ratingOf(data, withLonely, "lonely"), 1000);
      ["a", "b", "c"].forEach((model, index) => {
        assertClose(ratingOf(data, withLonely, model), without.ratings[index]!, 1e-9);
      });
    });

    it("returns empty results for no models and 1000 for one model with no votes", () => {
      const empty = fitBradleyTerry(dataOf([]));
      assert.deepEqual([empty.ratings.length, empty.converged], [0, true]);
      assert.deepEqual(Array.from(fitBradleyTerry(dataOf([], ["solo"])).ratings), [1000]);
    });
  });

  describe("determinism and warm starts", () => {
    const models = Array.from({ length: 10 }, (_, i) => `model-${i}`);
    const random = createRandom(2024);
    const votes: Vote[] = Array.from({ length: 3000 }, () => {
      const a = random.uint32() % 10;
      const b = (a + 1 + (random.uint32() % 9)) % 10;
      const p = 1 / (1 + Math.exp(-(a - b) / 4));
      const u = random.uniform();
      return [models[a]!, models[b]!, u < 0.15 ? 0.5 : u < 0.15 + 0.85 * p ? 1 : 0];
    });

    it("gives byte-identical output for the same votes in shuffled order", () => {
      const shuffled = [...votes];
      const shuffle = createRandom(1);
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = shuffle.uint32() % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const asJson = (fit: BradleyTerryFit) =>
        JSON.stringify({ ...fit, theta: Array.from(fit.theta), ratings: Array.from(fit.ratings) });
      assert.equal(asJson(fitBradleyTerry(dataOf(shuffled))), asJson(fitBradleyTerry(dataOf(votes))));
    });

    it("converges in fewer steps from the previous fit after a few more votes", () => {
      const before = fitBradleyTerry(dataOf(votes));
      const after = dataOf([
        ...votes,
        ["model-0", "model-9", 1],
        ["model-3", "model-4", 0],
        ["model-5", "model-1", 0.5],
      ]);
      const cold = fitBradleyTerry(after);
      const warm = fitBradleyTerry(after, { initial: before.theta });
      assert.ok(warm.converged && cold.converged);
      assert.ok(warm.iterations < cold.iterations, `warm ${warm.iterations}, cold ${cold.iterations}`);
      warm.ratings.forEach((rating, model) => assertClose(rating, cold.ratings[model]!, 1e-6));
    });

    it("refuses a warm start of the wrong length", () => {
      assert.throws(() => fitBradleyTerry(dataOf(votes), { initial: new Float64Array(3) }), RangeError);
    });
  });
});
