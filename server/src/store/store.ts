/**
 * Where battles and votes live. The server talks to this interface only, so SQLite (embedded
 * default) and PostgreSQL (scale-out) are interchangeable. Every method that returns has
 * finished its write durably.
 */
import type { Winner } from "@arena/shared/protocol";

export type BattleSource = "pack" | "live" | "import";

export type BattleRecord = {
  id: string;
  /** SHA-256 of the voter session token; the token itself is never stored. */
  sessionHash: string;
  prompt: string;
  language: string;
  /** The pack's question category, if any. */
  category: string | null;
  /** Automatic categories (`coding`, `long`, `multiturn`). */
  tags: string[];
  /** The model shown as "Model A" (left) and "Model B" (right). */
  modelA: string;
  modelB: string;
  /** The answers shown, where known (pack battles know them at the start). */
  answerA: string | null;
  answerB: string | null;
  source: BattleSource;
  startedAt: Date;
};

/** One voter turn of a conversation and both answers to it. */
export type ConversationTurn = { prompt: string; a: string; b: string };

export type VoteRecord = {
  battleId: string;
  sessionHash: string;
  winner: Winner;
  votedAt: Date;
  /** Why the vote does not count (identity leak, abuse); null = counted. */
  flag?: string | null;
  /** What the battle turned out to be, written with the vote (live answers exist only by then). */
  outcome?: { answerA: string; answerB: string; tags: string[]; conversation: ConversationTurn[] };
};

/** A vote joined with its battle: what the ratings are computed from. */
export type CountedVote = {
  battleId: string;
  modelA: string;
  modelB: string;
  winner: Winner;
  language: string;
  category: string | null;
  tags: string[];
  votedAt: Date;
};

/** A battle with its vote, as it goes out in an export (FastChat's battle format) or comes in. */
export type BattleWithVote = BattleRecord & {
  winner: Winner;
  votedAt: Date;
  flag: string | null;
  /** Every turn, for battles of more than one (live follow-ups). */
  conversation?: ConversationTurn[];
};

export interface ArenaStore {
  insertBattle(battle: BattleRecord): Promise<void>;
  /** "duplicate" when the battle already has a vote; nothing is written then. */
  recordVote(vote: VoteRecord): Promise<"recorded" | "duplicate">;
  /** Every counted (unflagged) vote in the order it was recorded (time order). */
  listVotes(options?: { includeFlagged?: boolean }): Promise<CountedVote[]>;
  /** Adds battles with their votes in one transaction; a battle id already stored is skipped. */
  importBattles(battles: BattleWithVote[]): Promise<{ imported: number; skipped: number }>;
  /** Every voted battle, in vote order. */
  exportBattles(): Promise<BattleWithVote[]>;
  close(): Promise<void>;
}
