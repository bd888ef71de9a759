/**
 * Rate limits: battles and votes per minute per voter session and per client address, concurrent
 * socket.io connections per address, and /api requests per minute per address.
 *
 * Where the counters live:
 * - On SQLite (one server), in this process (RateLimiterMemory).
 * - On PostgreSQL (DATABASE_URL: possibly several servers behind one balancer), the per-minute
 *   counters live in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres, in the table
 *   `rate_limit_counters`, through the store's own connection pool), so N servers enforce one
 *   limit, not N times it. In front of it, a key that went over its limit is refused from memory
 *   until its window ends (`inMemoryBlockOnConsumed`): a flood costs the database one query per
 *   key and window, not one per call. Behind it, a counter in memory (`insuranceLimiter`) takes
 *   over whenever PostgreSQL fails or takes longer than SHARED_COUNTER_TIMEOUT_MS: an outage
 *   degrades to per-server limits, and never refuses everyone.
 * - Connections at once per address stay per server everywhere: a slot is this server's socket,
 *   handed back when it closes; a shared slot would leak for good when its server crashes.
 */
import type pg from "pg";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterStoreAbstract,
  RLWrapperTimeouts,
} from "rate-limiter-flexible";

import { ArenaError } from "../errors.ts";
import { createTableUnderLock } from "../store/pgCreateTable.ts";

export type RateLimitSettings = {
  /** battle:start and battle:continue per minute, per voter session. */
  battlesPerMinute: number;
  /** battle:vote per minute, per voter session. */
  votesPerMinute: number;
  /** battle:start and battle:continue per minute, per client address (all its sessions together). */
  ipBattlesPerMinute: number;
  /** battle:vote per minute, per client address. */
  ipVotesPerMinute: number;
  /** socket.io connections open at once, per client address. */
  connectionsPerIp: number;
  /** Requests to /api/* per minute, per client address. */
  apiRequestsPerMinute: number;
};

/** How many times the per-session limits an address gets, since a NAT hides many voters. */
export const DEFAULT_IP_FACTOR = 10;

/**
 * Far above human pace, far below a script's. A voter reads two answers before voting, so even a
 * fast one starts a battle every few seconds: 60 a minute (one a second, sustained) never stops a
 * person, and a vote follows each battle, hence the same number. An address gets ten times that —
 * an office, a classroom or a carrier NAT puts many voters behind one address. Each browser tab
 * holds one connection, so 100 open at once covers a NAT full of voters with several tabs. A page
 * view makes about five /api requests, so 600 a minute (10 a second) is ~120 page views a minute.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  battlesPerMinute: 60,
  votesPerMinute: 60,
  ipBattlesPerMinute: 60 * DEFAULT_IP_FACTOR,
  ipVotesPerMinute: 60 * DEFAULT_IP_FACTOR,
  connectionsPerIp: 100,
  apiRequestsPerMinute: 600,
};

/** What a limited socket call counts as: battle:start and battle:continue share one budget. */
export type LimitedAction = "battle" | "vote";

/** A refused call: `rate_limited`, with the seconds until the window frees a slot (for Retry-After). */
export class RateLimitedError extends ArenaError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message);
  }
}

const MINUTE = 60;

/** The shared counters' table (one row per key and window; not part of the arena's data). */
export const SHARED_COUNTER_TABLE = "rate_limit_counters";

/**
 * How long a call waits for PostgreSQL's count before the in-memory one answers instead: far above
 * a healthy round trip (about a millisecond), far below what a voter would notice.
 */
export const SHARED_COUNTER_TIMEOUT_MS = 250;

/** Any fixed number: the advisory lock under which servers starting together create the table. */
const COUNTER_TABLE_LOCK = 7_202_612;

/** The per-minute counters; a store-backed one answers the same calls. */
type MinuteLimiter = RateLimiterMemory | RateLimiterStoreAbstract | RLWrapperTimeouts;

/**
 * Creates the shared counters' table unless it exists, under an advisory lock held to the end of
 * the transaction, so that servers starting at once neither fail nor race (a bare CREATE TABLE IF
 * NOT EXISTS can fail on a concurrent one). The schema is rate-limiter-flexible's own. UNLOGGED:
 * a counter's update then commits without waiting for the WAL to reach the disk (measured on a
 * busy 2-core machine: 1.3 ms instead of 15 ms per battle call, docs/BENCHMARKS.md); the price is
 * that a crash of PostgreSQL empties the table (every limit starts afresh) and standbys do not
 * have it — right for counters of one minute, wrong for anything else.
 */
export async function createSharedCounterTable(pool: pg.Pool): Promise<void> {
  await createTableUnderLock(
    pool,
    COUNTER_TABLE_LOCK,
    `CREATE UNLOGGED TABLE IF NOT EXISTS ${SHARED_COUNTER_TABLE} (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`,
  );
}

/** The limits, counted in PostgreSQL when `sharedPool` is given (its table created first), else in memory. */
export async function openRateLimits(settings: RateLimitSettings, sharedPool?: pg.Pool): Promise<RateLimits> {
  if (sharedPool) await createSharedCounterTable(sharedPool);
  return new RateLimits(settings, sharedPool);
}

export class RateLimits {
  private readonly perSession: Record<LimitedAction, MinuteLimiter>;
  private readonly perIp: Record<LimitedAction, MinuteLimiter>;
  private readonly api: MinuteLimiter;
  // duration 0: a slot never expires by itself; it is handed back when its connection closes.
  private readonly connections: RateLimiterMemory;

  /** With `sharedPool`, the table must exist (openRateLimits creates it). */
  constructor(
    readonly settings: RateLimitSettings,
    sharedPool?: pg.Pool,
  ) {
    const perMinute = (name: string, points: number) => minuteLimiter(name, points, sharedPool);
    this.perSession = {
      battle: perMinute("session-battles", settings.battlesPerMinute),
      vote: perMinute("session-votes", settings.votesPerMinute),
    };
    this.perIp = {
      battle: perMinute("ip-battles", settings.ipBattlesPerMinute),
      vote: perMinute("ip-votes", settings.ipVotesPerMinute),
    };
    this.api = perMinute("ip-api", settings.apiRequestsPerMinute);
    this.connections = new RateLimiterMemory({ points: settings.connectionsPerIp, duration: 0 });
  }

  /**
   * Counts one battle or vote against its session and its address, or throws RateLimitedError.
   * The address is only charged once the session passes, and the session is refunded when the
   * address refuses, so a flooding session cannot use up the budget of its neighbours behind the
   * same NAT, and a refused call leaves the counters as they were (bar the refused session's own).
   */
  async consume(action: LimitedAction, sessionHash: string, ip: string): Promise<void> {
    const noun = action === "battle" ? "battles" : "votes";
    try {
      await this.perSession[action].consume(sessionHash);
    } catch (refusal) {
      throw refused(refusal, `Too many ${noun} from this session`);
    }
    try {
      await this.perIp[action].consume(ip);
    } catch (refusal) {
      await this.perSession[action].reward(sessionHash);
      throw refused(refusal, `Too many ${noun} from your network address`);
    }
  }

  /** Counts one /api request of an address, or throws RateLimitedError. */
  async consumeApiRequest(ip: string): Promise<void> {
    try {
      await this.api.consume(ip);
    } catch (refusal) {
      throw refused(refusal, "Too many requests from your network address");
    }
  }

  /**
   * Takes a connection slot of an address, or throws RateLimitedError; the caller gives it back
   * with releaseConnection when the connection closes.
   */
  async acquireConnection(ip: string): Promise<void> {
    try {
      await this.connections.consume(ip);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      await this.connections.reward(ip); // the refused attempt holds no slot
      throw new RateLimitedError(
        `Too many connections from your network address (at most ${this.settings.connectionsPerIp} at once); close another tab and try again.`,
        1,
      );
    }
  }

  async releaseConnection(ip: string): Promise<void> {
    const left = await this.connections.reward(ip);
    // Forget addresses with nothing open, so the table does not grow with every address ever seen.
    if (left.consumedPoints <= 0) await this.connections.delete(ip);
  }
}

/** A RateLimiterRes rejection becomes RateLimitedError; anything else is a real failure. */
function refused(refusal: unknown, what: string): unknown {
  if (!(refusal instanceof RateLimiterRes)) return refusal;
  const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
  return new RateLimitedError(`${what}; try again in ${seconds} s.`, seconds);
}

/** One per-minute limit: in memory, or in PostgreSQL with the memory block in front and the memory counter behind. */
function minuteLimiter(name: string, points: number, sharedPool: pg.Pool | undefined): MinuteLimiter {
  const inMemory = new RateLimiterMemory({ keyPrefix: name, points, duration: MINUTE });
  if (!sharedPool) return inMemory;
  const shared = new RateLimiterPostgres({
    storeClient: sharedPool,
    storeType: "pool",
    tableName: SHARED_COUNTER_TABLE,
    tableCreated: true,
    keyPrefix: name,
    points,
    duration: MINUTE,
    // Blocked in memory from the first refusal to the end of the window (points + 1: a call that
    // used the last point may still be refunded, see consume).
    inMemoryBlockOnConsumed: points + 1,
    // One limiter sweeps the windows that ended an hour ago (every 5 minutes, on each server).
    clearExpiredByTimeout: name === "ip-api",
    insuranceLimiter: inMemory,
  });
  return new RLWrapperTimeouts({ limiter: shared, timeoutMs: SHARED_COUNTER_TIMEOUT_MS, insuranceLimiter: inMemory });
}
