/**
 * A judge, as the models file (ARENA_CONFIG) declares it under `judges`: any OpenAI-compatible
 * chat-completions endpoint, with the live models' fields for the endpoint, its key, its limits and
 * its deadlines (the same streaming client, fault handling and cool-down serve both).
 */
import { judgeIdSchema } from "@arena/shared/judges";
import { z } from "zod";

import { type LiveModelConfig, liveModelSchema } from "../providers/liveModel.ts";

const endpoint = liveModelSchema.pick({ type: true, baseURL: true, model: true, apiKeyEnv: true });

export const judgeSchema = endpoint.extend({
  /** The judge's id: `?judge=<id>` and `/api/judges` name it; never a model's id. */
  id: judgeIdSchema,
  /** 0 by default, as MT-bench judges: the same battle should get the same verdict. */
  temperature: z.number().min(0).max(2).default(0),
  /** Room for the explanation before the verdict (MT-bench allows 2048 tokens). */
  maxTokens: z.number().int().min(1).max(1_000_000).default(2048),
  /** Judgings this judge runs at once (default 2); the others wait in the store's queue. */
  maxConcurrent: z.number().int().min(1).max(100).default(2),
  /** Time allowed until the first token (default 60 s; at most ~5 minutes, as for live models). */
  firstTokenTimeoutMs: z.number().int().min(100).max(290_000).default(60_000),
  /** Time allowed for a whole judgment (default 300 s). */
  totalTimeoutMs: z.number().int().min(100).max(3_600_000).default(300_000),
});

export type JudgeConfig = z.output<typeof judgeSchema>;

/**
 * The judge as the live-model client takes it: no system prompt of the arena's (the judge prompt
 * brings its own) and none of the voting-only fields.
 */
export function asLiveModel(judge: JudgeConfig): LiveModelConfig {
  return { ...judge, systemPrompt: "", weight: 1, identityWords: [] };
}
