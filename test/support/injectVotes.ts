/** Writes battles with their votes straight into a database file, as earlier voters would have left them. */
import { createHash } from "node:crypto";

import type { Winner } from "@arena/shared/protocol";

import type { BattleSource, BattleWithVote } from "../../server/src/domain/battle.ts";
import { openSqliteStore } from "../../server/src/store/sqlite.ts";

/** A stored session id as the server writes it: SHA-256 hex (here of a readable name). */
export function sessionHashOf(name: string): string {
  return createHash("sha256").update(name).digest("hex");
}

export type InjectedVote = {
  session: string;
  modelA: string;
  modelB: string;
  winner: Winner;
  prompt?: string;
  source?: BattleSource;
  language?: string;
  flag?: string | null;
  votedAt?: Date;
};

let counter = 0;

export async function injectVotes(dbFile: string, votes: readonly InjectedVote[]): Promise<void> {
  const store = openSqliteStore(dbFile);
  try {
    const battles: BattleWithVote[] = votes.map((vote) => {
      counter++;
      const at = vote.votedAt ?? new Date(Date.UTC(2026, 0, 5, 12, 0, 0) + counter * 1000);
      return {
        id: `injected-${process.pid}-${String(counter).padStart(8, "0")}`,
        sessionHash: sessionHashOf(vote.session),
        prompt: vote.prompt ?? "",
        language: vote.language ?? "en",
        category: null,
        tags: [],
        modelA: vote.modelA,
        modelB: vote.modelB,
        answerA: null,
        answerB: null,
        source: vote.source ?? "pack",
        startedAt: at,
        winner: vote.winner,
        votedAt: at,
        flag: vote.flag ?? null,
      };
    });
    await store.importBattles(battles);
  } finally {
    await store.close();
  }
}
