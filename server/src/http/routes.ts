/** The JSON API under /api. Query strings are parsed with the shared zod schemas. */
import { Router, type Request, type Response } from "express";
import {
  type CategoriesResponse,
  type HealthResponse,
  type HttpError,
  type LanguagesResponse,
  type LeaderboardFilter,
  type ModelsResponse,
  describeIssues,
  leaderboardQuerySchema,
} from "@arena/shared/protocol";
import type { LeaderboardService } from "../leaderboard/service.ts";
import type { PromptPool } from "../packs/promptPool.ts";
import type { LivePool } from "../providers/livePool.ts";

export function createApiRouter({
  leaderboards,
  pool,
  live,
}: {
  leaderboards: LeaderboardService;
  pool: PromptPool;
  live: LivePool;
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

  api.get("/leaderboard", (req: Request, res: Response) => {
    const filter = parseFilter(req, res);
    if (filter) res.json(leaderboards.get(filter));
  });

  api.get("/leaderboard/matrix", (req: Request, res: Response) => {
    const filter = parseFilter(req, res);
    if (filter) res.json(leaderboards.matrix(filter));
  });

  api.use((_req, res: Response<HttpError>) => {
    res.status(404).json({ error: { code: "not_found", message: "No such API route." } });
  });

  return api;
}

/** The filter of a leaderboard query, or undefined after answering 400. */
function parseFilter(req: Request, res: Response): LeaderboardFilter | undefined {
  const parsed = leaderboardQuerySchema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  const body: HttpError = { error: { code: "invalid_payload", message: describeIssues(parsed.error, "query") } };
  res.status(400).json(body);
  return undefined;
}
