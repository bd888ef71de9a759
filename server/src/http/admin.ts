/**
 * The admin API under /api/admin, mounted only when ARENA_ADMIN_TOKEN is set (otherwise its paths
 * answer like any unknown route). Every request needs `Authorization: Bearer <token>`, compared in
 * constant time; bodies are parsed only after that.
 */
import { createHash, timingSafeEqual } from "node:crypto";

import {
  adminExportQuerySchema,
  adminSessionParamsSchema,
  type AdminSessionResponse,
  type AdminSessionsResponse,
  adminVotesQuerySchema,
  type AdminVotesResponse,
  type AnomalyCheckResponse,
  excludeSessionBodySchema,
  restoreSessionBodySchema,
} from "@arena/shared/admin";
import type { HttpError } from "@arena/shared/protocol";
import { type NextFunction, type Request, type Response, Router } from "express";

import { CONTENT_TYPES } from "../battleFiles/formats.ts";
import { battleFileLines, writeLines } from "../battleFiles/writeBattleFile.ts";
import { ArenaError } from "../errors.ts";
import type { IntegrityService } from "../integrity/service.ts";
import type { JudgeService } from "../judges/service.ts";
import { jsonBody } from "../limits/sizes.ts";
import type { Logger } from "../logger.ts";
import type { ArenaStore } from "../store/store.ts";
import { addJudgesAdminRoutes } from "./judges.ts";
import { validate } from "./validate.ts";

export type AdminRouterDeps = {
  token: string;
  integrity: IntegrityService;
  store: ArenaStore;
  clock: () => Date;
  logger: Logger;
  judges: JudgeService;
};

export function createAdminRouter({ token, integrity, store, clock, logger, judges }: AdminRouterDeps): Router {
  const admin = Router();
  admin.use(requireBearer(token));
  admin.use(jsonBody);
  addJudgesAdminRoutes(admin, judges, store);

  admin.get("/sessions", async (_req, res: Response<AdminSessionsResponse>) => {
    res.json(await integrity.sessions());
  });

  admin.post(
    "/sessions/:session/exclude",
    ...validate(
      { params: adminSessionParamsSchema, body: excludeSessionBodySchema },
      async ({ params, body }, _req, res: Response<AdminSessionResponse>) => {
        const report = await integrity.exclude(params.session, body.reason);
        if (!report) throw new ArenaError("not_found", "No stored vote comes from this session.");
        res.json({ session: report });
      },
    ),
  );

  admin.post(
    "/sessions/:session/restore",
    ...validate(
      { params: adminSessionParamsSchema, body: restoreSessionBodySchema },
      async ({ params, body }, _req, res: Response<AdminSessionResponse>) => {
        const report = await integrity.restore(params.session, body.reason ?? "restored by an admin");
        if (!report) throw new ArenaError("not_found", "No stored vote comes from this session.");
        res.json({ session: report });
      },
    ),
  );

  admin.get(
    "/votes",
    ...validate(
      { query: adminVotesQuerySchema },
      async ({ query: { reason, limit, offset } }, _req, res: Response<AdminVotesResponse>) => {
        const uncounted = (await integrity.uncountedVotes()).filter(
          (vote) => reason === undefined || vote.reason === reason,
        );
        res.json({ total: uncounted.length, offset, votes: uncounted.slice(offset, offset + limit) });
      },
    ),
  );

  admin.post("/anomaly-check", async (_req, res: Response<AnomalyCheckResponse>) => {
    res.json(await integrity.check());
  });

  admin.get(
    "/export",
    ...validate({ query: adminExportQuerySchema }, async ({ query: { format } }, _req, res) => {
      const stamp = clock()
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z");
      res.attachment(`arena-battles-${stamp}.${format}`); // sets a type from the extension; ours follows
      res.type(CONTENT_TYPES[format]);
      try {
        await writeLines(
          res,
          battleFileLines(() => store.battlePages(), format),
        );
      } catch (error) {
        // The admin's client went away mid-download; nothing to answer.
        logger.info({ err: error }, "admin export interrupted");
      }
    }),
  );

  admin.use((_req, res: Response<HttpError>) => {
    res.status(404).json({ error: { code: "not_found", message: "No such API route." } });
  });

  return admin;
}

/** 401 with `WWW-Authenticate: Bearer` unless the request carries the token. */
function requireBearer(token: string) {
  const expected = digest(token);
  return (req: Request, res: Response<HttpError>, next: NextFunction) => {
    res.set("Cache-Control", "no-store");
    const presented = /^Bearer +(\S+) *$/i.exec(req.get("authorization") ?? "")?.[1];
    // Digests have the same length whatever was sent, so the comparison's time says nothing.
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return next();
    res.set("WWW-Authenticate", 'Bearer realm="arena-admin"');
    res.status(401).json({
      error: { code: "unauthorized", message: "The admin API needs Authorization: Bearer <ARENA_ADMIN_TOKEN>." },
    });
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
