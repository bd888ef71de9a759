/** The judges' HTTP routes: `GET /api/judges` for everyone, and the operator's under /api/admin. */
import {
  type AdminJudgesResponse,
  adminJudgmentsParamsSchema,
  judgeIdSchema,
  judgesQuerySchema,
  type JudgesResponse,
  type JudgmentsResponse,
} from "@arena/shared/judges";
import type { Response, Router } from "express";
import { z } from "zod";

import { ArenaError } from "../errors.ts";
import type { JudgeService } from "../judges/service.ts";
import type { ArenaStore } from "../store/store.ts";
import { validate } from "./validate.ts";

/** `GET /judges`: each judge's agreement with the people (on a language's or category's battles). */
export function addJudgesRoutes(api: Router, judges: JudgeService): void {
  api.get(
    "/judges",
    ...validate({ query: judgesQuerySchema }, ({ query }, _req, res: Response<JudgesResponse>) => {
      res.json({ judges: judges.summaries(query) });
    }),
  );
}

/** The admin API's: each judge's progress and faults, a battle's raw judgings, retrying failures. */
export function addJudgesAdminRoutes(admin: Router, judges: JudgeService, store: ArenaStore): void {
  admin.get("/judges", async (_req, res: Response<AdminJudgesResponse>) => {
    res.json({ judges: await judges.adminStatuses() });
  });

  admin.get(
    "/battles/:battleId/judgments",
    ...validate({ params: adminJudgmentsParamsSchema }, async ({ params }, _req, res: Response<JudgmentsResponse>) => {
      if (!(await store.getBattle(params.battleId))) throw new ArenaError("not_found", "No such battle.");
      res.json(await judges.judgmentsOf(params.battleId));
    }),
  );

  admin.post(
    "/judges/:judge/retry",
    ...validate(
      { params: z.strictObject({ judge: judgeIdSchema }) },
      async ({ params }, _req, res: Response<{ requeued: number }>) => {
        res.json({ requeued: await judges.retryFailed(params.judge) });
      },
    ),
  );
}
