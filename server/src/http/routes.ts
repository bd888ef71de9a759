/** The JSON API under /api. Query strings are parsed with the shared zod schemas (validate.ts). */
import {
  type CategoriesResponse,
  type HealthResponse,
  type HttpError,
  type LanguagesResponse,
  type Leaderboard,
  type LeaderboardMatrix,
  leaderboardQuerySchema,
  type ModelsResponse,
} from "@arena/shared/protocol";
import { type Response, Router } from "express";

import type { JudgeService } from "../judges/service.ts";
import type { LeaderboardService } from "../leaderboard/service.ts";
import type { PromptPool } from "../packs/promptPool.ts";
import type { LivePool } from "../providers/livePool.ts";
import { addJudgesRoutes } from "./judges.ts";
import { validate } from "./validate.ts";

export function createApiRouter({
  leaderboards,
  pool,
  live,
  judges,
}: {
  leaderboards: LeaderboardService;
  pool: PromptPool;
  live: LivePool;
  judges: JudgeService;
}) {
  const api = Router();

  api.get("/health", (_req, res: Response<HealthResponse>) => {
    res.json({ ok: true });
  });

  api.get("/models", (_req, res: Response<ModelsResponse>) => {
    // Statuses only: nothing here tells which models a running battle uses.
    const liveStatus = new Map(live.statuses().map(({ id, status }) => [id, status]));
    const packOnly = pool.models.filter((id) => !liveStatus.has(id));
    const models: ModelsResponse["models"] = [
      ...[...liveStatus].map(([id, status]) => ({ id, kind: "live" as const, status })),
      ...packOnly.map((id) => ({ id, kind: "pack" as const, status: "available" as const })),
    ];
    res.json({ models: models.sort((x, y) => x.id.localeCompare(y.id)), livePrompts: live.canAnswerPrompts });
  });

  api.get("/languages", (_req, res: Response<LanguagesResponse>) => {
    res.json({ languages: leaderboards.languages() });
  });

  api.get("/categories", (_req, res: Response<CategoriesResponse>) => {
    res.json({ categories: leaderboards.categories() });
  });

  api.get(
    "/leaderboard",
    ...validate({ query: leaderboardQuerySchema }, ({ query }, _req, res: Response<Leaderboard>) => {
      res.json(leaderboards.get(query));
    }),
  );

  api.get(
    "/leaderboard/matrix",
    ...validate({ query: leaderboardQuerySchema }, ({ query }, _req, res: Response<LeaderboardMatrix>) => {
      res.json(leaderboards.matrix(query));
    }),
  );

  addJudgesRoutes(api, judges);

  api.use((_req, res: Response<HttpError>) => {
    res.status(404).json({ error: { code: "not_found", message: "No such API route." } });
  });

  return api;
}
