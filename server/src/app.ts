/**
 * Builds the whole arena from injected parts (store, packs, clock, randomness, logger) without
 * listening, so tests run the real thing on port 0 with a temporary database.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import compression from "compression";
import helmet from "helmet";
import { Server } from "socket.io";
import type { ClientToServerEvents, HttpError, ServerToClientEvents } from "@arena/shared/protocol";
import { AnswerStyle, countMissingStyle } from "./battles/answerStyle.ts";
import { adaptivePicker, pickBattle } from "./battles/pickBattle.ts";
import { BattleRegistry } from "./battles/registry.ts";
import type { PairSampling } from "./config.ts";
import { BattleService, packStreamEndsAt } from "./battles/service.ts";
import { type Cluster, type ClusterOptions, joinCluster } from "./cluster/cluster.ts";
import { httpStatusFor, toAckError } from "./errors.ts";
import { createAdminRouter } from "./http/admin.ts";
import { createApiRouter } from "./http/routes.ts";
import { DEFAULT_ANOMALY_SETTINGS } from "./integrity/anomalousVoters.ts";
import { IntegrityService } from "./integrity/service.ts";
import { DEFAULT_VOTE_POLICY } from "./integrity/votePolicy.ts";
import { DEFAULT_PUSH_INTERVAL_MS, LeaderboardBroadcaster } from "./leaderboard/broadcaster.ts";
import { LeaderboardService } from "./leaderboard/service.ts";
import { handshakeAddressKey, limitApiRequests, limitConnections } from "./limits/guards.ts";
import { DEFAULT_RATE_LIMITS, RateLimits, type RateLimitSettings } from "./limits/rateLimits.ts";
import { MAX_SOCKET_MESSAGE_BYTES } from "./limits/sizes.ts";
import type { Logger } from "./logger.ts";
import type { PromptPool } from "./packs/promptPool.ts";
import { createSessionResolver } from "./sessions/session.ts";
import { attachSocketHandlers } from "./socketHandlers.ts";
import type { ArenaStore } from "./store/store.ts";
import type { LiveModelConfig } from "./providers/liveModel.ts";
import { LivePool, type LivePoolOptions } from "./providers/livePool.ts";
import { DEFAULT_IDENTITY_WORDS, identityMatcher } from "./votes/identityGuard.ts";
import { MAX_TURNS } from "@arena/shared/protocol";
import { VoteService } from "./votes/service.ts";

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

export type AppDeps = {
  store: ArenaStore;
  pool: PromptPool;
  logger: Logger;
  clock?: () => Date;
  random?: () => number;
  /** Pause between streamed pieces of a pack answer. */
  streamDelayMs?: number;
  /** How the next pair is drawn (default uniform); adaptive also reweighs the fit. */
  sampling?: PairSampling;
  /** Votes a model needs in a filtered table to be ranked there (default 10). */
  minVotes?: number;
  /** Live OpenAI-compatible models (default none). */
  liveModels?: LiveModelConfig[];
  /** Cool-down and waiting rules of the live models. */
  liveOptions?: LivePoolOptions;
  /** Words that give a model away in an answer (default DEFAULT_IDENTITY_WORDS); model ids always count. */
  identityWords?: readonly string[];
  /** Most voter turns in one live battle (default MAX_TURNS). */
  maxTurns?: number;
  /** Key that signs voter session tokens (default: a random one, so sessions last one process). */
  sessionSecret?: Buffer;
  /** Minimum time between two `leaderboard:update`s of one table. */
  leaderboardIntervalMs?: number;
  /** Several servers on one PostgreSQL (see cluster/cluster.ts); undefined on a server of its own. */
  cluster?: ClusterOptions;
  /** The built page (client/dist); served at / when it exists. */
  clientDist?: string;
  /** Battle, vote, connection and /api limits: undefined → DEFAULT_RATE_LIMITS, null → none (load tests). */
  rateLimits?: RateLimitSettings | null;
  /** Reverse proxies in front whose X-Forwarded-For is believed for the client address (default 0). */
  trustProxy?: number;
  /** ARENA_ADMIN_TOKEN: enables /api/admin/* for `Authorization: Bearer <token>`; unset → no admin API. */
  adminToken?: string;
  /** Votes per session per UTC day that count (default DEFAULT_VOTE_POLICY; 0 = no cap). */
  dailyVoteCap?: number;
  /** Votes per voter-written prompt that count (default DEFAULT_VOTE_POLICY; 0 = no cap). */
  duplicatePromptCap?: number;
  /** Combined p-value below which a session is excluded as anomalous (default 1e-4; 0 = never). */
  anomalyLevel?: number;
  /** Minutes between automatic anomaly checks (default 10; 0 = at start and on request only). */
  anomalyCheckMinutes?: number;
};

export type Arena = {
  httpServer: http.Server;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** Session standings, the anomaly check and its timer (started here; stoppable, e.g. on a follower). */
  integrity: IntegrityService;
  /** Whether this server refits and pushes the tables (always, outside a cluster). */
  isLeader(): boolean;
  close(): Promise<void>;
};

export async function createApp(deps: AppDeps): Promise<Arena> {
  const { store, pool, logger } = deps;
  const clock = deps.clock ?? (() => new Date());

  const sampling = deps.sampling ?? "uniform";
  const leaderboards = new LeaderboardService(clock, {
    minVotes: deps.minVotes ?? 10,
    weighting: sampling === "adaptive" ? "inverse-pair" : "none",
  });
  let cluster: Cluster | undefined; // joined once socket.io exists, below

  // Vote integrity (issue #6): the caps and the session standings decide which stored votes count;
  // start() runs the anomaly check and rebuilds the tables through them before anyone connects.
  const integrity = new IntegrityService({
    store,
    leaderboards,
    clock,
    logger,
    settings: {
      policy: {
        dailyVoteCap: deps.dailyVoteCap ?? DEFAULT_VOTE_POLICY.dailyVoteCap,
        duplicatePromptCap: deps.duplicatePromptCap ?? DEFAULT_VOTE_POLICY.duplicatePromptCap,
      },
      anomaly: { ...DEFAULT_ANOMALY_SETTINGS, level: deps.anomalyLevel ?? DEFAULT_ANOMALY_SETTINGS.level },
      checkMinutes: deps.anomalyCheckMinutes ?? 10,
    },
    tablesChanged: (filters) => broadcaster.changed(filters),
    standingsChanged: () => cluster?.askOthersToResync(),
  });
  const answerStyle = AnswerStyle.load();
  answerStyle.catch((error: unknown) => logger.error({ err: error }, "the tokenizer for style counts did not load"));
  // Before the tables are built from the stored votes, so that style control counts every one.
  await countMissingStyle(store, answerStyle, logger);
  const votesAtStart = await integrity.start();
  const adminApi = deps.adminToken ? createAdminRouter({ token: deps.adminToken, integrity, store, clock, logger }) : null;

  const app = express();
  app.disable("x-powered-by");
  const trustProxy = deps.trustProxy ?? 0;
  app.set("trust proxy", trustProxy);
  const rateLimits = deps.rateLimits === null ? null : new RateLimits(deps.rateLimits ?? DEFAULT_RATE_LIMITS);
  app.use(helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } }));
  // The page's JavaScript is ~480 kB raw, ~146 kB gzipped.
  app.use(compression());
  const liveModels = deps.liveModels ?? [];
  const live = new LivePool(liveModels, () => clock().getTime(), deps.liveOptions);
  // Before every /api router (the admin API's too), so each request counts.
  if (rateLimits) app.use("/api", limitApiRequests(rateLimits));
  if (adminApi) app.use("/api/admin", adminApi);
  app.use("/api", createApiRouter({ leaderboards, pool, live }));
  if (deps.clientDist) servePage(app, deps.clientDist);
  app.use((error: unknown, _req: Request, res: Response<HttpError>, _next: NextFunction) => {
    const ackError = toAckError(error);
    if (ackError.code === "internal") logger.error({ err: error }, "http handler failed");
    res.status(httpStatusFor(ackError)).json({ error: ackError });
  });

  const httpServer = http.createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
  });
  if (rateLimits) io.use(limitConnections(rateLimits, trustProxy));
  const streamDelayMs = deps.streamDelayMs ?? 25;
  const registry = new BattleRegistry({
    store,
    liveModel: (id) => live.configOf(id),
    packStreamEndsAt: (record) => packStreamEndsAt(record, streamDelayMs),
    now: () => clock().getTime(),
  });
  const broadcaster = new LeaderboardBroadcaster(
    io,
    leaderboards,
    deps.leaderboardIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS,
    deps.cluster ? () => cluster?.leadership.isLeader ?? false : undefined,
  );
  if (deps.cluster) {
    cluster = await joinCluster(io, deps.cluster, {
      logger,
      votesAtStart,
      countStoredVotes: () => store.countVotes(),
      async standingsStamp() {
        const standings = await store.listSessionStandings();
        return standings.map((standing) => `${standing.sessionHash}:${standing.status}`).sort().join(",");
      },
      async rebuildTables() {
        const votes = await store.listVotes({ includeFlagged: true });
        await integrity.resync(votes.filter((vote) => vote.flag === null));
        return votes;
      },
      addVote: (vote) => broadcaster.changed(leaderboards.add(vote).changed),
      styleWatched: (filter) => broadcaster.noteStyleWatch(filter),
    });
    // The leader alone runs the periodic anomaly check, and on taking over pushes every table
    // once: the previous leader may have gone with pushes pending.
    cluster.leadership.onChange((leading) => {
      if (!leading) return integrity.stopTimer();
      integrity.startTimer();
      broadcaster.changed(leaderboards.filters());
    });
  }
  if (!cluster || cluster.leadership.isLeader) integrity.startTimer();
  const battles = new BattleService({
    store,
    pool,
    live,
    maxTurns: deps.maxTurns ?? MAX_TURNS,
    pick:
      sampling === "adaptive"
        ? adaptivePicker(pool, () => ({ table: leaderboards.get({}), matrix: leaderboards.matrix({}) }))
        : (random) => pickBattle(pool.prompts, random),
    registry,
    clock,
    random: deps.random ?? Math.random,
    streamDelayMs,
    logger,
  });
  const findIdentityLeak = identityMatcher([
    ...pool.models,
    ...liveModels.flatMap((model) => [model.id, model.model, ...model.identityWords]),
    ...(deps.identityWords ?? DEFAULT_IDENTITY_WORDS),
  ]);
  const votes = new VoteService({
    store,
    registry,
    leaderboards,
    broadcaster,
    clock,
    logger,
    findIdentityLeak,
    answerStyle,
    onStored: (vote) => cluster?.shareVote(vote),
  });
  const resolveSession = createSessionResolver(deps.sessionSecret ?? randomBytes(32));
  attachSocketHandlers(io, {
    battles,
    votes,
    leaderboards,
    resolveSession,
    logger,
    rateLimits,
    addressOf: (socket) => handshakeAddressKey(socket.handshake, trustProxy),
    watchedStyle(filter) {
      broadcaster.noteStyleWatch(filter);
      cluster?.shareStyleWatch(filter);
    },
  });

  return {
    httpServer,
    io,
    isLeader: () => cluster?.leadership.isLeader ?? true,
    integrity,
    async close() {
      broadcaster.stop();
      await integrity.close();
      // Disconnects every socket (aborting their streams) and closes httpServer; keep-alive and
      // long-poll connections are cut too, or a page reconnecting meanwhile holds the close open.
      const closing = io.close();
      httpServer.closeAllConnections();
      await closing;
      await cluster?.close();
      await store.close();
    },
  };
}

/** The single-page client: static files, and index.html for its routes (/, /leaderboard, /model/<id>). */
function servePage(app: express.Express, clientDist: string): void {
  const indexFile = path.join(clientDist, "index.html");
  app.use(express.static(clientDist, { index: false, maxAge: "1h" }));
  app.get(["/", "/leaderboard", "/model/*model"], (_req, res) => {
    if (fs.existsSync(indexFile)) res.sendFile(indexFile, { maxAge: 0 });
    else res.status(503).type("text").send("The page is not built yet: run `npm run build` (npm start does it).");
  });
}
