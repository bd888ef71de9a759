/**
 * Where battles and votes live. The server talks to this interface only, so SQLite (embedded
 * default) and PostgreSQL (scale-out) are interchangeable. Every method that returns has
 * finished its write durably.
 */
import type { Side, Winner } from "@arena/shared/protocol";
import type { StylePair } from "@arena/shared/ratings/styleFeatures";

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
  outcome?: {
    answerA: string;
    answerB: string;
    tags: string[];
    conversation: ConversationTurn[];
    /** FastChat's `conv_metadata` of the answers (their style counts), for style control and exports. */
    convMetadata?: Record<string, unknown> | null;
  };
};

/** A vote joined with its battle: what the ratings are computed from. */
export type CountedVote = {
  battleId: string;
  /** The voter session (hashed), for the per-session integrity policies. */
  sessionHash: string;
  /** Key of a voter-written prompt (see promptKey.ts) for duplicate damping; null for pack prompts. */
  promptKey: string | null;
  modelA: string;
  modelB: string;
  winner: Winner;
  language: string;
  category: string | null;
  tags: string[];
  votedAt: Date;
  /** Why the vote does not count; null = counted. Non-null only in lists that include flagged votes. */
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
};

/** Where a battle's conversation stands: enough for any server to take its vote or next turn. */
export type BattleState = {
  /** The voter's prompts, one per turn (the first is the record's prompt). */
  prompts: string[];
  /** Each side's answers, one per turn. */
  answers: Record<Side, string[]>;
  /** Per side, for the last turn: true = ended well, false = failed; absent = not saved as ended. */
  ended: Partial<Record<Side, boolean>>;
};

/** A stored battle as another server finds it. */
export type StoredBattle = {
  record: BattleRecord;
  /** Saved after each live turn; null for a pack battle (its answers are in the record). */
  state: BattleState | null;
  voted: boolean;
};

/**
 * A decision about a voter session: `excluded` sessions' votes count nowhere; `restored` keeps a
 * session counted even when the anomaly check would exclude it (an admin's override).
 */
export type SessionStanding = {
  sessionHash: string;
  status: "excluded" | "restored";
  /** Who decided: an admin, or the automatic anomaly check. */
  source: "admin" | "anomaly";
  reason: string;
  updatedAt: Date;
};

/** A battle with its vote, as it goes out in an export (FastChat's battle format) or comes in. */
export type BattleWithVote = BattleRecord & {
  winner: Winner;
  votedAt: Date;
  flag: string | null;
  /** Every turn, for battles of more than one (live follow-ups). */
  conversation?: ConversationTurn[];
  /**
   * An imported battle's own fields that Arena holds no column for, as its file gave them (its
   * ids, judge, time, turn, language name, whole conversations, any other field): what an export
   * gives back. Absent for battles fought in this arena.
   */
  fileFields?: Record<string, unknown> | null;
  /** FastChat's `conv_metadata`: the style counts of both answers (token, header, list, bold counts). */
  convMetadata?: Record<string, unknown> | null;
};

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
  /** Every unflagged vote (or every vote) in the order it was recorded (time order). */
  listVotes(options?: { includeFlagged?: boolean }): Promise<CountedVote[]>;
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
