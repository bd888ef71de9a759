/**
 * Accepting a vote: only from the session that started the battle, once, after both answers ended
 * well. The vote is durable in the store before anything is revealed or counted.
 */
import type { BattleVotePayload, VoteResult } from "@arena/shared/protocol";
import type { BattleRegistry } from "../battles/registry.ts";
import { ArenaError } from "../errors.ts";
import type { LeaderboardBroadcaster } from "../leaderboard/broadcaster.ts";
import type { LeaderboardService } from "../leaderboard/service.ts";
import type { Logger } from "../logger.ts";
import type { ArenaStore, CountedVote } from "../store/store.ts";

export type VoteServiceDeps = {
  store: ArenaStore;
  registry: BattleRegistry;
  leaderboards: LeaderboardService;
  broadcaster: LeaderboardBroadcaster;
  clock: () => Date;
  logger: Logger;
};

export class VoteService {
  constructor(private readonly deps: VoteServiceDeps) {}

  async record(sessionHash: string, { battleId, winner }: BattleVotePayload): Promise<VoteResult> {
    const { store, registry, leaderboards, broadcaster, clock, logger } = this.deps;
    const battle = registry.get(battleId);
    if (!battle) throw new ArenaError("not_found", "There is no open battle with this id (it may have expired).");
    const { record } = battle;
    if (record.sessionHash !== sessionHash) {
      throw new ArenaError("forbidden", "Only the voter who started this battle can vote on it.");
    }
    if (battle.vote !== "open") throw new ArenaError("already_voted", "This battle already has a vote.");
    if (battle.ended.a === false || battle.ended.b === false) {
      throw new ArenaError("battle_failed", "An answer of this battle failed, so it cannot be voted on.");
    }
    if (battle.ended.a !== true || battle.ended.b !== true) {
      throw new ArenaError("not_finished", "Wait until both answers have finished before voting.");
    }

    // Claimed before the write, so a second vote arriving meanwhile is refused rather than raced.
    battle.vote = "recording";
    const votedAt = clock();
    let outcome: "recorded" | "duplicate";
    try {
      outcome = await store.recordVote({ battleId, sessionHash, winner, votedAt });
    } catch (error) {
      battle.vote = "open";
      logger.error({ battleId, err: error }, "vote could not be stored");
      throw new ArenaError("unavailable", "The vote could not be saved; please try again.");
    }
    battle.vote = "done";
    if (outcome === "duplicate") throw new ArenaError("already_voted", "This battle already has a vote.");

    const vote: CountedVote = {
      battleId,
      modelA: record.modelA,
      modelB: record.modelB,
      winner,
      language: record.language,
      category: record.category,
      tags: record.tags,
      votedAt,
    };
    const { moves, changed } = leaderboards.add(vote);
    broadcaster.changed(changed);
    logger.info({ battleId, winner, language: record.language }, "vote recorded");
    return { models: { a: record.modelA, b: record.modelB }, elo: moves };
  }
}
