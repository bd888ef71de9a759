/** What a vote is, as it is written and as it is read back for the tables. */
import type { Winner } from "@arena/shared/protocol";
import type { StylePair } from "@arena/shared/ratings/styleFeatures";

import type { BattleSource, ConversationTurn } from "./battle.ts";

/** A vote as it is written, with what its battle turned out to be. */
export type VoteRecord = {
  battleId: string;
  sessionHash: string;
  winner: Winner;
  votedAt: Date;
  /** Why the vote does not count (identity leak, abuse); null = not flagged. */
  flag?: string | null;
  /** Reason ids the voter ticked with the vote (none: absent or empty). */
  reasons?: string[];
  /** What the battle turned out to be, written with the vote (live answers exist only by then). */
  outcome?: {
    answerA: string;
    answerB: string;
    tags: string[];
    conversation: ConversationTurn[];
    /** FastChat's `conv_metadata` of the answers (their style counts), for style control and exports. */
    convMetadata?: Record<string, unknown> | null;
  };
};

/**
 * A stored vote joined with its battle: what the ratings are computed from. Stored is not
 * counted: a flagged vote counts nowhere, and of the others the integrity gate (daily cap,
 * prompt damping, excluded sessions) decides which count, each time the tables are built.
 */
export type StoredVote = {
  battleId: string;
  /** The voter session (hashed), for the per-session integrity policies. */
  sessionHash: string;
  /** Key of a voter-written prompt (see store/promptKey.ts) for duplicate damping; null for pack prompts. */
  promptKey: string | null;
  modelA: string;
  modelB: string;
  winner: Winner;
  language: string;
  category: string | null;
  tags: string[];
  votedAt: Date;
  /** Why the vote does not count; null = not flagged. Non-null only in lists that include flagged votes. */
  flag: string | null;
  /**
   * Where the battle came from, where known (stores set it). Imported battles were collected
   * elsewhere: the per-voter integrity policies (daily cap, prompt damping, anomaly check) do not
   * apply to them — a CSV import without judges is one "voter" with every vote on one day.
   */
  source?: BattleSource;
  /**
   * Both answers' style counts (from the battle's `conv_metadata`), for the style-controlled
   * tables; null when the battle has none (e.g. imported from a CSV of votes only).
   */
  style?: StylePair | null;
  /** Reason ids the voter gave (stores set it; empty when none). */
  reasons?: string[];
};

/** What the store knows of a vote to decide about a change of its reasons. */
export type VoteReasonsState = { sessionHash: string; votedAt: Date; winner: Winner; reasons: string[] };
