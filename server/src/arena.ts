/**
 * The services of one arena server, built from the settings and the injected parts in the order
 * they depend on each other: each one is declared before anything that uses it. Transports (HTTP,
 * socket.io, the cluster) are attached to what this returns (app.ts).
 */
import { ArenaEvents } from "./arenaEvents.ts";
import { AnswerStyle, countMissingStyle } from "./battles/answerStyle.ts";
import { adaptivePicker, drawablePool, pickBattle } from "./battles/pickBattle.ts";
import { BattleRegistry } from "./battles/registry.ts";
import { BattleService, packStreamEndsAt } from "./battles/service.ts";
import { Catalog } from "./catalog/catalog.ts";
import { ReasonCounts } from "./catalog/reasonCounts.ts";
import { AdvisoryLockLeadership, type Leadership, soleLeader } from "./cluster/leadership.ts";
import type { ArenaSettings } from "./config.ts";
import { ConfigError } from "./configError.ts";
import { DEFAULT_ANOMALY_SETTINGS } from "./integrity/anomalousVoters.ts";
import { IntegrityService } from "./integrity/service.ts";
import { CountedVotes } from "./leaderboard/countedVotes.ts";
import { LeaderboardService } from "./leaderboard/service.ts";
import { TimeTables } from "./leaderboard/timeTables.ts";
import { RateLimits } from "./limits/rateLimits.ts";
import type { Logger } from "./logger.ts";
import type { PromptPool } from "./packs/promptPool.ts";
import { LivePool } from "./providers/livePool.ts";
import { createSessionResolver, type SessionResolver } from "./sessions/session.ts";
import type { ArenaStore } from "./store/store.ts";
import { identityMatcher } from "./votes/identityGuard.ts";
import { VoteService } from "./votes/service.ts";

/** The parts a test replaces: where votes live, what is in the prompt pool, time, chance, the session key. */
export type Infrastructure = {
  store: ArenaStore;
  pool: PromptPool;
  logger: Logger;
  clock: () => Date;
  random: () => number;
  /** Key that signs voter session tokens (every server of a cluster needs the same one). */
  sessionSecret: Buffer;
};

export type ArenaServices = Pick<Infrastructure, "store" | "pool" | "logger" | "clock"> & {
  events: ArenaEvents;
  /** Whether this server does the once-per-arena work (always, outside a cluster; started by the cluster). */
  leadership: Leadership;
  leaderboards: LeaderboardService;
  /** The models' catalogue and lifecycle, and the reasons voters may give. */
  catalog: Catalog;
  /** Tables of the past (`?at=`) and histories, from the counted votes. */
  timeTables: TimeTables;
  /** Each model's reasons (won because / lost because). */
  reasonCounts: ReasonCounts;
  integrity: IntegrityService;
  /** How many stored votes (flagged ones too) the tables were built from. */
  votesAtStart: number;
  live: LivePool;
  battles: BattleService;
  votes: VoteService;
  resolveSession: SessionResolver;
  /** Battle, vote, connection and /api limits, shared by both transports; null → none. */
  rateLimits: RateLimits | null;
};

export async function buildArena(settings: ArenaSettings, infrastructure: Infrastructure): Promise<ArenaServices> {
  const { store, pool, logger, clock, random } = infrastructure;
  const events = new ArenaEvents();
  const leadership = leadershipFor(settings.cluster, logger);
  const adaptive = settings.battles.sampling === "adaptive";
  const catalog = new Catalog(settings.catalog.models, settings.catalog.reasons);
  const leaderboards = new LeaderboardService(clock, {
    minVotes: settings.leaderboard.minVotes,
    weighting: adaptive ? "inverse-pair" : "none",
    isArchived: (model) => catalog.statusOf(model) === "archived",
  });

  // Vote integrity (issue #6): the caps and the session standings decide which stored votes count;
  // start() runs the anomaly check and builds the tables through them before anyone connects.
  const integrity = new IntegrityService({
    store,
    leaderboards,
    clock,
    logger,
    settings: integritySettings(settings.integrity),
    tablesChanged: (filters) => events.emit("tablesChanged", filters),
    standingsChanged: () => events.emit("standingsChanged"),
  });
  const answerStyle = AnswerStyle.load();
  answerStyle.catch((error: unknown) => logger.error({ err: error }, "the tokenizer for style counts did not load"));
  // Before the tables are built from the stored votes, so that style control counts every one.
  await countMissingStyle(store, answerStyle, logger);
  const votesAtStart = await integrity.start();
  assertCatalogNamesModels(catalog, settings, pool, leaderboards);
  // The tables of the past and the reason counts read the counted votes again after any change.
  const counted = new CountedVotes(
    store,
    () => leaderboards.currentGate(),
    settings.cluster.databaseUrl === undefined ? undefined : CLUSTER_COUNTED_VOTES_MAX_AGE_MS,
  );
  for (const event of ["voteStored", "tablesChanged", "standingsChanged"] as const) {
    events.on(event, () => counted.invalidate());
  }
  const timeTables = new TimeTables(counted, {
    tableOptions: leaderboards.tableOptions(),
    decorate: (table) => leaderboards.markArchived(table),
  });
  const reasonCounts = new ReasonCounts(counted, catalog);

  const live = new LivePool(settings.live.models, () => clock().getTime(), {
    ...settings.live.pool,
    isDrawn: (model) => catalog.isDrawn(model),
  });
  const { streamDelayMs, maxTurns } = settings.battles;
  const registry = new BattleRegistry({
    store,
    liveModel: (id) => live.configOf(id),
    packStreamEndsAt: (record) => packStreamEndsAt(record, streamDelayMs),
    now: () => clock().getTime(),
  });
  // Paused and archived models are never drawn: battles draw from the pool without them.
  const drawn = drawablePool(pool, (model) => catalog.isDrawn(model));
  const pick = battlePicker(adaptive, drawn, leaderboards);
  const battles = new BattleService({
    store,
    pool: drawn,
    live,
    maxTurns,
    pick,
    registry,
    clock,
    random,
    streamDelayMs,
    logger,
  });
  const votes = new VoteService({
    store,
    registry,
    leaderboards,
    clock,
    logger,
    findIdentityLeak: identityMatcher(identityWordsOf(pool, settings)),
    answerStyle,
    tablesChanged: (filters) => events.emit("tablesChanged", filters),
    onStored: (vote) => events.emit("voteStored", vote),
    catalog,
    onReasonsChanged: () => counted.invalidate(),
  });

  const resolveSession = createSessionResolver(infrastructure.sessionSecret);
  const rateLimits = settings.limits.rates === null ? null : new RateLimits(settings.limits.rates);
  return {
    store,
    pool,
    logger,
    clock,
    events,
    leadership,
    leaderboards,
    catalog,
    timeTables,
    reasonCounts,
    integrity,
    votesAtStart,
    live,
    battles,
    votes,
    resolveSession,
    rateLimits,
  };
}

/** In a cluster, how stale another server's change of reasons may be in this one's answers. */
const CLUSTER_COUNTED_VOTES_MAX_AGE_MS = 10_000;

/**
 * A catalogue entry must name a model of this arena: a pack's, a live one, or one with votes on
 * the board (imported battles). Anything else is a typo, reported like any configuration error.
 */
function assertCatalogNamesModels(
  catalog: Catalog,
  settings: ArenaSettings,
  pool: PromptPool,
  leaderboards: LeaderboardService,
): void {
  const known = new Set([
    ...pool.models,
    ...settings.live.models.map((model) => model.id),
    ...leaderboards.get({}).rows.map((row) => row.model),
  ]);
  const unknown = catalog.unknownModels(known);
  if (unknown.length === 0) return;
  const where = settings.catalog.file ?? "models file";
  throw new ConfigError(
    `${where}: invalid models file:\n${unknown.map((model) => `  catalog.${model}: names no model of this arena (no pack answers it, no live model has this id and no stored vote names it)`).join("\n")}`,
  );
}

function integritySettings(section: ArenaSettings["integrity"]) {
  return {
    policy: { dailyVoteCap: section.dailyVoteCap, duplicatePromptCap: section.duplicatePromptCap },
    anomaly: { ...DEFAULT_ANOMALY_SETTINGS, level: section.anomalyLevel },
    checkMinutes: section.anomalyCheckMinutes,
  };
}

/** Uniform draws from the pool, or adaptive ones that read the overall table and its matrix. */
function battlePicker(adaptive: boolean, pool: PromptPool, leaderboards: LeaderboardService) {
  return adaptive
    ? adaptivePicker(pool, () => ({ table: leaderboards.get({}), matrix: leaderboards.matrix({}) }))
    : (draw: () => number) => pickBattle(pool.prompts, draw);
}

/** What gives a model away in an answer: every model's id and name, and the configured words. */
function identityWordsOf(pool: PromptPool, settings: ArenaSettings): string[] {
  return [
    ...pool.models,
    ...settings.live.models.flatMap((model) => [model.id, model.model, ...model.identityWords]),
    ...settings.integrity.identityWords,
  ];
}

/** One server leads itself; servers sharing PostgreSQL elect one by an advisory lock. */
function leadershipFor({ databaseUrl, leaderRetryMs }: ArenaSettings["cluster"], logger: Logger): Leadership {
  return databaseUrl === undefined ? soleLeader : new AdvisoryLockLeadership(databaseUrl, logger, leaderRetryMs);
}
