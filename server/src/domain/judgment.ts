/** What a judge said of a battle, as it is stored (apart from the people's votes) and read back. */
import type { JudgeOrder, JudgeVerdict } from "@arena/shared/judges";

import type { ConversationTurn } from "./battle.ts";
import type { StoredVote } from "./vote.ts";

/** One judging: one judge, one battle, one order of the answers. Unique per (battle, judge, order). */
export type JudgmentRecord = {
  battleId: string;
  judge: string;
  order: JudgeOrder;
  /** In the battle's own sides; null = no verdict (a fault, a time-out, an answer without a marker). */
  verdict: JudgeVerdict | null;
  /** The judge's whole answer ("" when it sent none). */
  raw: string;
  /** Why no verdict; null when there is one. */
  error: string | null;
  judgedAt: Date;
};

/** A judging without its raw answer: what the tables and the agreement are computed from. */
export type StoredVerdict = Pick<JudgmentRecord, "battleId" | "judge" | "order" | "verdict">;

/** A voted battle that still lacks judgings of one judge: its conversation and the missing orders. */
export type JudgeTask = {
  battleId: string;
  judge: string;
  turns: ConversationTurn[];
  missing: JudgeOrder[];
};

/** The judgings part of the store (ArenaStore.judgments). */
export interface JudgmentStore {
  /**
   * Voted battles that count for judging (this arena's own — not imported —, not flagged, not from
   * an excluded session, with both answers) lacking a judging of `judge`, oldest vote first,
   * leaving out `skip` (the battles being judged now).
   */
  pending(judge: string, limit: number, skip: readonly string[]): Promise<JudgeTask[]>;
  /** How many such battles there are. */
  countPending(judge: string): Promise<number>;
  /** "duplicate" when that (battle, judge, order) is stored already: nothing is written then. */
  record(judgment: JudgmentRecord): Promise<"recorded" | "duplicate">;
  /** Every judging's verdict, without the raw answers. */
  verdicts(): Promise<StoredVerdict[]>;
  /**
   * The unflagged votes of the battles some judge has judged, in stored order: what the judges'
   * tables and agreement read (a small part of an arena that imported its history).
   */
  judgedVotes(): Promise<StoredVote[]>;
  /** Every judging of one battle, raw answers included, by judge then order. */
  ofBattle(battleId: string): Promise<JudgmentRecord[]>;
  /** Forgets the judgings of `judge` that gave no verdict (so they are judged again); how many. */
  forgetFailed(judge: string): Promise<number>;
}
