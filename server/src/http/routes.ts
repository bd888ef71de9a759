/** The JSON API under /api. Query strings are parsed with the shared zod schemas (validate.ts). */
import {
  atCutoff,
  DAY_MS,
  type LeaderboardHistory,
  type ModelInfo,
  modelReasonsQuerySchema,
  type ModelReasonsResponse,
  reasonsQuerySchema,
  type ReasonsResponse,
} from "@arena/shared/depth";
import {
  type CategoriesResponse,
  type HealthResponse,
  type HttpError,
  type LanguagesResponse,
  type Leaderboard,
  leaderboardHistoryQuerySchema,
  type LeaderboardMatrix,
  leaderboardQuerySchema,
  type ModelsResponse,
} from "@arena/shared/protocol";
import { type Response, Router } from "express";
import { z } from "zod";

import type { Catalog } from "../catalog/catalog.ts";
import type { ReasonCounts } from "../catalog/reasonCounts.ts";
import { ArenaError } from "../errors.ts";
import type { JudgeService } from "../judges/service.ts";
import type { LeaderboardService } from "../leaderboard/service.ts";
import type { TimeTables } from "../leaderboard/timeTables.ts";
import type { PromptPool } from "../packs/promptPool.ts";
import type { LivePool } from "../providers/livePool.ts";
import { addJudgesRoutes } from "./judges.ts";
import { validate } from "./validate.ts";

export function createApiRouter({
  leaderboards,
  pool,
  live,
  judges,
  catalog,
  timeTables,
  reasonCounts,
  clock,
  isKnownModel,
}: {
  leaderboards: LeaderboardService;
  pool: PromptPool;
  live: LivePool;
  judges: JudgeService;
  catalog: Catalog;
  timeTables: TimeTables;
  reasonCounts: ReasonCounts;
  clock: () => Date;
  /** Whether `GET /api/models` lists the model (without building its rows, which may refit the table). */
  isKnownModel: (model: string) => boolean;
}) {
  const api = Router();

  api.get("/health", (_req, res: Response<HealthResponse>) => {
    res.json({ ok: true });
  });

  api.get("/models", (_req, res: Response<ModelsResponse>) => {
    res.json({ models: modelRows(), livePrompts: live.canAnswerPrompts });
  });

  /** Every model of a pack or live, and any other on the board (imported), with its catalogue fields. */
  const modelRows = (): ModelInfo[] => {
    // Statuses only: nothing here tells which models a running battle uses.
    const liveStatus = new Map(live.statuses().map(({ id, status }) => [id, status]));
    const battlesOf = new Map(leaderboards.get({}).rows.map((row) => [row.model, row.battles]));
    const kinds = new Map<string, ModelInfo["kind"]>();
    for (const model of battlesOf.keys()) kinds.set(model, "board");
    for (const model of pool.models) kinds.set(model, "pack");
    for (const model of liveStatus.keys()) kinds.set(model, "live");
    const { minVotes = 0 } = leaderboards.tableOptions();
    return [...kinds]
      .map(([id, kind]) => {
        const battles = battlesOf.get(id) ?? 0;
        return {
          id,
          kind,
          ...catalog.entryOf(id),
          status: catalog.statusOf(id),
          availability: liveStatus.get(id) ?? ("available" as const),
          battles,
          preliminary: battles < minVotes,
        };
      })
      .sort((x, y) => x.id.localeCompare(y.id));
  };

  api.get(
    "/models/:model/reasons",
    ...validate(
      { params: z.object({ model: z.string().min(1).max(200) }), query: modelReasonsQuerySchema },
      async ({ params, query }, _req, res: Response<ModelReasonsResponse>) => {
        if (!isKnownModel(params.model)) throw new ArenaError("not_found", `There is no model "${params.model}".`);
        res.json(await reasonCounts.of(params.model, query));
      },
    ),
  );

  api.get(
    "/reasons",
    ...validate({ query: reasonsQuerySchema }, ({ query }, _req, res: Response<ReasonsResponse>) => {
      res.json({ reasons: catalog.describeReasons(query.language) });
    }),
  );

  api.get("/languages", (_req, res: Response<LanguagesResponse>) => {
    res.json({ languages: leaderboards.languages() });
  });

  api.get("/categories", (_req, res: Response<CategoriesResponse>) => {
    res.json({ categories: leaderboards.categories() });
  });

  api.get(
    "/leaderboard",
    ...validate({ query: leaderboardQuerySchema }, async ({ query }, _req, res: Response<Leaderboard>) => {
      const { at, ...filter } = query;
      if (at === undefined) {
        res.json(leaderboards.get(filter));
        return;
      }
      refuseJudgeInThePast(filter);
      res.json(await timeTables.at(filter, pastCutoff(at, clock())));
    }),
  );

  api.get(
    "/leaderboard/history",
    ...validate(
      { query: leaderboardHistoryQuerySchema },
      async ({ query }, _req, res: Response<LeaderboardHistory>) => {
        const { model, ...filter } = query;
        refuseJudgeInThePast(filter);
        if (!isKnownModel(model)) throw new ArenaError("not_found", `There is no model "${model}".`);
        res.json(await timeTables.history(filter, model));
      },
    ),
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

/**
 * The tables of the past are the people's: a judge's verdicts are kept with their time, but its
 * past tables are not computed, and answering the people's table instead would be a lie.
 */
function refuseJudgeInThePast(filter: { judge?: string }): void {
  if (filter.judge !== undefined) {
    throw new ArenaError("invalid_payload", "judge: a judge's table is today's only; leave out at (or judge).");
  }
}

/**
 * The last instant an `at` value counts (already known to parse). A day counts to its end; a day
 * that has not begun, or an instant to come, is refused: its table cannot be known yet.
 */
function pastCutoff(at: string, now: Date): number {
  const cutoff = atCutoff(at)!;
  const start = /^\d{4}-\d{2}-\d{2}$/.test(at) ? cutoff + 1 - DAY_MS : cutoff;
  if (start > now.getTime()) {
    throw new ArenaError("invalid_payload", `at: ${at} is in the future; the table of a time to come is not known.`);
  }
  return cutoff;
}
