import assert from "node:assert/strict";

import type { Winner } from "@arena/shared/protocol";
import { createRandom } from "@arena/shared/ratings/random";

import {
  outcomePValue,
  pairOutcomeOf,
  type ScoredVote,
  scoreSessions,
  tieBreakOf,
} from "../../server/src/integrity/anomalousVoters.ts";

const SETTINGS = { level: 1e-4, minVotes: 20, minHistory: 30 };

function vote(sessionHash: string, modelA: string, modelB: string, winner: Winner, id: string): ScoredVote {
  return { battleId: id, sessionHash, modelA, modelB, winner };
}

describe("anomalous voters: per-vote p-values", () => {
  it("reads a pair's outcome with its models in name order, ties and both-bad alike", () => {
    assert.deepEqual(pairOutcomeOf({ modelA: "x", modelB: "y", winner: "a" }), {
      first: "x",
      second: "y",
      pair: "x\u0000y",
      outcome: 0,
    });
    assert.equal(pairOutcomeOf({ modelA: "y", modelB: "x", winner: "a" }).outcome, 2);
    assert.equal(pairOutcomeOf({ modelA: "y", modelB: "x", winner: "b" }).outcome, 0);
    assert.equal(pairOutcomeOf({ modelA: "y", modelB: "x", winner: "tie" }).outcome, 1);
    assert.equal(pairOutcomeOf({ modelA: "x", modelB: "y", winner: "bothbad" }).outcome, 1);
  });

  it("counts history outcomes more extreme, and spreads the equally extreme ones with u", () => {
    const history = [30, 10, 60] as const; // first won 30, tie 10, second won 60
    // "first pushed up": first winning is the extreme end; nothing is more extreme than it.
    assert.equal(outcomePValue(history, 0, 0, 0.5), (0 + 0.5 * 31) / 101);
    assert.equal(outcomePValue(history, 1, 0, 0.5), (30 + 0.5 * 11) / 101);
    assert.equal(outcomePValue(history, 2, 0, 0.5), (40 + 0.5 * 61) / 101);
    // the other way round
    assert.equal(outcomePValue(history, 2, 2, 0.25), (0 + 0.25 * 61) / 101);
    assert.equal(outcomePValue(history, 0, 2, 1), (70 + 31) / 101);
  });

  it("is uniform when the vote is drawn like the history (the randomized p-value's point)", () => {
    const random = createRandom(7);
    const history = [55, 15, 30] as const;
    const draws = 40_000;
    let below = [0, 0, 0]; // p < 0.05, < 0.25, < 0.5
    let logSum = 0;
    for (let i = 0; i < draws; i++) {
      // a new outcome exchangeable with the history: one of its 100 + 1 places
      const place = random.uint32() % 101;
      const outcome = place < 55 ? 0 : place < 70 ? 1 : place < 100 ? 2 : ([0, 1, 2] as const)[random.uint32() % 3]!;
      const p = outcomePValue(history, outcome, 2, random.uniform());
      below = below.map((count, k) => count + (p < [0.05, 0.25, 0.5][k]! ? 1 : 0));
      logSum += -2 * Math.log(p);
    }
    const rates = below.map((count) => count / draws);
    assert.ok(Math.abs(rates[0]! - 0.05) < 0.01, `P(p < 0.05) = ${rates[0]}`);
    assert.ok(Math.abs(rates[1]! - 0.25) < 0.015, `P(p < 0.25) = ${rates[1]}`);
    assert.ok(Math.abs(rates[2]! - 0.5) < 0.015, `P(p < 0.5) = ${rates[2]}`);
    // −2 ln p of a uniform p has mean 2: what makes Fisher's χ² calibrated
    assert.ok(Math.abs(logSum / draws - 2) < 0.05, `mean −2 ln p = ${logSum / draws}`);
  });

  it("draws the same tie-break from the same battle id, in (0, 1)", () => {
    assert.equal(tieBreakOf("battle-1"), tieBreakOf("battle-1"));
    assert.notEqual(tieBreakOf("battle-1"), tieBreakOf("battle-2"));
    for (const id of ["", "a", "x".repeat(100)]) assert.ok(tieBreakOf(id) > 0 && tieBreakOf(id) < 1);
  });
});

describe("anomalous voters: sessions", () => {
  /** 20 honest sessions of 40 votes on x–y–z, where x beats y 3:1 and y beats z 3:1, ties now and then. */
  function honestArena(seed = 1): ScoredVote[] {
    const random = createRandom(seed);
    const votes: ScoredVote[] = [];
    const pairs: Array<[string, string, number]> = [
      ["x", "y", 0.75],
      ["y", "z", 0.75],
      ["x", "z", 0.9],
    ];
    for (let s = 0; s < 20; s++) {
      for (let v = 0; v < 40; v++) {
        const [a, b, pA] = pairs[random.uint32() % 3]!;
        const u = random.uniform();
        const winner: Winner = u < 0.1 ? "tie" : u < 0.1 + 0.9 * pA ? "a" : "b";
        votes.push(
          random.uniform() < 0.5
            ? vote(`h${s}`, a, b, winner, `h${s}-${v}`)
            : vote(`h${s}`, b, a, winner === "a" ? "b" : winner === "b" ? "a" : winner, `h${s}-${v}`),
        );
      }
    }
    return votes;
  }

  it("flags a session that always votes for the weakest model, naming it and the direction", () => {
    // z against x on the left, against y on the right: only "z up" explains all 30 votes
    const pusher = Array.from({ length: 30 }, (_, v) =>
      v % 2 ? vote("pusher", "z", "x", "a", `p-${v}`) : vote("pusher", "y", "z", "b", `p-${v}`),
    );
    const scores = scoreSessions([...honestArena(), ...pusher], SETTINGS);
    const score = scores.get("pusher")!;
    assert.equal(score.votes, 30);
    assert.equal(score.tested, 30);
    assert.equal(score.model, "z");
    assert.equal(score.direction, "up");
    assert.equal(score.degreesOfFreedom, 60);
    assert.ok(score.pValue < 1e-10, `p = ${score.pValue}`);
    assert.equal(score.anomalous, true);
    assert.deepEqual(
      [...scores.values()].filter((s) => s.anomalous).map((s) => s.sessionHash),
      ["pusher"],
    );
  });

  it("flags a session that always votes against the strongest model", () => {
    const demoter = Array.from({ length: 30 }, (_, v) => vote("demoter", "x", v % 2 ? "y" : "z", "b", `d-${v}`));
    const score = scoreSessions([...honestArena(2), ...demoter], SETTINGS).get("demoter")!;
    assert.equal(score.model, "x");
    assert.equal(score.direction, "down");
    assert.equal(score.anomalous, true);
  });

  it("does not test a pair against the session's own votes, nor with too little history", () => {
    const alone = Array.from({ length: 50 }, (_, v) => vote("alone", "x", "y", "b", `a-${v}`));
    const score = scoreSessions(alone, SETTINGS).get("alone")!;
    assert.equal(score.tested, 0);
    assert.equal(score.pValue, 1);
    assert.equal(score.anomalous, false);
  });

  it("needs minVotes tested votes on a model before calling a session anomalous", () => {
    const short = Array.from({ length: 19 }, (_, v) => vote("short", "z", "x", "a", `s-${v}`));
    const score = scoreSessions([...honestArena(), ...short], SETTINGS).get("short")!;
    assert.equal(score.tested, 19);
    assert.equal(score.model, null);
    assert.equal(score.anomalous, false);
  });

  it("leaves sessions an admin excluded out of the others' history", () => {
    // Two identical pushers: each is the other's history, so each looks ordinary next to it…
    const twins = ["t1", "t2"].flatMap((s) =>
      Array.from({ length: 40 }, (_, v) => vote(s, "z", "x", "a", `${s}-${v}`)),
    );
    const few = honestArena().slice(0, 100); // a thin honest history: the twins outweigh it
    assert.equal(scoreSessions([...few, ...twins], { ...SETTINGS, minHistory: 10 }).get("t1")!.anomalous, false);
    // …until one of them is excluded
    const scores = scoreSessions(
      [...few, ...twins],
      { ...SETTINGS, minHistory: 10 },
      { excludedFromHistory: new Set(["t2"]) },
    );
    assert.equal(scores.get("t1")!.anomalous, true);
  });

  it("calls no honest session anomalous and is the same on a second run", () => {
    const votes = honestArena(3);
    const first = scoreSessions(votes, SETTINGS);
    assert.equal([...first.values()].filter((s) => s.anomalous).length, 0);
    assert.deepEqual(scoreSessions(votes, SETTINGS), first);
  });
});
