/** The JSON API under /api. Query strings are parsed with the shared zod schemas. */
import { Router, type Request, type Response } from "express";
import {
  type HealthResponse,
  type HttpError,
  type LanguagesResponse,
  type ModelsResponse,
  describeIssues,
  leaderboardQuerySchema,
} from "@arena/shared/protocol";
import type { LeaderboardService } from "../leaderboard/service.ts";
import type { PromptPool } from "../packs/promptPool.ts";

export function createApiRouter({ leaderboards, pool }: { leaderboards: LeaderboardService; pool: PromptPool }) {
  const api = Router();

  api.get("/health", (_req, res: Response<HealthResponse>) => {
    res.json({ ok: true });
  });

  api.get("/models", (_req, res: Response<ModelsResponse>) => {
    res.json({ models: pool.models.map((id) => ({ id })) });
  });

  api.get("/languages", (_req, res: Response<LanguagesResponse>) => {
    res.json({ languages: leaderboards.languages() });
  });

  api.get("/leaderboard", (req: Request, res: Response) => {
    const parsed = leaderboardQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const body: HttpError = { error: { code: "invalid_payload", message: describeIssues(parsed.error, "query") } };
      res.status(400).json(body);
      return;
    }
    res.json(leaderboards.get(parsed.data));
  });

  api.use((_req, res: Response<HttpError>) => {
    res.status(404).json({ error: { code: "not_found", message: "No such API route." } });
  });

  return api;
}
