/**
 * What a battle is, wherever it is held: in a server's memory, in either store, in a battle file.
 * Plain types only; the store and the services both build on them.
 */
import type { Side, Winner } from "@arena/shared/protocol";

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

/** A battle with its vote, as it goes out in an export (FastChat's battle format) or comes in. */
export type BattleWithVote = BattleRecord & {
  winner: Winner;
  votedAt: Date;
  flag: string | null;
  /** Reason ids the voter gave (absent or empty: none). */
  reasons?: string[];
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
