/**
 * The public interface of Arena (see docs/API.md): socket.io event maps, HTTP shapes and the zod
 * schemas that every input is parsed with. Server and client both import from here, so an event
 * name or payload field exists in exactly one place.
 */
import { z } from "zod";

import {
  atSchema,
  type BattleReasonsPayload,
  type LifecycleStatus,
  type ModelInfo,
  voteReasonsSchema,
} from "./depth.ts";
import { BATTLE_ID_PATTERN, CATEGORY_PATTERN, MAX_PROMPT_CHARS, MAX_TURNS } from "./limits.ts";

export { MAX_PROMPT_CHARS, MAX_TURNS };

/** `"a"` is the left column ("Model A"), `"b"` the right one. */
export const sideSchema = z.enum(["a", "b"]);
export type Side = z.infer<typeof sideSchema>;
export const SIDES: readonly Side[] = sideSchema.options;

/** The four verdicts a voter can give. */
export const winnerSchema = z.enum(["a", "b", "tie", "bothbad"]);
export type Winner = z.infer<typeof winnerSchema>;

/** ISO 639-1 code, or `und` when the detector was not confident. */
export const languageCodeSchema = z
  .string()
  .regex(/^(?:[a-z]{2}|und)$/, "must be an ISO 639-1 code such as 'en', or 'und'");

/** A question category: the pack's own (`writing`, `coding`, …), lower case. */
export const categorySchema = z.string().regex(CATEGORY_PATTERN, "must be 1-40 characters of a-z, 0-9, '_' or '-'");

/** Battle ids are random and carry no information (base64url of 16 random bytes). */
export const battleIdSchema = z.string().regex(BATTLE_ID_PATTERN, "is not a battle id");

export const promptSchema = z
  .string()
  .max(MAX_PROMPT_CHARS, `must be at most ${MAX_PROMPT_CHARS} characters`)
  .refine((text) => text.trim().length > 0, "must not be empty");

// ---- client → server payloads -------------------------------------------------------------

export const battleStartSchema = z.strictObject({ prompt: promptSchema.optional() });
export type BattleStartPayload = z.infer<typeof battleStartSchema>;

/** `reasons`: ids from `GET /api/reasons` (see depth.ts); an unknown id refuses the whole vote. */
export const battleVoteSchema = z.strictObject({
  battleId: battleIdSchema,
  winner: winnerSchema,
  reasons: voteReasonsSchema.optional(),
});

/** A follow-up turn of a live battle: both models answer it, each with its own history. */
export const battleContinueSchema = z.strictObject({ battleId: battleIdSchema, prompt: promptSchema });
export type BattleContinuePayload = z.infer<typeof battleContinueSchema>;
export type BattleVotePayload = z.input<typeof battleVoteSchema>;

/**
 * Which table: `language` and `category` narrow the votes; absent = all. `style: "control"` rates
 * them under style control (answer length and markdown held equal); absent = plain.
 */
export const leaderboardFilterSchema = z.strictObject({
  language: languageCodeSchema.optional(),
  category: categorySchema.optional(),
  style: z.literal("control").optional(),
});
export type LeaderboardFilter = z.infer<typeof leaderboardFilterSchema>;

/**
 * Query of `GET /api/leaderboard`: the same filter, from a query string, and `at` (a day or an
 * instant, see depth.ts): the table of the votes counted up to then.
 */
export const leaderboardQuerySchema = leaderboardFilterSchema.extend({ at: atSchema.optional() });
export type LeaderboardQuery = z.infer<typeof leaderboardQuerySchema>;

/** Query of `GET /api/leaderboard/history`: the model, and the table's filter. */
export const leaderboardHistoryQuerySchema = leaderboardFilterSchema.extend({
  model: z.string().min(1, "must name a model").max(200, "must be at most 200 characters"),
});
export type LeaderboardHistoryQuery = z.infer<typeof leaderboardHistoryQuerySchema>;

// ---- answers ------------------------------------------------------------------------------

/** Stable machine words for every refusal; `message` beside them is for people. */
export const errorCodes = [
  "invalid_payload",
  "not_found",
  "forbidden",
  "already_voted",
  "too_late",
  "not_finished",
  "battle_failed",
  "busy",
  "turn_limit",
  "rate_limited",
  "unauthorized",
  "no_live_models",
  "no_prompts",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export type AckError = { code: ErrorCode; message: string };
/** Every socket acknowledgement. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckCallback<T> = (response: Ack<T>) => void;

export type BattleStarted = {
  battleId: string;
  prompt: string;
  language: string;
  /** The pack's question category, when the prompt came from a pack. */
  category: string | null;
  /** "live": answered by live models, follow-up turns possible; "pack": stored answers. */
  mode: "pack" | "live";
  /** Most voter turns this battle allows (1 for a pack battle). */
  maxTurns: number;
};

export type BattleContinued = { battleId: string; turn: number };

/** How one model's online Elo moved with this vote (overall table). */
export type RatingMove = { before: number; after: number };

export type VoteResult = {
  models: { a: string; b: string };
  elo: { a: RatingMove; b: RatingMove };
};

export type LeaderboardRow = {
  model: string;
  /** 1 = best. */
  rank: number;
  /** The table's main score, Elo scale (400 points = 10:1 odds). */
  rating: number;
  /** 95% interval of `rating`; null while not computed. */
  ciLower: number | null;
  ciUpper: number | null;
  /** Online Elo (elo-rank, K = 4), starting at 1000. */
  elo: number;
  battles: number;
  wins: number;
  losses: number;
  /** Ties include both-bad. */
  ties: number;
  /** Too few votes in this (filtered) table to be ranked with the others; shown apart. */
  provisional: boolean;
  /** The model's rank in the overall table (for the rank change of a filtered view); null there. */
  overallRank: number | null;
  /** Style-controlled tables only: the model's rank in the same table without style control. */
  plainRank?: number | null;
  /** Only on archived models: no longer drawn, kept on the board. */
  status?: Extract<LifecycleStatus, "archived">;
};

/**
 * How much each style feature moves the odds of winning, under style control: the fitted
 * coefficient of the standardized feature (log-odds per standard deviation of
 * (a − b)/(a + b + 1)); 0 for a feature that never varies in the table.
 */
export type StyleCoefficients = { length: number; headers: number; lists: number; bold: number };

export type Leaderboard = {
  /** The filter; null = all languages. */
  language: string | null;
  /** The filter; null = all categories. */
  category: string | null;
  /** Counted votes behind this table. */
  battles: number;
  /** ISO 8601. */
  updatedAt: string;
  /** Sorted by rating, best first. */
  rows: LeaderboardRow[];
  /** SHA-256 of the vote counts the table was computed from: equal hashes, equal inputs. */
  votesHash: string;
  /** Style-controlled tables only (`style: "control"`); plain tables carry none. */
  styleCoefficients?: StyleCoefficients;
};

/** Head-to-head records of one table, `models` in leaderboard order. */
export type LeaderboardMatrix = {
  language: string | null;
  category: string | null;
  models: string[];
  /** battles[i][j]: votes between models i and j (either side). */
  battles: number[][];
  /** winRate[i][j]: i's share against j, ties counting half; null when they never met. */
  winRate: Array<Array<number | null>>;
};

/** `turn` counts voter turns from 1; a follow-up's chunks start a new answer. */
export type BattleChunk = { battleId: string; side: Side; text: string; turn: number };
export type BattleEnd = { battleId: string; side: Side; ok: boolean; error?: string; turn: number };

/** The voter's anonymous session token: keep it and send it back as `auth.session` on connect. */
export type SessionGrant = { token: string };

export interface ClientToServerEvents {
  "battle:start": (payload: BattleStartPayload, ack: AckCallback<BattleStarted>) => void;
  "battle:vote": (payload: BattleVotePayload, ack: AckCallback<VoteResult>) => void;
  "battle:continue": (payload: BattleContinuePayload, ack: AckCallback<BattleContinued>) => void;
  /** Adds or replaces the reasons of this session's vote, within REASONS_WINDOW_MS after it. */
  "battle:reasons": (payload: BattleReasonsPayload, ack: AckCallback<Record<string, never>>) => void;
  "leaderboard:watch": (payload: LeaderboardFilter, ack: AckCallback<Leaderboard>) => void;
  "leaderboard:unwatch": (payload: LeaderboardFilter, ack: AckCallback<Record<string, never>>) => void;
}

export interface ServerToClientEvents {
  "battle:chunk": (chunk: BattleChunk) => void;
  "battle:end": (end: BattleEnd) => void;
  "leaderboard:update": (leaderboard: Leaderboard) => void;
  /** Sent once after connecting when the client came without a valid session token. */
  session: (grant: SessionGrant) => void;
}

/** What the client sends in socket.io's handshake `auth`. */
export const handshakeAuthSchema = z.object({ session: z.string().max(200).optional() });

// ---- HTTP answers -------------------------------------------------------------------------

export type HealthResponse = { ok: true };
export type ModelsResponse = {
  /** Every model that can appear in a battle or is on the board, with its catalogue fields. */
  models: ModelInfo[];
  /** Whether voters can send their own prompts (at least one pair of live models is configured). */
  livePrompts: boolean;
};
export type LanguagesResponse = { languages: Array<{ code: string; battles: number }> };
/** Categories with at least one counted vote (pack categories and automatic tags), most votes first. */
export type CategoriesResponse = { categories: Array<{ name: string; battles: number }> };
export type HttpError = { error: AckError };

/** A one-line account of what is wrong with an input, naming the field. */
export function describeIssues(error: z.ZodError, subject = "payload"): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join(".") : subject;
      return `${where}: ${issue.message}`;
    })
    .join("; ");
}
