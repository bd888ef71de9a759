/**
 * The judges' part of the public interface (docs/API.md, "Judges"): LLM judges that give their own
 * verdict on every battle a person voted on, kept apart from the people's votes. `GET /api/judges`
 * says how often each judge agrees with the people on the same battles, in MT-bench's two setups
 * (with ties, and without any battle where either side said tie).
 */
import { z } from "zod";

import { categorySchema, judgeIdSchema, languageCodeSchema } from "./protocol.ts";

export { judgeIdSchema };

/** What a judge says of one battle: a side, or a tie (MT-bench's `[[C]]`). */
export const judgeVerdictSchema = z.enum(["a", "b", "tie"]);
export type JudgeVerdict = z.infer<typeof judgeVerdictSchema>;

/**
 * The order a judging showed the answers in: `ab` = the battle's side a as "Assistant A", `ba` =
 * swapped (side b shown as "Assistant A"). Verdicts are always stored in the battle's own sides.
 */
export const judgeOrderSchema = z.enum(["ab", "ba"]);
export type JudgeOrder = z.infer<typeof judgeOrderSchema>;
export const JUDGE_ORDERS: readonly JudgeOrder[] = judgeOrderSchema.options;

/** `GET /api/judges` — agreement restricted to the battles of a language and/or category. */
export const judgesQuerySchema = z.strictObject({
  language: languageCodeSchema.optional(),
  category: categorySchema.optional(),
});
export type JudgesQuery = z.infer<typeof judgesQuerySchema>;

/** `GET /api/admin/battles/:battleId/judgments`. */
export const adminJudgmentsParamsSchema = z.strictObject({
  battleId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "is not a battle id"),
});

// ---- answers --------------------------------------------------------------------------------

/** How many battles agree out of how many; `ratio` is null when `total` is 0. */
export type AgreementCount = { agree: number; total: number; ratio: number | null };

/** One judge, as `GET /api/judges` shows it. */
export type JudgeSummary = {
  /** The judge id from the models file. */
  id: string;
  /** Voted (counted) battles with a final verdict of this judge. */
  judged: number;
  /** Voted battles waiting to be judged by it. */
  pending: number;
  /** Battles whose judging ended without a verdict (fault, time-out, unparseable answer), once per battle. */
  failed: number;
  /** Agreement with the people on the same battles, as fractions (null when no battle). */
  agreement: { withTies: number | null; withoutTies: number | null };
  /** The same with counts. */
  counts: { withTies: AgreementCount; withoutTies: AgreementCount };
  /** Per model pair (modelA < modelB alphabetically), lowest ratio first. */
  pairs: Array<{ modelA: string; modelB: string; withTies: AgreementCount }>;
};

/** `GET /api/judges`. */
export type JudgesResponse = { judges: JudgeSummary[] };

/** `GET /api/admin/judges`: one judge's work, for the operator. */
export type AdminJudgeStatus = {
  id: string;
  /** The endpoint's model name. */
  model: string;
  /** Voted battles waiting for this judge (on this server's view of the store). */
  queued: number;
  /** Judgings running now (at most maxConcurrent). */
  inFlight: number;
  judged: number;
  failed: number;
  lastError: { message: string; at: string } | null;
  /** Whether the judge is resting after repeated faults, and until when. */
  coolDown: { active: boolean; until: string | null };
};
export type AdminJudgesResponse = { judges: AdminJudgeStatus[] };

/** One judging of a battle: what the judge answered, in one order. */
export type JudgmentRecord = {
  judge: string;
  order: JudgeOrder;
  /** In the battle's own sides (a `ba` answer of "[[A]]" is stored as `b`); null = no verdict. */
  verdict: JudgeVerdict | null;
  /** The judge's whole answer, as received (for audit). */
  raw: string;
  /** Why no verdict: the fault, time-out or "no verdict marker" message. */
  error?: string;
  /** ISO 8601. */
  judgedAt: string;
};
/** `GET /api/admin/battles/:battleId/judgments`: every judging of the battle, by judge then order. */
export type JudgmentsResponse = JudgmentRecord[];
