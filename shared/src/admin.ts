/**
 * Inputs of the admin API (`/api/admin/*`, server/src/http/admin.ts), parsed with these schemas
 * at the boundary like every other input. Sessions are named by their stored hash (SHA-256 hex of
 * the voter token); the token itself is never stored, so an admin cannot act as a voter.
 */
import { z } from "zod";
import { BATTLE_FILE_FORMATS } from "./battleFileFormats.ts";

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
