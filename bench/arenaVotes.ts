/**
 * The 135,634 real LMArena votes of `../shared/data/arena-140k/votes.csv` (53 models), read once
 * and shared by the benchmarks: as columns for the rating math, as counted votes for the server.
 */
import fs from "node:fs";

import type { Winner } from "@arena/shared/protocol";
import type { Score } from "@arena/shared/ratings/pairCounts";

import type { StoredVote } from "../server/src/domain/vote.ts";

const ARENA_VOTES = new URL("../../shared/data/arena-140k/votes.csv", import.meta.url);

const WINNERS: Record<string, Winner> = { model_a: "a", model_b: "b", tie: "tie", both_bad: "bothbad" };
/** As LMArena's published ratings score them: both-bad counts as a tie. */
const SCORES: Record<Winner, Score> = { a: 1, b: 0, tie: 0.5, bothbad: 0.5 };

/** The votes as columns; model i is `models[i]`, in order of first appearance. */
export type ArenaVotes = {
  models: string[];
  battleId: string[];
  modelA: Int32Array;
  modelB: Int32Array;
  winner: Winner[];
  score: Score[];
  length: number;
};

let cached: ArenaVotes | undefined;

export function readArenaVotes(): ArenaVotes {
  if (cached) return cached;
  const lines = fs.readFileSync(ARENA_VOTES, "utf8").trim().split("\n").slice(1);
  const models: string[] = [];
  const idOf = new Map<string, number>();
  const id = (model: string) => {
    let found = idOf.get(model);
    if (found === undefined) {
      found = models.length;
      idOf.set(model, found);
      models.push(model);
    }
    return found;
  };
  const votes: ArenaVotes = {
    models,
    battleId: [],
    modelA: new Int32Array(lines.length),
    modelB: new Int32Array(lines.length),
    winner: [],
    score: [],
    length: lines.length,
  };
  lines.forEach((line, row) => {
    const [battleId, modelA, modelB, winnerColumn] = line.split(",");
    const winner = WINNERS[winnerColumn!];
    if (!winner) throw new Error(`votes.csv row ${row + 2}: unknown winner ${winnerColumn}`);
    votes.battleId.push(battleId!);
    votes.modelA[row] = id(modelA!);
    votes.modelB[row] = id(modelB!);
    votes.winner.push(winner);
    votes.score.push(SCORES[winner]);
  });
  cached = votes;
  return votes;
}

/** The same votes as the store lists them for the tables (one a second from 2025-01-01, English, no category). */
export function arenaStoredVotes(): StoredVote[] {
  const votes = readArenaVotes();
  const start = new Date("2025-01-01T00:00:00Z").getTime();
  return Array.from({ length: votes.length }, (_, row) => ({
    battleId: votes.battleId[row]!,
    // Spread over many voters, as the real ones were; pool-like prompts (no duplicate damping).
    sessionHash: `voter-${row % 5000}`,
    promptKey: null,
    flag: null,
    modelA: votes.models[votes.modelA[row]!]!,
    modelB: votes.models[votes.modelB[row]!]!,
    winner: votes.winner[row]!,
    language: "en",
    category: null,
    tags: [],
    votedAt: new Date(start + row * 1000),
  }));
}
