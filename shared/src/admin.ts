/**
 * The admin API (`/api/admin/*`, server/src/http/admin.ts): its inputs, parsed with these schemas
 * at the boundary like every other input, and the shapes of its answers. Sessions are named by
 * their stored hash (SHA-256 hex of the voter token); the token itself is never stored, so an
 * admin cannot act as a voter.
 */
import { z } from "zod";

import { BATTLE_FILE_FORMATS } from "./battleFileFormats.ts";
import type { Winner } from "./protocol.ts";

/** A voter session as stored: the SHA-256 of its token, in hex. */
export const sessionHashSchema = z.string().regex(/^[0-9a-f]{64}$/, "must be a session hash (64 hexadecimal digits)");

export const adminSessionParamsSchema = z.strictObject({ session: sessionHashSchema });

const reasonSchema = z.string().trim().min(1, "must not be empty").max(500);

/** `POST /api/admin/sessions/:session/exclude` — why (shown to other admins, kept with the standing). */
export const excludeSessionBodySchema = z.strictObject({ reason: reasonSchema });

/** `POST /api/admin/sessions/:session/restore` — optionally why. */
export const restoreSessionBodySchema = z.strictObject({ reason: reasonSchema.optional() });

/** `GET /api/admin/votes` — one page of the votes that count nowhere, optionally of one reason. */
export const adminVotesQuerySchema = z.strictObject({
  reason: z
    .string()
    .regex(/^[a-z_]{1,40}$/, "must be a reason such as identity_leak, session_excluded, daily_cap or duplicate_prompt")
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
});

/** `GET /api/admin/export` — FastChat battles as JSON lines (default), one JSON array, or CSV. */
export const adminExportQuerySchema = z.strictObject({ format: z.enum(BATTLE_FILE_FORMATS).default("jsonl") });
export type ExportFormat = z.infer<typeof adminExportQuerySchema>["format"];

// ---- answers --------------------------------------------------------------------------------

/** A session an admin should know about: its standing and what the last check saw of it. */
export type SessionReport = {
  sessionHash: string;
  /** Excluded from every table, or restored (counts again, and the anomaly check leaves it alone). */
  status: "excluded" | "restored";
  /** Who decided: an admin, or the automatic anomaly check. */
  source: "admin" | "anomaly";
  reason: string;
  updatedAt: string;
  /** Stored votes, flagged ones included. */
  votes: number;
  /** Votes counting in the tables now. */
  countedVotes: number;
  /** The anomaly check's view (null before a check saw the session). */
  testedVotes: number | null;
  model: string | null;
  direction: "up" | "down" | null;
  fisherStatistic: number | null;
  degreesOfFreedom: number | null;
  pValue: number | null;
  firstVoteAt: string | null;
  lastVoteAt: string | null;
};

/** `POST /api/admin/anomaly-check` — what the check saw and changed. */
export type CheckResult = {
  checkedAt: string;
  /** Sessions with at least one counted-or-not unflagged vote. */
  sessions: number;
  /** Sessions for which at least one model test ran. */
  testedSessions: number;
  /** Sessions the check excludes now (new or still), and those it no longer does. */
  excluded: string[];
  newlyExcluded: string[];
  cleared: string[];
  /** Tables that changed (and were pushed). */
  changedTables: number;
};

/** A stored vote that does not count, and why (a store flag such as identity_leak, or a policy). */
export type UncountedVote = {
  battleId: string;
  sessionHash: string;
  modelA: string;
  modelB: string;
  winner: Winner;
  language: string;
  votedAt: string;
  reason: string;
  kind: "flag" | "policy";
};

/** `GET /api/admin/sessions` — every session with a standing, newest first. */
export type AdminSessionsResponse = { lastCheckAt: string | null; sessions: SessionReport[] };

/** `POST /api/admin/sessions/:session/exclude` and `…/restore`. */
export type AdminSessionResponse = { session: SessionReport };

/** `GET /api/admin/votes` — one page of the votes that count nowhere. */
export type AdminVotesResponse = { total: number; offset: number; votes: UncountedVote[] };

/** `POST /api/admin/anomaly-check`. */
export type AnomalyCheckResponse = CheckResult;

/** `GET /api/admin/voters` — one page of every voter session, the most active (or the most recent) first. */
export const adminVotersQuerySchema = z.strictObject({
  order: z.enum(["votes", "recent"]).default("votes"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
});

/** A voter session with its statistics, whatever its standing. */
export type VoterReport = {
  sessionHash: string;
  /** Stored votes, flagged ones included. */
  votes: number;
  /** Votes counting in the tables now. */
  countedVotes: number;
  firstVoteAt: string;
  lastVoteAt: string;
  /** Null while no admin and no anomaly check has decided anything about the session. */
  standing: Pick<SessionReport, "status" | "source" | "reason" | "updatedAt"> | null;
  /** The last anomaly check's p-value for the model this session pushes most (null: not tested). */
  pValue: number | null;
};

/** `GET /api/admin/voters`. */
export type AdminVotersResponse = { total: number; offset: number; voters: VoterReport[] };

/** A model as the operator sees it: where it comes from and, for a live one, how its endpoint behaves. */
export type AdminModelReport = {
  id: string;
  kind: "pack" | "live";
  /** Live models only (null for pack answers, which cannot fail). */
  live: {
    /** Answers streaming now, and the most the model may stream at once. */
    running: number;
    maxConcurrent: number;
    /** Battles waiting for a free slot. */
    waiting: number;
    /** Set while the model is out of sampling after failures in a row. */
    coolingUntil: string | null;
    failuresInARow: number;
    answered: number;
    failed: number;
    /** Whole-answer time of the recent successful answers (null before the first). */
    latencyMs: { median: number; p90: number; samples: number } | null;
  } | null;
};

/** `GET /api/admin/models`. */
export type AdminModelsResponse = { models: AdminModelReport[] };
