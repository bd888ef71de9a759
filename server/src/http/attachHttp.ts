/**
 * The HTTP transport: security headers, compression, the /api rate limit, the admin API (when a
 * token is set), the public API, the page, and the one error handler every route's failure reaches.
 */
import http from "node:http";

import type { HttpError } from "@arena/shared/protocol";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";

import type { ArenaServices } from "../arena.ts";
import type { ArenaSettings } from "../config.ts";
import { httpStatusFor, toAckError } from "../errors.ts";
import { limitApiRequests } from "../limits/guards.ts";
import { createAdminRouter } from "./admin.ts";
import { metricsHandler } from "./metricsRoute.ts";
import { servePage } from "./page.ts";
import { createApiRouter } from "./routes.ts";

/**
 * Only the page's own files run: scripts and connections (HTTP and socket.io's websocket) to the
 * same origin, images inline or same-origin, no plugins, no framing. Styles allow inline `style`
 * attributes, which React sets for layout.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/** The HTTP server of the arena (not listening yet). */
export function attachHttp(
  {
    store,
    pool,
    live,
    leaderboards,
    integrity,
    rateLimits,
    clock,
    logger,
    judges,
    metrics,
    catalog,
    timeTables,
    reasonCounts,
  }: ArenaServices,
  { server, limits, admin, metrics: metricsAccess }: Pick<ArenaSettings, "server" | "limits" | "admin" | "metrics">,
): http.Server {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", limits.trustProxy);
  app.use(helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } }));
  // The page's JavaScript is ~480 kB raw, ~146 kB gzipped.
  app.use(compression());
  app.get("/metrics", metricsHandler(metrics, { token: metricsAccess.token, trustProxy: limits.trustProxy }));
  // Before every /api router (the admin API's too), so each request counts.
  if (rateLimits) app.use("/api", limitApiRequests(rateLimits));
  if (admin.token)
    app.use(
      "/api/admin",
      createAdminRouter({ token: admin.token, integrity, store, pool, live, clock, logger, judges }),
    );
  /** A model of a pack, a live one, or one with votes on the board (as GET /api/models lists them). */
  const isKnownModel = (model: string) =>
    pool.models.includes(model) || live.configOf(model) !== undefined || leaderboards.hasVotes(model);
  app.use(
    "/api",
    createApiRouter({ leaderboards, pool, live, judges, catalog, timeTables, reasonCounts, clock, isKnownModel }),
  );
  if (server.clientDist) servePage(app, { clientDist: server.clientDist, isKnownModel });
  app.use((error: unknown, _req: Request, res: Response<HttpError>, _next: NextFunction) => {
    const ackError = toAckError(error);
    if (ackError.code === "internal") logger.error({ err: error }, "http handler failed");
    res.status(httpStatusFor(ackError)).json({ error: ackError });
  });
  return http.createServer(app);
}
