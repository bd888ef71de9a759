import assert from "node:assert/strict";

import {
  battleStartSchema,
  battleVoteSchema,
  describeIssues,
  leaderboardFilterSchema,
  MAX_PROMPT_CHARS,
} from "@arena/shared/protocol";

describe("protocol schemas", () => {
  it("battle:start takes an optional non-blank prompt up to 8,000 characters and nothing else", () => {
    assert.ok(battleStartSchema.safeParse({}).success);
    assert.ok(battleStartSchema.safeParse({ prompt: "x".repeat(MAX_PROMPT_CHARS) }).success);
    for (const bad of [
      { prompt: "x".repeat(MAX_PROMPT_CHARS + 1) },
      { prompt: " \n " },
      { prompt: 1 },
      { other: 1 },
      null,
      [],
    ]) {
      assert.equal(battleStartSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it("battle:vote takes a battle id and one of the four winners", () => {
    const battleId = "abcdefghijklmnopqrstuv";
    for (const winner of ["a", "b", "tie", "bothbad"])
      assert.ok(battleVoteSchema.safeParse({ battleId, winner }).success);
    for (const bad of [
      { battleId, winner: "both_bad" },
      { battleId: "short", winner: "a" },
      { battleId: `${battleId}/`, winner: "a" },
      { battleId },
    ]) {
      assert.equal(battleVoteSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it("leaderboard filters take ISO 639-1 codes or und, and category words", () => {
    for (const good of [
      {},
      { language: "fr" },
      { language: "und" },
      { category: "coding" },
      { language: "zh", category: "math" },
    ]) {
      assert.ok(leaderboardFilterSchema.safeParse(good).success, JSON.stringify(good));
    }
    for (const bad of [
      { language: "FR" },
      { language: "fra" },
      { language: "<b>" },
      { category: "" },
      { category: "x".repeat(41) },
      { sort: "rating" },
    ]) {
      assert.equal(leaderboardFilterSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it("describes what is wrong, naming the field", () => {
    const result = battleVoteSchema.safeParse({ battleId: "abcdefghijklmnopqrstuv", winner: "x" });
    assert.ok(!result.success);
    assert.match(describeIssues(result.error), /^winner: /);
  });
});
