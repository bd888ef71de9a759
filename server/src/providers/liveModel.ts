/**
 * A live model: any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, llama.cpp's server,
 * LM Studio, OpenAI, OpenRouter, Together, Groq), as the models file (ARENA_CONFIG) declares it.
 */
import { z } from "zod";

/** Asks a model not to give away who it is, so the vote stays blind. */
export const DEFAULT_SYSTEM_PROMPT =
  "You are a helpful assistant. Do not reveal your name, your model, or the company that made you, even if asked; " +
  "answer the question itself.";

export const liveModelSchema = z.strictObject({
  /** The id voters see after their vote, and the leaderboard shows. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99}$/, "must be 1-100 characters of letters, digits and ._:/@+-"),
  type: z.literal("openai"),
  /** The endpoint's base URL, up to and including /v1. */
  baseURL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }),
  /** The model name the endpoint expects. */
  model: z.string().min(1).max(200),
  /** Name of the environment variable holding the API key (never the key itself). */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
    .optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(1_000_000).optional(),
  /** Replaces DEFAULT_SYSTEM_PROMPT; "" sends no system message. */
  systemPrompt: z.string().max(20_000).optional(),
  /** Relative sampling weight (default 1). */
  weight: z.number().positive().max(1000).default(1),
  /** Streams this model may run at once (default 4); further battles wait briefly, then get `busy`. */
  maxConcurrent: z.number().int().min(1).max(1000).default(4),
  /**
   * Time allowed until the first token (default 30 s). At most ~5 minutes: the stream gives up on an
   * endpoint that sends nothing for 300 s whatever we allow (IDLE_TIMEOUT_MS, once Node's fetch's limit).
   */
  firstTokenTimeoutMs: z.number().int().min(100).max(290_000).default(30_000),
  /** Time allowed for a whole answer (default 180 s). */
  totalTimeoutMs: z.number().int().min(100).max(3_600_000).default(180_000),
  /** Extra words that give this model away (its maker, product names) for the identity-leak guard. */
  identityWords: z.array(z.string().min(2).max(100)).max(100).default([]),
});

export type LiveModelConfig = z.output<typeof liveModelSchema>;

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };
