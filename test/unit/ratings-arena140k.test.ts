import assert from "node:assert/strict";
import fs from "node:fs";

import { bootstrapIntervals } from "@arena/shared/ratings/bootstrap";
import { type BradleyTerryFit, fitBradleyTerry } from "@arena/shared/ratings/bradleyTerry";
import { PairCounts, type PairData, type Score } from "@arena/shared/ratings/pairCounts";
import { type RatingIntervals, sandwichIntervals } from "@arena/shared/ratings/sandwich";

const DATA = new URL("../../../shared/data/arena-140k/", import.meta.url);
const SCORE_OF_WINNER: Record<string, Score> = { model_a: 1, model_b: 0, tie: 0.5, both_bad: 0.5 };

interface Published {
  model: string;
  rating: number;
  halfWidth: number;
  variance: number;
}

/** votes.csv: the first four columns (id, model_a, model_b, winner) contain no commas. */
function readVotes(): PairData {
  const counts = new PairCounts();
  const lines = fs.readFileSync(new URL("votes.csv", DATA), "utf8").split("\n");
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const [, modelA, modelB, winner] = line.split(",", 4);
    const score = SCORE_OF_WINNER[winner!];
    assert.ok(score !== undefined, `unknown winner ${winner}`);
    counts.add(modelA!, modelB!, score);
  }
  return counts.toData();
}

function readPublished(): Published[] {
  const [, ...rows] = fs.readFileSync(new URL("published_top10.csv", DATA), "utf8").trim().split("\n");
  return rows.map((row) => {
    const [model, rating, lower, upper, variance] = row.split(",");
    const halfWidth = (Number(upper) - Number(lower)) / 2;
    return { model: model!, rating: Number(rating), halfWidth, variance: Number(variance) };
  });
}

const halfWidth = (intervals: RatingIntervals, model: number) =>
  (intervals.upper[model]! - intervals.lower[model]!) / 2;

describe("Bradley–Terry on arena-140k against LMArena's published ratings", function () {
  this.timeout(20_000);
  let data: PairData;
  let published: Published[];
  let indexOf: (model: string) => number;
  let fit: BradleyTerryFit;
  let sandwich: RatingIntervals;

  before(() => {
    data = readVotes();
    published = readPublished();
    indexOf = (model) => {
      const index = data.models.indexOf(model);
      assert.ok(index >= 0, `${model} is not in votes.csv`);
      return index;
    };
    fit = fitBradleyTerry(data);
    sandwich = sandwichIntervals(data, fit);
  });

  it("reads 135,634 votes over 53 models", () => {
    assert.equal(
      data.count.reduce((sum, count) => sum + count, 0),
      135_634,
    );
    assert.equal(data.models.length, 53);
    assert.ok(fit.converged);
  });

  it("centres the 53 ratings on 1000", () => {
    const mean = fit.ratings.reduce((sum, rating) => sum + rating, 0) / fit.ratings.length;
    assert.ok(Math.abs(mean - 1000) < 1e-9, `mean ${mean}`);
  });

  it("reproduces every rating difference among the published top 10", () => {
    // The published ratings are rounded to 0.01, so each difference carries up to ±0.01 of rounding.
    // (The published table sits 0.31 points above a mean of 1000 overall, hence differences.)
    for (const first of published) {
      for (const second of published) {
        const ours = fit.ratings[indexOf(first.model)]! - fit.ratings[indexOf(second.model)]!;
        const theirs = first.rating - second.rating;
        assert.ok(Math.abs(ours - theirs) <= 0.02, `${first.model} − ${second.model}: ${ours} vs ${theirs}`);
      }
    }
  });

  it("reproduces the published sandwich half-widths and variances", () => {
    for (const entry of published) {
      const model = indexOf(entry.model);
      const ratio = halfWidth(sandwich, model) / entry.halfWidth;
      const message = `${entry.model}: half-width ${halfWidth(sandwich, model)} vs ${entry.halfWidth}`;
      assert.ok(Math.abs(ratio - 1) <= 0.01, message);
      assert.ok(Math.abs(sandwich.variance[model]! / entry.variance - 1) <= 0.01, `${entry.model}: variance`);
    }
  });

  it("widens only the model with 2 votes (a tie and a both-bad): from ±3.6 points to hundreds", () => {
    // arena-rank's sandwich gives qwen3-coder-480b ±3.6 points: its two votes scored ½ at
    // p ≈ ½, so its residuals are ≈ 0. The small-sample floor says what two ties say: little.
    const plain = sandwichIntervals(data, fit, { smallSampleFloor: false });
    const newcomer = indexOf("qwen3-coder-480b-a35b-instruct");
    assert.ok(halfWidth(plain, newcomer) < 4, `plain ±${halfWidth(plain, newcomer)}`);
    assert.ok(halfWidth(sandwich, newcomer) > 300, `±${halfWidth(sandwich, newcomer)}`);
    for (const opponent of ["qwen3-235b-a22b-instruct-2507", "gemini-2.5-flash-lite-preview-06-17-thinking"]) {
      const rating = fit.ratings[indexOf(opponent)]!;
      assert.ok(sandwich.lower[newcomer]! < rating && rating < sandwich.upper[newcomer]!, opponent);
    }
    // Every other model, each with hundreds of votes or more, keeps arena-rank's interval to the bit.
    for (let model = 0; model < data.models.length; model++) {
      if (model === newcomer) continue;
      assert.deepEqual(
        [sandwich.lower[model], sandwich.upper[model], sandwich.variance[model]],
        [plain.lower[model], plain.upper[model], plain.variance[model]],
        data.models[model],
      );
    }
  });

  it("fits the inverse-pair weighting too, finite and converged", () => {
    const weighted = fitBradleyTerry(data, { weighting: "inverse-pair" });
    const intervals = sandwichIntervals(data, weighted, { weighting: "inverse-pair" });
    assert.ok(weighted.converged);
    for (const column of [weighted.ratings, intervals.lower, intervals.upper]) assert.ok(column.every(Number.isFinite));
  });

  it("moves no top-10 difference by more than 0.5 points with the live tables' one-vote prior", () => {
    const withPrior = fitBradleyTerry(data, { priorVotes: 1 });
    const intervals = sandwichIntervals(data, withPrior, { priorVotes: 1 });
    for (const first of published) {
      const i = indexOf(first.model);
      assert.ok(Math.abs(halfWidth(intervals, i) / first.halfWidth - 1) <= 0.1, `${first.model}: half-width`);
      for (const second of published) {
        const j = indexOf(second.model);
        const shift = withPrior.ratings[i]! - withPrior.ratings[j]! - (fit.ratings[i]! - fit.ratings[j]!);
        assert.ok(Math.abs(shift) <= 0.5, `${first.model} − ${second.model} moved ${shift}`);
      }
    }
  });

  describe("bootstrap, 100 rounds", () => {
    let bootstrap: RatingIntervals;
    before(() => {
      bootstrap = bootstrapIntervals(data, fit, { rounds: 100, seed: 42 });
    });

    it("lands near the published sandwich half-widths", () => {
      // The 2.5% and 97.5% quantiles of 100 refits carry about ±1 point of resampling noise
      // for these widths (with 2000 rounds every half-width comes within 0.5 of the sandwich's).
      const differences = published.map((entry) => halfWidth(bootstrap, indexOf(entry.model)) - entry.halfWidth);
      for (const [index, difference] of differences.entries()) {
        assert.ok(Math.abs(difference) <= 3, `${published[index]!.model}: off by ${difference}`);
      }
      const meanAbsolute = differences.reduce((sum, difference) => sum + Math.abs(difference), 0) / differences.length;
      assert.ok(meanAbsolute <= 1.5, `mean absolute difference ${meanAbsolute}`);
    });

    it("widens the model with 2 votes as the sandwich does, and no other", () => {
      const plain = bootstrapIntervals(data, fit, { rounds: 100, seed: 42, smallSampleFloor: false });
      const newcomer = indexOf("qwen3-coder-480b-a35b-instruct");
      assert.ok(halfWidth(bootstrap, newcomer) > 300, `±${halfWidth(bootstrap, newcomer)}`);
      for (let model = 0; model < data.models.length; model++) {
        if (model === newcomer) continue;
        assert.deepEqual([bootstrap.lower[model], bootstrap.upper[model]], [plain.lower[model], plain.upper[model]]);
      }
    });

    it("is byte-identical for the same seed", () => {
      const again = bootstrapIntervals(data, fit, { rounds: 100, seed: 42 });
      assert.deepEqual(Buffer.from(again.lower.buffer), Buffer.from(bootstrap.lower.buffer));
      assert.deepEqual(Buffer.from(again.upper.buffer), Buffer.from(bootstrap.upper.buffer));
      assert.deepEqual(Buffer.from(again.variance.buffer), Buffer.from(bootstrap.variance.buffer));
    });
  });
});
