/**
 * Configuration, read once at start from the environment (and the models file it may name).
 * Every problem is collected and reported together; the server does not start with a bad value.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  type CatalogEntry,
  catalogEntrySchema,
  MAX_REASONS_PER_VOTE,
  type ReasonDefinition,
  reasonDefinitionSchema,
} from "@arena/shared/depth";
import { MAX_TURNS } from "@arena/shared/protocol";
import { z } from "zod";

import { DEFAULT_REASONS } from "./catalog/defaultReasons.ts";
import type { ClusterOptions } from "./cluster/cluster.ts";
import { ConfigError } from "./configError.ts";
import { DEFAULT_ANOMALY_SETTINGS } from "./integrity/anomalousVoters.ts";
import { DEFAULT_VOTE_POLICY } from "./integrity/votePolicy.ts";
import { DEFAULT_PUSH_INTERVAL_MS } from "./leaderboard/broadcaster.ts";
import { DEFAULT_MIN_VOTES } from "./leaderboard/tally.ts";
import { DEFAULT_IP_FACTOR, DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./limits/rateLimits.ts";
import { type LiveModelConfig, liveModelSchema } from "./providers/liveModel.ts";
import type { LivePoolOptions } from "./providers/livePool.ts";
import {
  DATABASE_FILE_RULE,
  DATABASE_URL_RULE,
  DEFAULT_DATABASE_FILE,
  fromInvocationDir,
  isPostgresUrl,
  readStoreConfig,
  type StoreConfig,
  storeConfigOf,
} from "./storeConfig.ts";
import { DEFAULT_IDENTITY_WORDS } from "./votes/identityGuard.ts";

/**
 * Everything read at start, in the groups the code consumes: `createApp` takes the sections of
 * ArenaSettings as they are; `index.ts` alone uses `store`, `models` and `sessions` to build the
 * infrastructure (the store, the prompt pool, the session key) and `server` to listen.
 */
export type ArenaConfig = ArenaSettings & {
  store: StoreConfig;
  models: ModelsConfig;
  sessions: SessionsConfig;
};

/** The sections `createApp` takes (the test server overrides any of them, field by field). */
export type ArenaSettings = {
  server: ServerConfig;
  battles: BattlesConfig;
  live: LiveConfig;
  leaderboard: LeaderboardConfig;
  integrity: IntegrityConfig;
  limits: LimitsConfig;
  admin: AdminConfig;
  cluster: ClusterConfig;
  catalog: CatalogConfig;
};

export type ServerConfig = {
  /** PORT — HTTP + socket.io port (default 3000; 0 picks a free one). */
  port: number;
  /** HOST — interface to listen on (default: all). */
  host: string | undefined;
  /** LOG_LEVEL — pino level (default info). */
  logLevel: string;
  /** The built page (client/dist), served at / when it exists; not a variable. */
  clientDist: string | undefined;
};

export type ModelsConfig = {
  /** ARENA_CONFIG — models/packs file; unset → the bundled demo pack. */
  configFile: string | undefined;
  /** Answer packs to load (models file `packs`). */
  packs: string[];
};

export type SessionsConfig = {
  /**
   * ARENA_SESSION_SECRET — key signing voter sessions; unset → generated and kept beside the SQLite
   * file. Required with DATABASE_URL: every server must sign with the same key.
   */
  secret: string | undefined;
};

export type BattlesConfig = {
  /** ARENA_STREAM_DELAY_MS — pause between streamed chunks of a pack answer (default 25). */
  streamDelayMs: number;
  /** Most voter turns in one live battle (models file `maxTurns`). */
  maxTurns: number;
  /** How the next pair is chosen: uniform, or adaptive to shrink intervals fastest (models file `sampling`). */
  sampling: PairSampling;
};

export type LiveConfig = {
  /** Live OpenAI-compatible models, answering voters' own prompts (models file `models`). */
  models: LiveModelConfig[];
  /** Cool-down and waiting rules of the live models (LivePool's defaults; not a variable). */
  pool: LivePoolOptions;
};

export type LeaderboardConfig = {
  /** ARENA_MIN_VOTES — votes a model needs in a filtered table to be ranked there (default 10). */
  minVotes: number;
  /** Minimum time between two `leaderboard:update`s of one table (DEFAULT_PUSH_INTERVAL_MS; not a variable). */
  pushIntervalMs: number;
};

export type IntegrityConfig = {
  /** ARENA_DAILY_VOTE_CAP — votes per voter session per UTC day that count (default 100; 0 = no cap). */
  dailyVoteCap: number;
  /** ARENA_DUPLICATE_PROMPT_CAP — votes per voter-written prompt that count (default 10; 0 = no cap). */
  duplicatePromptCap: number;
  /** ARENA_ANOMALY_LEVEL — combined p-value below which a session is excluded as anomalous (default 1e-4; 0 = never). */
  anomalyLevel: number;
  /** ARENA_ANOMALY_CHECK_MINUTES — minutes between anomaly checks (default 10; 0 = at start and on admin request only). */
  anomalyCheckMinutes: number;
  /** Words that give a model away in an answer (flagging the vote), beside every model id (models file `identityWords`). */
  identityWords: string[];
};

export type LimitsConfig = {
  /**
   * ARENA_RATE_LIMITS (`on`/`off`, default on), ARENA_BATTLES_PER_MINUTE (60), ARENA_VOTES_PER_MINUTE
   * (60), ARENA_IP_FACTOR (10: an address gets that many times a session's battles and votes),
   * ARENA_CONNECTIONS_PER_IP (100), ARENA_API_REQUESTS_PER_MINUTE (600); null when off.
   */
  rates: RateLimitSettings | null;
  /** ARENA_TRUST_PROXY — reverse proxies in front whose X-Forwarded-For is believed (default 0). */
  trustProxy: number;
};

export type AdminConfig = {
  /** ARENA_ADMIN_TOKEN — bearer token (≥ 32 characters) of the admin API; unset → no admin API (404). */
  token: string | undefined;
};

/**
 * Several servers on one PostgreSQL (see cluster/cluster.ts). `databaseUrl` is DATABASE_URL: on
 * PostgreSQL every server is ready to share the arena with others (one alone simply leads);
 * undefined → a server of its own.
 */
export type ClusterConfig = Omit<ClusterOptions, "databaseUrl"> & { databaseUrl: string | undefined };

/** The models file's `catalog` and `reasons` (see catalog/catalog.ts). */
export type CatalogConfig = {
  /** What the operator says about each model: name, organization, licence, prices, lifecycle `status`. */
  models: Record<string, CatalogEntry>;
  /** The reasons a voter may tick (models file `reasons`; default DEFAULT_REASONS). */
  reasons: ReasonDefinition[];
  /** The file they came from, to name it in an error (a catalogue key that names no model). */
  file: string | undefined;
};

export type PairSampling = "uniform" | "adaptive";

/** What the models file (ARENA_CONFIG) decides; without one, the demo pack alone. */
export type ModelsFile = {
  /** Answer packs to load. */
  packs: string[];
  /** Live OpenAI-compatible models, answering voters' own prompts. */
  liveModels: LiveModelConfig[];
  /** How the next pair is chosen: uniform, or adaptive to shrink intervals fastest. */
  sampling: PairSampling;
  /** Words that give a model away in an answer (flagging the vote), beside every model id. */
  identityWords: string[];
  /** Most voter turns in one live battle. */
  maxTurns: number;
  /** What the operator says about each model (keys: model ids). */
  catalog: Record<string, CatalogEntry>;
  /** The reasons a voter may tick. */
  reasons: ReasonDefinition[];
};

export const DEMO_PACK = fileURLToPath(new URL("../packs/demo", import.meta.url));
export const CLIENT_DIST = fileURLToPath(new URL("../../client/dist", import.meta.url));

/** A positive whole number of requests; 0 would lock everyone out (ARENA_RATE_LIMITS=off disables). */
function limitSchema(fallback: number) {
  return z.coerce.number().int().min(1).max(1_000_000).default(fallback);
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  ARENA_DB: z.string().min(1, DATABASE_FILE_RULE).default(DEFAULT_DATABASE_FILE),
  ARENA_CONFIG: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((url) => url || undefined)
    .refine((url) => url === undefined || isPostgresUrl(url), { message: DATABASE_URL_RULE }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ARENA_STREAM_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(25),
  ARENA_MIN_VOTES: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_MIN_VOTES),
  ARENA_SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ARENA_RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  ARENA_BATTLES_PER_MINUTE: limitSchema(DEFAULT_RATE_LIMITS.battlesPerMinute),
  ARENA_VOTES_PER_MINUTE: limitSchema(DEFAULT_RATE_LIMITS.votesPerMinute),
  ARENA_IP_FACTOR: limitSchema(DEFAULT_IP_FACTOR),
  ARENA_CONNECTIONS_PER_IP: limitSchema(DEFAULT_RATE_LIMITS.connectionsPerIp),
  ARENA_API_REQUESTS_PER_MINUTE: limitSchema(DEFAULT_RATE_LIMITS.apiRequestsPerMinute),
  ARENA_TRUST_PROXY: z.coerce.number().int().min(0).max(32).default(0),
  ARENA_ADMIN_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  ARENA_DAILY_VOTE_CAP: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_VOTE_POLICY.dailyVoteCap),
  ARENA_DUPLICATE_PROMPT_CAP: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(DEFAULT_VOTE_POLICY.duplicatePromptCap),
  // Above 0.01 the check would exclude honest voters by the hundred on a busy arena.
  ARENA_ANOMALY_LEVEL: z.coerce.number().min(0).max(0.01).default(DEFAULT_ANOMALY_SETTINGS.level),
  ARENA_ANOMALY_CHECK_MINUTES: z.coerce.number().int().min(0).max(10_080).default(10),
});

/** The models file (ARENA_CONFIG). Unknown fields are refused so that typos do not pass silently. */
const modelsFileSchema = z
  .strictObject({
    models: z.array(liveModelSchema).max(500).default([]),
    packs: z.array(z.string().min(1)).default([]),
    sampling: z.enum(["uniform", "adaptive"]).default("uniform"),
    identityWords: z
      .array(z.string().min(2).max(100))
      .max(1000)
      .default([...DEFAULT_IDENTITY_WORDS]),
    maxTurns: z.number().int().min(1).max(MAX_TURNS).default(MAX_TURNS),
    catalog: z.record(z.string().min(1).max(200), catalogEntrySchema).default({}),
    reasons: z
      .array(reasonDefinitionSchema)
      .min(1, "must list at least one reason (leave it out for the default list)")
      .max(MAX_REASONS_PER_VOTE)
      .default(DEFAULT_REASONS.map((reason) => ({ ...reason, labels: { ...reason.labels } }))),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.models.forEach((model, index) => {
      if (seen.has(model.id))
        context.addIssue({ code: "custom", path: ["models", index, "id"], message: `"${model.id}" is listed twice` });
      seen.add(model.id);
    });
    const reasonIds = new Set<string>();
    file.reasons.forEach((reason, index) => {
      if (reasonIds.has(reason.id))
        context.addIssue({ code: "custom", path: ["reasons", index, "id"], message: `"${reason.id}" is listed twice` });
      reasonIds.add(reason.id);
    });
    if (file.models.length === 0 && file.packs.length === 0) {
      context.addIssue({
        code: "custom",
        path: [],
        message: "lists neither models nor packs: the arena would have nothing to show",
      });
    }
  });

export { ConfigError };

/** Every environment variable the server reads (docs/CONFIGURATION.md's table lists exactly these). */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export { readStoreConfig, type StoreConfig };

function configError(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
  more: string[] = [],
): ConfigError {
  const problems = issues.map((issue) => `  ${issue.path.map(String).join(".")}: ${issue.message}`);
  return new ConfigError(`invalid environment:\n${[...problems, ...more].join("\n")}`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ArenaConfig {
  const parsed = envSchema.safeParse(env);
  // Servers sharing one PostgreSQL database must accept each other's sessions: one key for all.
  const missingSecret =
    env.DATABASE_URL && !env.ARENA_SESSION_SECRET
      ? [
          "  ARENA_SESSION_SECRET: must be set when DATABASE_URL is (every server of the arena signs voter sessions with it)",
        ]
      : [];
  if (!parsed.success || missingSecret.length > 0) throw configError(parsed.error?.issues ?? [], missingSecret);
  const vars = parsed.data;
  const configFile = vars.ARENA_CONFIG ? fromInvocationDir(env, vars.ARENA_CONFIG) : undefined;
  const modelsFile: ModelsFile = configFile
    ? readModelsFile(configFile, env)
    : {
        packs: [DEMO_PACK],
        liveModels: [],
        sampling: "uniform",
        identityWords: [...DEFAULT_IDENTITY_WORDS],
        maxTurns: MAX_TURNS,
        catalog: {},
        reasons: DEFAULT_REASONS.map((reason) => ({ ...reason, labels: { ...reason.labels } })),
      };
  const rates: RateLimitSettings | null =
    vars.ARENA_RATE_LIMITS === "off"
      ? null
      : {
          battlesPerMinute: vars.ARENA_BATTLES_PER_MINUTE,
          votesPerMinute: vars.ARENA_VOTES_PER_MINUTE,
          ipBattlesPerMinute: vars.ARENA_BATTLES_PER_MINUTE * vars.ARENA_IP_FACTOR,
          ipVotesPerMinute: vars.ARENA_VOTES_PER_MINUTE * vars.ARENA_IP_FACTOR,
          connectionsPerIp: vars.ARENA_CONNECTIONS_PER_IP,
          apiRequestsPerMinute: vars.ARENA_API_REQUESTS_PER_MINUTE,
        };
  return {
    server: { port: vars.PORT, host: vars.HOST, logLevel: vars.LOG_LEVEL, clientDist: CLIENT_DIST },
    store: storeConfigOf(env, vars),
    models: { configFile, packs: modelsFile.packs },
    sessions: { secret: vars.ARENA_SESSION_SECRET },
    battles: {
      streamDelayMs: vars.ARENA_STREAM_DELAY_MS,
      maxTurns: modelsFile.maxTurns,
      sampling: modelsFile.sampling,
    },
    live: { models: modelsFile.liveModels, pool: {} },
    leaderboard: { minVotes: vars.ARENA_MIN_VOTES, pushIntervalMs: DEFAULT_PUSH_INTERVAL_MS },
    integrity: {
      dailyVoteCap: vars.ARENA_DAILY_VOTE_CAP,
      duplicatePromptCap: vars.ARENA_DUPLICATE_PROMPT_CAP,
      anomalyLevel: vars.ARENA_ANOMALY_LEVEL,
      anomalyCheckMinutes: vars.ARENA_ANOMALY_CHECK_MINUTES,
      identityWords: modelsFile.identityWords,
    },
    limits: { rates, trustProxy: vars.ARENA_TRUST_PROXY },
    admin: { token: vars.ARENA_ADMIN_TOKEN },
    cluster: { databaseUrl: vars.DATABASE_URL },
    catalog: { models: modelsFile.catalog, reasons: modelsFile.reasons, file: configFile },
  };
}

export function readModelsFile(file: string, env: NodeJS.ProcessEnv = process.env): ModelsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not valid JSON (${error.message})` : "cannot be read";
    throw new ConfigError(`${file}: ${reason}`);
  }
  const parsed = modelsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.length ? issue.path.join(".") : "(top level)"}: ${issue.message}`,
    );
    throw new ConfigError(`${file}: invalid models file:\n${problems.join("\n")}`);
  }
  const missingKeys = parsed.data.models.flatMap((model, index) =>
    model.apiKeyEnv && !env[model.apiKeyEnv]
      ? [`  models.${index}.apiKeyEnv: the environment variable ${model.apiKeyEnv} is not set`]
      : [],
  );
  if (missingKeys.length > 0) throw new ConfigError(`${file}: invalid models file:\n${missingKeys.join("\n")}`);
  const folder = path.dirname(file);
  const { models, packs, ...rest } = parsed.data;
  return { ...rest, liveModels: models, packs: packs.map((pack) => path.resolve(folder, pack)) };
}
