/**
 * The "Depth" part of the public interface (CONTRACT v2): the model catalogue and its lifecycle,
 * vote reasons, and the leaderboard over time (`?at=`, history). Types and zod schemas only; the
 * server parses every input with these and the page reads the answers' types from here.
 */
import { z } from "zod";

import { BATTLE_ID_PATTERN, CATEGORY_PATTERN, MAX_REASONS_PER_VOTE, REASON_ID_PATTERN } from "./limits.ts";

// ---- catalogue and lifecycle ----------------------------------------------------------------

/**
 * Where a model is in its life: `active` is drawn into battles; `paused` and `archived` are never
 * drawn; `archived` ones keep their place on the board, marked.
 */
export const lifecycleStatusSchema = z.enum(["active", "paused", "archived"]);
export type LifecycleStatus = z.infer<typeof lifecycleStatusSchema>;

const shortText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((text) => text.trim().length > 0, "must not be empty");

/** `YYYY-MM-DD`, a real calendar day. */
export const calendarDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((day) => {
    const ms = Date.parse(`${day}T00:00:00Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(day);
  }, "is not a calendar day");

/** What an operator can say about a model in the models file (`catalog`), every field optional. */
export const catalogEntrySchema = z.strictObject({
  /** The name people know it by ("Llama 3.1 8B Instruct"). */
  displayName: shortText(120).optional(),
  organization: shortText(120).optional(),
  /** SPDX id or a short licence name ("apache-2.0", "proprietary"). */
  license: shortText(80).optional(),
  /** Parameter count: a number (8e9) or how the maker writes it ("8B", "8x7B"). */
  parameters: z.union([shortText(40), z.number().positive("must be positive")]).optional(),
  /** Context window, in tokens. */
  contextWindow: z.number().int("must be a whole number of tokens").positive("must be positive").optional(),
  /** USD per million input tokens. */
  priceInput: z.number().nonnegative("must be 0 or more (USD per million tokens)").optional(),
  /** USD per million output tokens. */
  priceOutput: z.number().nonnegative("must be 0 or more (USD per million tokens)").optional(),
  releaseDate: calendarDaySchema.optional(),
  url: z
    .string()
    .max(500, "must be at most 500 characters")
    .regex(/^https?:\/\/\S+$/, "must be an http(s) URL")
    .optional(),
  status: lifecycleStatusSchema.optional(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** How a model is doing right now: a live model that keeps failing cools down for a while. */
export type ModelAvailability = "available" | "cooling_down";

/** One row of `GET /api/models`. */
export type ModelInfo = Omit<CatalogEntry, "status"> & {
  id: string;
  /** Where its answers come from: a pack, a live endpoint, or none here ("board": known from its votes, e.g. imported). */
  kind: "pack" | "live" | "board";
  /** The catalogue's status; `active` when the catalogue says nothing. */
  status: LifecycleStatus;
  availability: ModelAvailability;
  /** Counted battles in the overall table. */
  battles: number;
  /** Fewer counted battles than `leaderboard.preliminaryBattles`: its rating is not settled yet. */
  preliminary: boolean;
};

// ---- vote reasons --------------------------------------------------------------------------

// In limits.ts (no zod): battle files check reasons without loading zod.
export { MAX_REASONS_PER_VOTE, REASON_ID_PATTERN } from "./limits.ts";
/** How long after its vote the voter session may still add or replace its reasons. */
export const REASONS_WINDOW_MS = 5 * 60 * 1000;

export const reasonPolaritySchema = z.enum(["positive", "negative"]);
/** `positive`: why the chosen answer won; `negative`: why the other one (or both) lost. */
export type ReasonPolarity = z.infer<typeof reasonPolaritySchema>;

export const reasonIdSchema = z.string().regex(REASON_ID_PATTERN, "must be 1-40 characters of a-z, 0-9, '_' or '-'");

/** The languages the page speaks; a reason's label in each (English required in the models file). */
export const REASON_LANGUAGES = ["en", "fr", "zh"] as const;
export type ReasonLanguage = (typeof REASON_LANGUAGES)[number];

/** A reason as the models file may define it (`reasons: [...]` replaces the default list). */
export const reasonDefinitionSchema = z.strictObject({
  id: reasonIdSchema,
  polarity: reasonPolaritySchema,
  labels: z.strictObject({ en: shortText(80), fr: shortText(80).optional(), zh: shortText(80).optional() }),
});
export type ReasonDefinition = z.infer<typeof reasonDefinitionSchema>;

/** One row of `GET /api/reasons`: `label` in the asked language, `labels` in every one (English where missing). */
export type ReasonInfo = {
  id: string;
  polarity: ReasonPolarity;
  label: string;
  labels: Record<ReasonLanguage, string>;
};
export type ReasonsResponse = { reasons: ReasonInfo[] };

/** Query of `GET /api/reasons`: which language `label` is in (default `en`). */
export const reasonsQuerySchema = z.strictObject({ language: z.enum(REASON_LANGUAGES).optional() });

/** The reasons a voter ticked: known ids, each once (duplicates are dropped). */
export const voteReasonsSchema = z
  .array(reasonIdSchema)
  .max(MAX_REASONS_PER_VOTE, `must hold at most ${MAX_REASONS_PER_VOTE} reasons`)
  .transform((ids) => [...new Set(ids)]);

/** `battle:reasons`: the same voter session adds or replaces its vote's reasons, within REASONS_WINDOW_MS. */
export const battleReasonsSchema = z.strictObject({
  battleId: z.string().regex(BATTLE_ID_PATTERN, "is not a battle id"),
  reasons: voteReasonsSchema,
});
export type BattleReasonsPayload = z.input<typeof battleReasonsSchema>;

/** Query of `GET /api/models/:id/reasons`. */
export const modelReasonsQuerySchema = z.strictObject({
  language: z
    .string()
    .regex(/^(?:[a-z]{2}|und)$/, "must be an ISO 639-1 code such as 'en', or 'und'")
    .optional(),
  category: z.string().regex(CATEGORY_PATTERN, "must be 1-40 characters of a-z, 0-9, '_' or '-'").optional(),
});

/**
 * `GET /api/models/:id/reasons`: how often each reason was credited to the model in its counted
 * battles (positive = "won because", negative = "lost because"), most frequent first.
 */
export type ModelReasonsResponse = {
  model: string;
  language: string | null;
  category: string | null;
  /** Counted battles of the model under the filter. */
  battles: number;
  /** Of those, battles where the voter gave at least one reason credited to this model. */
  withReasons: number;
  reasons: Array<{ id: string; polarity: ReasonPolarity; count: number }>;
};

// ---- the leaderboard over time ------------------------------------------------------------

/**
 * `at`: a day (`YYYY-MM-DD`, up to the end of that UTC day) or an ISO 8601 instant with its time
 * zone (`2026-12-01T12:00:00Z`, up to and including that instant).
 */
export const atSchema = z
  .string()
  .max(40, "must be at most 40 characters")
  .refine((at) => atCutoff(at) !== null, "must be a date YYYY-MM-DD or an ISO 8601 instant with a time zone");

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The last instant (epoch milliseconds, inclusive) whose votes an `at` value counts; null when
 * `at` is malformed. A day counts up to its last millisecond in UTC.
 */
export function atCutoff(at: string): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) {
    if (!calendarDaySchema.safeParse(at).success) return null;
    return Date.parse(`${at}T00:00:00Z`) + DAY_MS - 1;
  }
  const parts = INSTANT.exec(at);
  if (!parts) return null;
  const [, , month, day, hour, minute, second] = parts.map(Number);
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || (second ?? 0) > 59) {
    return null;
  }
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? ms : null;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** One point of a model's history: its row in that day's `?at=` table. */
export type HistoryPoint = {
  /** The UTC day, `YYYY-MM-DD`: the table of every vote counted up to its end. */
  date: string;
  rating: number;
  ciLower: number | null;
  ciUpper: number | null;
  /** The model's counted battles up to that day. */
  battles: number;
  rank: number;
  provisional: boolean;
};

/** `GET /api/leaderboard/history?model=…`: one point per UTC day with counted votes in the table (and the model rated). */
export type LeaderboardHistory = {
  model: string;
  language: string | null;
  category: string | null;
  style: "control" | null;
  points: HistoryPoint[];
};
