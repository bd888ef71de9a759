/**
 * Where battles and votes live. The server talks to this interface only, so SQLite (embedded
 * default) and PostgreSQL (scale-out) are interchangeable. Every method that returns has
 * finished its write durably.
 */
import type { BattleRecord, BattleState, BattleWithVote, StoredBattle } from "../domain/battle.ts";
import type { SessionStanding } from "../domain/sessionStanding.ts";
import type { StoredVote, VoteReasonsState, VoteRecord } from "../domain/vote.ts";

/** Battles to import, in batches: all of them go in one transaction, or none. */
export type ImportBatches = BattleWithVote[] | Iterable<BattleWithVote[]> | AsyncIterable<BattleWithVote[]>;

export interface ArenaStore {
  insertBattle(battle: BattleRecord): Promise<void>;
  /** Saves a live battle's conversation after a turn (so another server can take it over). */
  saveBattleState(battleId: string, state: BattleState): Promise<void>;
  /** A battle by id with its saved state and whether it has a vote; null when unknown. */
  getBattle(battleId: string): Promise<StoredBattle | null>;
  /** "duplicate" when the battle already has a vote; nothing is written then. */
  recordVote(vote: VoteRecord): Promise<"recorded" | "duplicate">;
  /** The vote on a battle as far as its reasons go; null when the battle has no vote. */
  voteReasons(battleId: string): Promise<VoteReasonsState | null>;
  /** Replaces the reasons of the vote on `battleId` (durably, like a vote). */
  setVoteReasons(battleId: string, reasons: readonly string[]): Promise<void>;
  /** Every unflagged vote (or every vote) in the order it was recorded (time order). */
  listVotes(options?: { includeFlagged?: boolean }): Promise<StoredVote[]>;
  /** How many votes are stored, flagged ones included (a cheap consistency check). */
  countVotes(): Promise<number>;
  /** Sets (or with status null, removes) the standing of a voter session. */
  setSessionStanding(sessionHash: string, standing: Omit<SessionStanding, "sessionHash"> | null): Promise<void>;
  listSessionStandings(): Promise<SessionStanding[]>;
  /**
   * Adds battles with their votes in one transaction (a plain array is one batch); a battle id
   * already stored is skipped. If reading a batch fails, nothing is kept. Holds the database's
   * writer until done: for the command line, not for a serving arena.
   */
  importBattles(battles: ImportBatches): Promise<{ imported: number; skipped: number }>;
  /** Every voted battle, in vote order, a page at a time (memory stays that of a page). */
  battlePages(pageSize?: number): AsyncIterable<BattleWithVote[]>;
  /** Every voted battle, in vote order, at once (small arenas, tests). */
  exportBattles(): Promise<BattleWithVote[]>;
  /**
   * Voted battles of this arena (not imported) with answers but no `conv_metadata` (voted before
   * Arena counted style), a page
   * at a time, in vote order; and the writer of what was counted for them.
   */
  battlesWithoutStyle(pageSize?: number): AsyncIterable<BattleWithVote[]>;
  saveConvMetadata(metadata: ReadonlyArray<{ battleId: string; convMetadata: Record<string, unknown> }>): Promise<void>;
  close(): Promise<void>;
}
