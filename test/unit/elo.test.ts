import assert from "node:assert/strict";
import fs from "node:fs";

import type { Winner } from "@arena/shared/protocol";
import { applyEloVote, ELO_K, ELO_START, expectedScoreOfA, scoreOfA } from "@arena/shared/ratings/elo";
import EloRank from "elo-rank";

import { MT_BENCH } from "../support/server.ts";

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);

describe("online Elo", () => {
  it("scores a win 1, a loss 0, tie and both-bad ½", () => {
    assert.deepEqual((["a", "b", "tie", "bothbad"] as Winner[]).map(scoreOfA), [1, 0, 0.5, 0.5]);
  });

  it("moves two new models by K/2 = 2 points on a decisive vote", () => {
    const ratings = new Map<string, number>();
    const move = applyEloVote(ratings, "x", "y", "a");
    assert.deepEqual(move, { a: { before: 1000, after: 1002 }, b: { before: 1000, after: 998 } });
    assert.equal(ELO_START, 1000);
  });

  it("keeps fractions instead of rounding like elo-rank's updateRating", () => {
    const ratings = new Map([
      ["x", 1100],
      ["y", 1000],
    ]);
    applyEloVote(ratings, "x", "y", "a");
    // Expected score of x: 1 / (1 + 10^(-100/400)) = 0.6400649998; gain 4 × 0.3599350002.
    close(ratings.get("x")!, 1101.4397400007);
    close(ratings.get("y")!, 998.5602599993);
  });

  it("moves a tie between unequal models toward each other", () => {
    const ratings = new Map([
      ["x", 1200],
      ["y", 1000],
    ]);
    applyEloVote(ratings, "x", "y", "tie");
    assert.ok(ratings.get("x")! < 1200 && ratings.get("y")! > 1000);
    close(ratings.get("x")! + ratings.get("y")!, 2200);
  });

  it("matches FastChat's compute_online_elo on the 3,355 MT-bench human judgments", () => {
    // Reference values from FastChat's algorithm (K=4, scale 400, base 10, init 1000), run independently in Python.
    const expected: Record<string, number> = {
      "gpt-4": 1221.3222009104377,
      "claude-v1": 1130.2383445836251,
      "gpt-3.5-turbo": 1085.2715213044542,
      "vicuna-13b-v1.2": 1030.0584133534508,
      "alpaca-13b": 828.9803817020425,
      "llama-13b": 704.1291381459848,
    };
    const lines = fs.readFileSync(`${MT_BENCH}/human_judgments.csv`, "utf8").trim().split("\n").slice(1);
    assert.equal(lines.length, 3355);
    const ratings = new Map<string, number>();
    const winners: Record<string, Winner> = { model_a: "a", model_b: "b", tie: "tie" };
    for (const line of lines) {
      const [, modelA, modelB, winner] = line.split(",");
      applyEloVote(ratings, modelA!, modelB!, winners[winner!]!);
    }
    for (const [model, rating] of Object.entries(expected)) close(ratings.get(model)!, rating, 1e-6);
  });
});

describe("expectedScoreOfA (the replay's Elo expectation)", () => {
  it("gives elo-rank's getExpected bit for bit", () => {
    const eloRank = new EloRank(ELO_K);
    let state = 7;
    const random = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    const pairs: Array<[number, number]> = [
      [1000, 1000],
      [1100, 1000],
      [0, 4000],
      [-1e6, 1e6],
    ];
    for (let index = 0; index < 100_000; index++) pairs.push([600 + 800 * random(), 600 + 800 * random()]);
    for (const [a, b] of pairs) assert.ok(Object.is(expectedScoreOfA(a, b), eloRank.getExpected(a, b)), `${a} ${b}`);
  });

  it("replays a vote stream to the same ratings as applyEloVote", () => {
    const winners: Winner[] = ["a", "b", "tie", "bothbad"];
    const byLibrary = new Map<string, number>();
    const replayed = [ELO_START, ELO_START, ELO_START];
    let state = 11;
    for (let vote = 0; vote < 20_000; vote++) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      const a = state % 3;
      const b = (a + 1 + ((state >>> 8) % 2)) % 3;
      const winner = winners[(state >>> 16) % 4]!;
      applyEloVote(byLibrary, `m${a}`, `m${b}`, winner);
      const moveA = ELO_K * (scoreOfA(winner) - expectedScoreOfA(replayed[a]!, replayed[b]!));
      replayed[a] = replayed[a]! + moveA;
      replayed[b] = replayed[b]! - moveA;
    }
    assert.deepEqual(
      replayed,
      [0, 1, 2].map((model) => byLibrary.get(`m${model}`)),
    );
  });
});
