/**
 * Configuration, read once at start from the environment (and the models file it may name).
 * Every problem is collected and reported together; the server does not start with a bad value.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export type ArenaConfig = {
  /** PORT — HTTP + socket.io port (default 3000; 0 picks a free one). */
  port: number;
  /** HOST — interface to listen on (default: all). */
  host: string | undefined;
  /** ARENA_DB — SQLite database file (default ./data/arena.db). */
  databaseFile: string;
  /** ARENA_CONFIG — models/packs file; unset → the bundled demo pack. */
  configFile: string | undefined;
  /** Answer packs to load (from ARENA_CONFIG, else the demo pack). */
  packs: string[];
  /** How the next pair is chosen (ARENA_CONFIG `sampling`): uniform, or adaptive to shrink intervals. */
  sampling: PairSampling;
  /** ARENA_MIN_VOTES — votes a model needs in a filtered table to be ranked there (default 10). */
  minVotes: number;
  /** LOG_LEVEL — pino level (default info). */
  logLevel: string;
  /** ARENA_STREAM_DELAY_MS — pause between streamed chunks of a pack answer (default 25). */
  streamDelayMs: number;
};

export type PairSampling = "uniform" | "adaptive";

export const DEMO_PACK = fileURLToPath(new URL("../packs/demo", import.meta.url));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  ARENA_DB: z.string().min(1).default("./data/arena.db"),
  ARENA_CONFIG: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((url) => url === undefined || url === "", {
      message: "PostgreSQL storage is not available in this version yet; unset DATABASE_URL to use SQLite",
    }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ARENA_STREAM_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(25),
  ARENA_MIN_VOTES: z.coerce.number().int().min(0).max(1_000_000).default(10),
});

/** The models file (ARENA_CONFIG). Unknown fields are refused so that typos do not pass silently. */
const modelsFileSchema = z.strictObject({
  models: z
    .array(z.unknown())
    .max(0, "live models (type 'openai') are not supported by this version yet; list answer packs instead")
    .default([]),
  packs: z.array(z.string().min(1)).default([]),
  sampling: z.enum(["uniform", "adaptive"]).default("uniform"),
});

export class ConfigError extends Error {}

/** Relative paths given on the command line mean relative to where `npm start` was typed. */
function fromInvocationDir(env: NodeJS.ProcessEnv, file: string): string {
  return path.resolve(env.INIT_CWD ?? process.cwd(), file);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ArenaConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid environment:\n${problems.join("\n")}`);
  }
  const vars = parsed.data;
  const configFile = vars.ARENA_CONFIG ? fromInvocationDir(env, vars.ARENA_CONFIG) : undefined;
  const modelsFile = configFile ? readModelsFile(configFile) : { packs: [DEMO_PACK], sampling: "uniform" as const };
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseFile: vars.ARENA_DB === ":memory:" ? vars.ARENA_DB : fromInvocationDir(env, vars.ARENA_DB),
    configFile,
    packs: modelsFile.packs,
    sampling: modelsFile.sampling,
    minVotes: vars.ARENA_MIN_VOTES,
    logLevel: vars.LOG_LEVEL,
    streamDelayMs: vars.ARENA_STREAM_DELAY_MS,
  };
}

export function readModelsFile(file: string): { packs: string[]; sampling: PairSampling } {
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
  const folder = path.dirname(file);
  return { packs: parsed.data.packs.map((pack) => path.resolve(folder, pack)), sampling: parsed.data.sampling };
}
