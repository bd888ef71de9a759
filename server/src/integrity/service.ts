/**
 * Vote integrity at run time: which voter sessions are excluded (by an admin or by the anomaly
 * check, which an admin's "restored" overrides), and the tables rebuilt through a VoteGate when
 * that changes. Every operation runs one after the other, so a check and an admin's exclusion
 * never interleave their reads and writes.
 */
import type {
  AdminSessionsResponse,
  AdminVotersResponse,
  CheckResult,
  SessionReport,
  UncountedVote,
  VoterReport,
} from "@arena/shared/admin";
import type { LeaderboardFilter } from "@arena/shared/protocol";

import type { SessionStanding } from "../domain/sessionStanding.ts";
import type { StoredVote } from "../domain/vote.ts";
import type { Logger } from "../logger.ts";
import type { ArenaStore } from "../store/store.ts";
import { type AnomalySettings, type SessionScore, SessionScorer } from "./anomalousVoters.ts";
import { type NotCountedReason, VoteGate, type VotePolicy } from "./votePolicy.ts";

/**
 * The tables that count votes through a VoteGate (the LeaderboardService, handed in by the
 * composition root): integrity decides which votes count, the tables count them, and neither
 * module imports the other's service.
 */
export interface GatedTables {
  /** Rebuilds every table from the votes `load` reads (pages in stored order), through `gate`; answers the filters that changed. */
  rebuildFrom(load: () => AsyncIterable<readonly StoredVote[]>, gate: VoteGate): Promise<LeaderboardFilter[]>;
  /** The gate of the current tables (its counts and refusals so far). */
  currentGate(): VoteGate;
}

export type IntegritySettings = {
  policy: VotePolicy;
  anomaly: AnomalySettings;
  /** Minutes between two automatic anomaly checks; 0 = only at start and on request. */
  checkMinutes: number;
};

export type IntegrityServiceDeps = {
  store: ArenaStore;
  leaderboards: GatedTables;
  clock: () => Date;
  logger: Logger;
  settings: IntegritySettings;
  /** Told which tables a standing change moved (to push them). */
  tablesChanged: (filters: LeaderboardFilter[]) => void;
  /** Told when this server changed session standings (the other servers of a cluster rebuild). */
  standingsChanged?: () => void;
};

type SessionSeen = { votes: number; first: Date; last: Date };

/** One read of the stored votes for the anomaly check (see IntegrityService.reading). */
type VoteRead = {
  /** Votes read so far, flagged ones included. */
  votes: number;
  scorer: SessionScorer;
  seen: Map<string, SessionSeen>;
  unflagged(): AsyncGenerator<StoredVote[]>;
};

export class IntegrityService {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private scores = new Map<string, SessionScore>();
  private seen = new Map<string, SessionSeen>();
  private lastCheckAt: Date | null = null;

  constructor(private readonly deps: IntegrityServiceDeps) {}

  /**
   * Reads the stored votes once, page by page: the tables are built from that read through the
   * stored standings while the anomaly check takes its counts from the same pages (pushing
   * nothing: no one watches yet). Only if the check then changes a standing are the tables built
   * again, so they always end as the check leaves the standings. Resolves with how many votes
   * were read, flagged ones included.
   */
  start(): Promise<number> {
    return this.serially(async () => {
      const { store, leaderboards } = this.deps;
      const standings = await store.listSessionStandings();
      const read = this.reading(standings);
      const gate = this.gateOf(standings);
      await leaderboards.rebuildFrom(() => read.unflagged(), gate);
      const result = await this.finishCheck(read, standings, false);
      if (result.newlyExcluded.length > 0 || result.cleared.length > 0) await this.rebuildTables(false);
      return read.votes;
    });
  }

  /** Runs the anomaly check now; rebuilds and pushes the tables if any standing changed. */
  check(): Promise<CheckResult> {
    return this.serially(async () => {
      const standings = await this.deps.store.listSessionStandings();
      const read = this.reading(standings);
      for await (const page of read.unflagged()) void page;
      const result = await this.finishCheck(read, standings, true);
      if (result.newlyExcluded.length > 0 || result.cleared.length > 0) {
        result.changedTables = (await this.rebuildTables(true)).length;
      }
      return result;
    });
  }

  /** Starts the periodic check (a no-op with checkMinutes 0 or when already running). */
  startTimer(): void {
    const minutes = this.deps.settings.checkMinutes;
    if (minutes <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.check().catch((error: unknown) => this.deps.logger.error({ err: error }, "anomaly check failed"));
    }, minutes * 60_000);
    this.timer.unref();
  }

  stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops the timer and waits for a running operation, so the store can close after. */
  async close(): Promise<void> {
    this.stopTimer();
    await this.queue;
  }

  /** An admin excludes a session (null when it has no stored vote). */
  exclude(sessionHash: string, reason: string): Promise<SessionReport | null> {
    return this.serially(() => this.setStanding(sessionHash, "excluded", reason));
  }

  /** An admin restores a session: it counts again, and the anomaly check leaves it alone. */
  restore(sessionHash: string, reason: string): Promise<SessionReport | null> {
    return this.serially(() => this.setStanding(sessionHash, "restored", reason));
  }

  /**
   * Rebuilds the tables from `votes` (the stored unflagged ones, in order) with the stored
   * standings, and pushes what changed: after another server changed the standings, or when votes
   * went missing.
   */
  resync(votes: () => AsyncIterable<readonly StoredVote[]>): Promise<void> {
    return this.serially(async () => void (await this.rebuildTables(true, votes)));
  }

  /** Every session with a standing (excluded by the check or an admin, or restored), newest first. */
  async sessions(): Promise<AdminSessionsResponse> {
    const standings = await this.deps.store.listSessionStandings();
    const sessions = standings.map((standing) => this.reportOf(standing)).reverse();
    return { lastCheckAt: this.lastCheckAt?.toISOString() ?? null, sessions };
  }

  /**
   * One page of every session that voted, with its standing if it has one: the most active first
   * (where a campaign shows), or the most recent. Read afresh, so a vote of a second ago is there.
   */
  voters({
    order,
    limit,
    offset,
  }: {
    order: "votes" | "recent";
    limit: number;
    offset: number;
  }): Promise<AdminVotersResponse> {
    return this.serially(async () => {
      const seen = new Map<string, { votes: number; first: Date; last: Date }>();
      for await (const page of this.deps.store.votePages({ includeFlagged: true }))
        for (const vote of page) {
          const session = seen.get(vote.sessionHash);
          if (!session) seen.set(vote.sessionHash, { votes: 1, first: vote.votedAt, last: vote.votedAt });
          else {
            session.votes++;
            if (vote.votedAt < session.first) session.first = vote.votedAt;
            if (vote.votedAt > session.last) session.last = vote.votedAt;
          }
        }
      const standings = new Map((await this.deps.store.listSessionStandings()).map((s) => [s.sessionHash, s]));
      const gate = this.deps.leaderboards.currentGate();
      const voters: VoterReport[] = [...seen].map(([sessionHash, session]) => {
        const standing = standings.get(sessionHash);
        const score = this.scores.get(sessionHash);
        return {
          sessionHash,
          votes: session.votes,
          countedVotes: gate.countedOf(sessionHash),
          firstVoteAt: session.first.toISOString(),
          lastVoteAt: session.last.toISOString(),
          standing: standing
            ? {
                status: standing.status,
                source: standing.source,
                reason: standing.reason,
                updatedAt: standing.updatedAt.toISOString(),
              }
            : null,
          pValue: score && score.model !== null ? score.pValue : null,
        };
      });
      const byRecent = (x: VoterReport, y: VoterReport) => y.lastVoteAt.localeCompare(x.lastVoteAt);
      voters.sort(order === "votes" ? (x, y) => y.votes - x.votes || byRecent(x, y) : byRecent);
      return { total: voters.length, offset, voters: voters.slice(offset, offset + limit) };
    });
  }

  /**
   * Stored votes that count nowhere, oldest first: flagged when stored (identity leak), or left
   * out by a policy (excluded session, daily cap, repeated prompt) in the current tables.
   */
  async uncountedVotes(): Promise<UncountedVote[]> {
    // The current gate's verdicts, given again by a fresh one over the stored votes in order (as a
    // rebuild would): the gate keeps no list of its refusals.
    const gate = this.deps.leaderboards.currentGate().fresh();
    const uncounted: UncountedVote[] = [];
    for await (const page of this.deps.store.votePages({ includeFlagged: true }))
      for (const vote of page) {
        const policy: NotCountedReason | null | undefined = vote.flag === null ? gate.verdict(vote) : undefined;
        if (vote.flag === null && policy === null) continue;
        uncounted.push({
          battleId: vote.battleId,
          sessionHash: vote.sessionHash,
          modelA: vote.modelA,
          modelB: vote.modelB,
          winner: vote.winner,
          language: vote.language,
          votedAt: vote.votedAt.toISOString(),
          reason: vote.flag ?? policy!,
          kind: vote.flag === null ? "policy" : "flag",
        });
      }
    return uncounted;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => {});
    return result;
  }

  /**
   * A read of every stored vote for the check: `unflagged()` pages through them (flagged ones
   * included in the store's read), yielding the unflagged ones — for the tables — while counting
   * each session's votes and feeding the unflagged ones to the anomaly scorer. Flagged votes
   * (identity leaks) say nothing about the voter's taste; they are left out of the scores.
   */
  private reading(standings: readonly SessionStanding[]): VoteRead {
    const adminExcluded = new Set(
      standings.filter((s) => s.source === "admin" && s.status === "excluded").map((s) => s.sessionHash),
    );
    const scorer = new SessionScorer(this.deps.settings.anomaly, { excludedFromHistory: adminExcluded });
    const seen = new Map<string, SessionSeen>();
    const store = this.deps.store;
    const read: VoteRead = {
      votes: 0,
      scorer,
      seen,
      async *unflagged() {
        for await (const page of store.votePages({ includeFlagged: true })) {
          read.votes += page.length;
          noteSeen(seen, page);
          const unflagged = page.filter((vote) => vote.flag === null);
          for (const vote of unflagged) scorer.add(vote);
          yield unflagged;
        }
      },
    };
    return read;
  }

  /**
   * Scores the sessions of a finished read and stores the standings that moved: the check
   * excludes a session that looks anomalous and clears its own exclusions that no longer do; an
   * admin's decision, either way, is never overturned. The caller rebuilds the tables if needed.
   */
  private async finishCheck(
    read: VoteRead,
    standingsList: readonly SessionStanding[],
    push: boolean,
  ): Promise<CheckResult> {
    const { store, clock, logger } = this.deps;
    this.seen = read.seen;
    const standings = new Map(standingsList.map((standing) => [standing.sessionHash, standing]));
    this.scores = read.scorer.scores();
    const now = clock();
    this.lastCheckAt = now;
    const newlyExcluded: string[] = [];
    const cleared: string[] = [];
    const excluded: string[] = [];
    for (const score of this.scores.values()) {
      const standing = standings.get(score.sessionHash);
      if (!score.anomalous || (standing && standing.source === "admin")) continue;
      excluded.push(score.sessionHash);
      if (standing) continue;
      const reason = `pushes ${score.model} ${score.direction}: p = ${score.pValue.toExponential(2)} over ${score.degreesOfFreedom / 2} votes`;
      await store.setSessionStanding(score.sessionHash, {
        status: "excluded",
        source: "anomaly",
        reason,
        updatedAt: now,
      });
      newlyExcluded.push(score.sessionHash);
    }
    // The check's own exclusions last only as long as the session still looks anomalous.
    for (const standing of standings.values()) {
      if (standing.source !== "anomaly" || this.scores.get(standing.sessionHash)?.anomalous) continue;
      await store.setSessionStanding(standing.sessionHash, null);
      cleared.push(standing.sessionHash);
    }
    if (newlyExcluded.length > 0 || cleared.length > 0) {
      logger.warn(
        { newlyExcluded: newlyExcluded.length, cleared: cleared.length, push },
        "anomaly check changed session standings",
      );
      this.deps.standingsChanged?.();
    }
    return {
      checkedAt: now.toISOString(),
      sessions: this.scores.size,
      testedSessions: [...this.scores.values()].filter((score) => score.model !== null).length,
      excluded,
      newlyExcluded,
      cleared,
      changedTables: 0,
    };
  }

  /** A gate with the current policy that leaves out the sessions `standings` exclude. */
  private gateOf(standings: readonly SessionStanding[]): VoteGate {
    const excluded = new Set(standings.filter((s) => s.status === "excluded").map((s) => s.sessionHash));
    return new VoteGate(this.deps.settings.policy, excluded);
  }

  private async setStanding(
    sessionHash: string,
    status: SessionStanding["status"],
    reason: string,
  ): Promise<SessionReport | null> {
    const { store, clock, logger } = this.deps;
    const seen = new Map<string, SessionSeen>();
    for await (const page of store.votePages({ includeFlagged: true })) noteSeen(seen, page);
    if (!seen.has(sessionHash)) return null;
    this.seen = seen;
    const standing = { status, source: "admin" as const, reason, updatedAt: clock() };
    await store.setSessionStanding(sessionHash, standing);
    logger.info({ session: sessionHash.slice(0, 12), status }, "session standing set by an admin");
    await this.rebuildTables(true);
    this.deps.standingsChanged?.();
    return this.reportOf({ sessionHash, ...standing });
  }

  /** Rebuilds every table through a gate with the current policy and exclusions. */
  private async rebuildTables(
    push: boolean,
    load: () => AsyncIterable<readonly StoredVote[]> = () => this.deps.store.votePages(),
  ): Promise<LeaderboardFilter[]> {
    const { store, leaderboards, tablesChanged } = this.deps;
    const changed = await leaderboards.rebuildFrom(load, this.gateOf(await store.listSessionStandings()));
    if (push && changed.length > 0) tablesChanged(changed);
    return changed;
  }

  private reportOf(standing: SessionStanding): SessionReport {
    const score = this.scores.get(standing.sessionHash);
    const seen = this.seen.get(standing.sessionHash);
    return {
      sessionHash: standing.sessionHash,
      status: standing.status,
      source: standing.source,
      reason: standing.reason,
      updatedAt: standing.updatedAt.toISOString(),
      votes: seen?.votes ?? 0,
      countedVotes: this.deps.leaderboards.currentGate().countedOf(standing.sessionHash),
      testedVotes: score?.tested ?? null,
      model: score?.model ?? null,
      direction: score?.direction ?? null,
      fisherStatistic: score && score.model !== null ? score.statistic : null,
      degreesOfFreedom: score && score.model !== null ? score.degreesOfFreedom : null,
      pValue: score && score.model !== null ? score.pValue : null,
      firstVoteAt: seen?.first.toISOString() ?? null,
      lastVoteAt: seen?.last.toISOString() ?? null,
    };
  }
}

/** Counts each session's votes of `page` into `seen`, with its first and last vote times. */
function noteSeen(seen: Map<string, SessionSeen>, page: readonly StoredVote[]): void {
  for (const vote of page) {
    const session = seen.get(vote.sessionHash);
    if (!session) seen.set(vote.sessionHash, { votes: 1, first: vote.votedAt, last: vote.votedAt });
    else {
      session.votes++;
      // getTime, not `<` on the Dates (which converts both through valueOf for every vote).
      const time = vote.votedAt.getTime();
      if (time < session.first.getTime()) session.first = vote.votedAt;
      if (time > session.last.getTime()) session.last = vote.votedAt;
    }
  }
}
