/**
 * Accepting a vote: only from the session that started the battle, once, after both answers ended
 * well. The vote is durable in the store before anything is revealed or counted. A vote whose
 * answers give a model away is kept but flagged, and counted nowhere.
 */
import { REASONS_WINDOW_MS } from "@arena/shared/depth";
import { tagPrompt } from "@arena/shared/promptTags";
import type { BattleVotePayload, LeaderboardFilter, VoteResult } from "@arena/shared/protocol";
import { styleOfMetadata } from "@arena/shared/ratings/styleFeatures";

import type { AnswerStyle } from "../battles/answerStyle.ts";
import type { BattleRegistry, OpenBattle } from "../battles/registry.ts";
import { assertTurnEnded } from "../battles/service.ts";
import { TextMemo } from "../battles/textMemo.ts";
import type { Catalog } from "../catalog/catalog.ts";
import type { ConversationTurn } from "../domain/battle.ts";
import type { StoredVote, VoteRecord } from "../domain/vote.ts";
import { ArenaError } from "../errors.ts";
import type { LeaderboardService } from "../leaderboard/service.ts";
import type { Logger } from "../logger.ts";
import { promptKeyOf } from "../store/promptKey.ts";
import type { ArenaStore } from "../store/store.ts";

export type VoteServiceDeps = {
  store: ArenaStore;
  registry: BattleRegistry;
  leaderboards: LeaderboardService;
  /** Told which tables a counted vote changed (to push them). */
  tablesChanged: (filters: LeaderboardFilter[]) => void;
  clock: () => Date;
  logger: Logger;
  /** The first word of an answer that gives a model away, or null (see identityGuard). */
  findIdentityLeak: (text: string) => string | null;
  /** Counts the answers' style (its tokenizer loads while the server starts). */
  answerStyle: Promise<AnswerStyle>;
  /** Told of every stored vote, flagged ones too (a cluster passes them to its other servers). */
  onStored?: (vote: StoredVote) => void;
  /** The reasons voters may give (unknown ids refuse the vote). */
  catalog: Catalog;
  /** Told when a vote's reasons changed after it was stored. */
  onReasonsChanged?: (battleId: string) => void;
};

export const IDENTITY_LEAK_FLAG = "identity_leak";

export class VoteService {
  /** The leak check of pack answers, which recur in every battle that draws them. */
  private readonly packAnswerLeaks: TextMemo<string | null>;

  constructor(private readonly deps: VoteServiceDeps) {
    this.packAnswerLeaks = new TextMemo(deps.findIdentityLeak);
  }

  async record(sessionHash: string, { battleId, winner, reasons = [] }: BattleVotePayload): Promise<VoteResult> {
    const { store, registry, leaderboards, tablesChanged, clock, logger } = this.deps;
    // Before anything else: a vote naming an unknown reason is refused whole, and nothing is stored.
    this.deps.catalog.assertKnownReasons(reasons);
    const battle = await registry.find(battleId);
    if (!battle) throw new ArenaError("not_found", "There is no open battle with this id (it may have expired).");
    const { record } = battle;
    if (record.sessionHash !== sessionHash) {
      throw new ArenaError("forbidden", "Only the voter who started this battle can vote on it.");
    }
    if (battle.vote !== "open") throw new ArenaError("already_voted", "This battle already has a vote.");
    assertTurnEnded(battle);

    // Claimed before the write, so a second vote arriving meanwhile is refused rather than raced.
    battle.vote = "recording";
    const outcome = outcomeOf(battle);
    const recurring = record.source === "pack";
    outcome.convMetadata = await this.convMetadataOf(outcome.conversation, battleId, recurring);
    const leak = this.identityLeakOf(battle, recurring);
    const vote: VoteRecord = {
      battleId,
      sessionHash,
      winner,
      votedAt: clock(),
      flag: leak ? IDENTITY_LEAK_FLAG : null,
      reasons,
      outcome,
    };
    let stored: "recorded" | "duplicate";
    try {
      stored = await store.recordVote(vote);
    } catch (error) {
      battle.vote = "open";
      logger.error({ battleId, err: error }, "vote could not be stored");
      throw new ArenaError("unavailable", "The vote could not be saved; please try again.");
    }
    battle.vote = "done";
    // Nothing more happens to a voted battle; the store answers for it from now on.
    registry.forget(battleId);
    if (stored === "duplicate") throw new ArenaError("already_voted", "This battle already has a vote.");
    const storedVote: StoredVote = {
      battleId,
      sessionHash,
      promptKey: promptKeyOf(record.prompt, record.source),
      source: record.source,
      flag: vote.flag ?? null,
      modelA: record.modelA,
      modelB: record.modelB,
      winner,
      language: record.language,
      category: record.category,
      tags: outcome.tags,
      votedAt: vote.votedAt,
      style: styleOfMetadata(outcome.convMetadata),
      reasons,
    };
    this.deps.onStored?.(storedVote);
    const models = { a: record.modelA, b: record.modelB };
    if (leak) {
      // Counted nowhere, so nothing moves; the voter still learns who was who.
      logger.info({ battleId, winner, flag: IDENTITY_LEAK_FLAG }, "vote recorded, flagged");
      const unchanged = (model: string) => {
        const elo = leaderboards.currentElo(model);
        return { before: elo, after: elo };
      };
      return { models, elo: { a: unchanged(models.a), b: unchanged(models.b) } };
    }

    // A vote the integrity policies do not count (daily cap, repeated prompt, excluded session)
    // is stored all the same and still revealed; its Elo moves are then "unchanged".
    const { moves, changed, notCounted } = leaderboards.add(storedVote);
    tablesChanged(changed);
    logger.info(
      { battleId, winner, language: record.language, ...(notCounted ? { notCounted } : {}) },
      "vote recorded",
    );
    return { models, elo: moves };
  }

  /**
   * Adds or replaces the reasons of a vote: only the session that voted, within REASONS_WINDOW_MS
   * of its vote. An empty list removes them.
   */
  async setReasons(sessionHash: string, { battleId, reasons }: { battleId: string; reasons: string[] }): Promise<void> {
    const { store, clock, logger, catalog } = this.deps;
    catalog.assertKnownReasons(reasons);
    const vote = await store.voteReasons(battleId);
    if (!vote) throw new ArenaError("not_found", "This battle has no vote (yet): vote first, then give reasons.");
    if (vote.sessionHash !== sessionHash) {
      throw new ArenaError("forbidden", "Only the voter of this battle can give its reasons.");
    }
    if (clock().getTime() - vote.votedAt.getTime() > REASONS_WINDOW_MS) {
      throw new ArenaError(
        "too_late",
        `Reasons can be given up to ${REASONS_WINDOW_MS / 60_000} minutes after the vote; this one is older.`,
      );
    }
    try {
      await store.setVoteReasons(battleId, reasons);
    } catch (error) {
      logger.error({ battleId, err: error }, "reasons could not be stored");
      throw new ArenaError("unavailable", "The reasons could not be saved; please try again.");
    }
    logger.info({ battleId, reasons: reasons.length }, "vote reasons set");
    this.deps.onReasonsChanged?.(battleId);
  }

  /** The first word of any answer (each side, every turn) that gives a model away, or null. */
  private identityLeakOf(battle: OpenBattle, recurring: boolean): string | null {
    for (const answer of [...battle.answers.a, ...battle.answers.b]) {
      const leak = recurring ? this.packAnswerLeaks.get(answer) : this.deps.findIdentityLeak(answer);
      if (leak !== null) return leak;
    }
    return null;
  }

  private async convMetadataOf(
    conversation: ConversationTurn[],
    battleId: string,
    recurring: boolean,
  ): Promise<Record<string, unknown> | null> {
    try {
      return (await this.deps.answerStyle).metadataOf(conversation, recurring) as unknown as Record<string, unknown>;
    } catch (error) {
      // Style counts serve style control and exports; they never cost a voter their vote.
      this.deps.logger.error({ battleId, err: error }, "style of the answers could not be counted");
      return null;
    }
  }
}

/** The answers as shown (first turn in the answer columns, every turn in the conversation) and the tags. */
function outcomeOf(battle: OpenBattle): NonNullable<VoteRecord["outcome"]> {
  const conversation = battle.prompts.map((prompt, turn) => ({
    prompt,
    a: battle.answers.a[turn]!,
    b: battle.answers.b[turn]!,
  }));
  return {
    answerA: conversation[0]!.a,
    answerB: conversation[0]!.b,
    tags: tagPrompt(battle.record.prompt, battle.prompts.length),
    conversation,
  };
}
