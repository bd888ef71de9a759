import type { StoredVote } from "../../server/src/domain/vote.ts";

let battles = 0;

/**
 * A stored vote for the unit tests of the gate and the tables: x beats y in English, by session s1,
 * on 2025-03-01 at noon UTC, each in a battle of its own unless `overrides` say otherwise.
 */
export function storedVote(overrides: Partial<StoredVote> = {}): StoredVote {
  battles++;
  return {
    battleId: `b${battles}`,
    sessionHash: "s1",
    promptKey: null,
    modelA: "x",
    modelB: "y",
    winner: "a",
    language: "en",
    category: null,
    tags: [],
    votedAt: new Date("2025-03-01T12:00:00Z"),
    flag: null,
    ...overrides,
  };
}
