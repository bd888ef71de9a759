/**
 * Where battles and votes live. The server talks to this interface only, so SQLite (embedded
 * default) and PostgreSQL (scale-out) are interchangeable. Every method that returns has
 * finished its write durably.
 */
import type { Winner } from "@arena/shared/protocol";

export type BattleSource = "pack" | "live";

export type BattleRecord = {
  id: string;
  /** SHA-256 of the voter session token; the token itself is never stored. */
  sessionHash: string;
  prompt: string;
  language: string;
  category: string | null;
  /** The model shown as "Model A" (left) and "Model B" (right). */
  modelA: string;
  modelB: string;
  source: BattleSource;
  startedAt: Date;
};

export type VoteRecord = {
  battleId: string;
  sessionHash: string;
  winner: Winner;
  votedAt: Date;
};

/** A vote joined with its battle: what the ratings are computed from. */
export type CountedVote = {
  battleId: string;
  modelA: string;
  modelB: string;
  winner: Winner;
  language: string;
  category: string | null;
  votedAt: Date;
};

export interface ArenaStore {
  insertBattle(battle: BattleRecord): Promise<void>;
  /** "duplicate" when the battle already has a vote; nothing is written then. */
  recordVote(vote: VoteRecord): Promise<"recorded" | "duplicate">;
  /** Every vote in the order it was recorded (time order). */
  listVotes(): Promise<CountedVote[]>;
  close(): Promise<void>;
}
