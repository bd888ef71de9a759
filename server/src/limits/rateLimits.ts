/**
 * Rate limits: battles and votes per minute per voter session and per client address, concurrent
 * socket.io connections per address, and /api requests per minute per address.
 *
 * The counters live in this process (RateLimiterMemory). With several servers behind one balancer
 * each counts its own share, so the effective limit is up to N times the configured one;
 * rate-limiter-flexible's RateLimiterPostgres could share the counters if that ever matters.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

import { ArenaError } from "../errors.ts";

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

export class RateLimits {
  private readonly perSession: Record<LimitedAction, RateLimiterMemory>;
  private readonly perIp: Record<LimitedAction, RateLimiterMemory>;
  private readonly api: RateLimiterMemory;
  // duration 0: a slot never expires by itself; it is handed back when its connection closes.
  private readonly connections: RateLimiterMemory;

  constructor(readonly settings: RateLimitSettings) {
    const perMinute = (points: number) => new RateLimiterMemory({ points, duration: MINUTE });
    this.perSession = { battle: perMinute(settings.battlesPerMinute), vote: perMinute(settings.votesPerMinute) };
    this.perIp = { battle: perMinute(settings.ipBattlesPerMinute), vote: perMinute(settings.ipVotesPerMinute) };
    this.api = perMinute(settings.apiRequestsPerMinute);
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
