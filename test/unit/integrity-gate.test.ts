import assert from "node:assert/strict";

import { VoteGate } from "../../server/src/integrity/votePolicy.ts";
import { LeaderboardService } from "../../server/src/leaderboard/service.ts";
import { storedVote as vote } from "../support/storedVote.ts";

describe("VoteGate", () => {
  it("counts the first N votes of a session per UTC day, and starts again the next day", () => {
    const gate = new VoteGate({ dailyVoteCap: 2, duplicatePromptCap: 0 });
    const day1 = new Date("2025-03-01T00:00:00Z");
    const lateDay1 = new Date("2025-03-01T23:59:59Z");
    const day2 = new Date("2025-03-02T00:00:00Z");
    const verdicts = [
      gate.verdict(vote({ votedAt: day1 })),
      gate.verdict(vote({ votedAt: day1, sessionHash: "s2" })),
      gate.verdict(vote({ votedAt: lateDay1 })),
      gate.verdict(vote({ votedAt: lateDay1 })),
      gate.verdict(vote({ votedAt: day2 })),
    ];
    assert.deepEqual(verdicts, [null, null, null, "daily_cap", null]);
    assert.equal(gate.countedOf("s1"), 3);
    assert.equal(gate.refusedVotes, 1);
  });

  it("counts only the first K votes on one voter-written prompt, from any session; pack prompts are exempt", () => {
    const gate = new VoteGate({ dailyVoteCap: 0, duplicatePromptCap: 2 });
    const verdicts = ["s1", "s2", "s3"].map((sessionHash) => gate.verdict(vote({ sessionHash, promptKey: "hi" })));
    assert.deepEqual(verdicts, [null, null, "duplicate_prompt"]);
    assert.equal(gate.verdict(vote({ promptKey: "other" })), null);
    for (let i = 0; i < 5; i++) assert.equal(gate.verdict(vote({ promptKey: null })), null);
  });

  it("does not let capped or excluded votes take a prompt's places", () => {
    const gate = new VoteGate({ dailyVoteCap: 1, duplicatePromptCap: 1 }, new Set(["bad"]));
    assert.equal(gate.verdict(vote({ sessionHash: "bad", promptKey: "p" })), "session_excluded");
    assert.equal(gate.verdict(vote({ sessionHash: "s1" })), null);
    assert.equal(gate.verdict(vote({ sessionHash: "s1", promptKey: "p" })), "daily_cap");
    assert.equal(gate.verdict(vote({ sessionHash: "s2", promptKey: "p" })), null);
    assert.equal(gate.verdict(vote({ sessionHash: "s3", promptKey: "p" })), "duplicate_prompt");
  });

  it("counts everything with no caps (0) and no exclusions", () => {
    const gate = new VoteGate();
    for (let i = 0; i < 500; i++) assert.equal(gate.admit(vote({ promptKey: "same" })), true);
  });

  it("starts fresh with the same policy and exclusions", () => {
    const gate = new VoteGate({ dailyVoteCap: 1, duplicatePromptCap: 0 }, new Set(["bad"]));
    gate.verdict(vote());
    const fresh = gate.fresh();
    assert.equal(fresh.verdict(vote()), null);
    assert.equal(fresh.verdict(vote()), "daily_cap");
    assert.equal(fresh.verdict(vote({ sessionHash: "bad" })), "session_excluded");
  });
});

describe("LeaderboardService with a gate", () => {
  const clock = () => new Date("2025-03-01T12:00:00Z");

  it("answers unchanged Elo for a vote the gate refuses, and changes no table", () => {
    const leaderboards = new LeaderboardService(clock);
    leaderboards.rebuild([], new VoteGate({ dailyVoteCap: 1, duplicatePromptCap: 0 }));
    const first = leaderboards.add(vote());
    assert.equal(first.notCounted, null);
    assert.ok(first.moves.a.after > first.moves.a.before);
    const second = leaderboards.add(vote());
    assert.equal(second.notCounted, "daily_cap");
    assert.deepEqual(second.changed, []);
    assert.equal(second.moves.a.before, second.moves.a.after);
    assert.equal(second.moves.a.after, first.moves.a.after);
    assert.equal(leaderboards.get({}).battles, 1);
  });

  it("rebuilds through a new gate and names only the tables that changed", () => {
    const leaderboards = new LeaderboardService(clock);
    const votes = [
      vote({ sessionHash: "good", language: "en" }),
      vote({ sessionHash: "bad", language: "fr" }),
      vote({ sessionHash: "good", language: "de" }),
    ];
    leaderboards.rebuild(votes, new VoteGate());
    assert.equal(leaderboards.get({}).battles, 3);
    const changed = leaderboards.rebuild(votes, new VoteGate(undefined, new Set(["bad"])));
    assert.deepEqual(changed, [{}, { language: "fr" }]);
    assert.equal(leaderboards.get({}).battles, 2);
    assert.equal(leaderboards.get({ language: "fr" }).battles, 0);
    assert.deepEqual(
      leaderboards
        .languages()
        .map((l) => l.code)
        .sort(),
      ["de", "en"],
    );
    // the same again: nothing changed
    assert.deepEqual(leaderboards.rebuild(votes), []);
    // and the default gate keeps the exclusion
    assert.equal(leaderboards.get({}).battles, 2);
  });

  it("keeps a vote that arrives while a rebuild loads, once", async () => {
    const leaderboards = new LeaderboardService(clock);
    const stored = [vote(), vote()];
    const late = vote();
    const alsoStored = vote();
    const rebuilt = leaderboards.rebuildFrom(async function* () {
      yield stored;
      leaderboards.add(late); // recorded after the load read the database
      leaderboards.add(alsoStored); // recorded before: the load has it too
      yield [alsoStored];
    }, new VoteGate());
    await rebuilt;
    assert.equal(leaderboards.get({}).battles, 4);
  });
});
