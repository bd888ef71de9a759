/**
 * Pushes `leaderboard:update` to the watchers of each changed table, at most once per
 * `intervalMs` per table: a burst of votes becomes one update now and one trailing update with
 * the final state, never a dropped last one.
 */
import type { ClientToServerEvents, LeaderboardFilter, ServerToClientEvents } from "@arena/shared/protocol";
import type { Server } from "socket.io";

import { filterKey } from "./filters.ts";
import type { LeaderboardService } from "./service.ts";

/**
 * Default minimum time between two pushes of one table: at most five refits and pushes per second
 * per table under load, and a vote waits at most this long (plus a refit) for its push — inside
 * the 250 ms a watcher should wait.
 */
export const DEFAULT_PUSH_INTERVAL_MS = 200;

/**
 * A style-controlled table refits over every battle rather than pair counts: pushed at most twice
 * a second, so that a busy arena's refits stay a small share of a core while a vote still shows
 * within a second.
 */
export const STYLE_PUSH_INTERVAL_MS = 500;

export class LeaderboardBroadcaster {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastSentAt = new Map<string, number>();
  /** In a cluster, the style-controlled tables someone watches on some server (see noteStyleWatch). */
  private readonly styleWatched = new Set<string>();

  constructor(
    private readonly io: Server<ClientToServerEvents, ServerToClientEvents>,
    private readonly leaderboards: LeaderboardService,
    private readonly intervalMs: number,
    /**
     * In a cluster, whether this server is the one that pushes (for every server's watchers, whose
     * rooms it cannot see); undefined on a server of its own.
     */
    private readonly leads?: () => boolean,
    /** Told how long each pushed table took to build: the refit after its change. */
    private readonly onRefit?: (style: boolean, seconds: number) => void,
  ) {}

  /** The tables of these filters changed: push them, and their style-controlled views that are watched. */
  changed(filters: LeaderboardFilter[]): void {
    for (const filter of filters) {
      this.schedule(filter, this.intervalMs);
      const styled: LeaderboardFilter = { ...filter, style: "control" };
      if (this.watchesStyle(filterKey(styled)))
        this.schedule(styled, Math.max(this.intervalMs, STYLE_PUSH_INTERVAL_MS));
    }
  }

  /**
   * Someone watches this style-controlled table (here, or on another server of a cluster, which
   * says so): from now on the leader refits and pushes it. Outside a cluster, the room tells.
   */
  noteStyleWatch(filter: LeaderboardFilter): void {
    this.styleWatched.add(filterKey(filter));
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(filter: LeaderboardFilter, intervalMs: number): void {
    const key = filterKey(filter);
    if (this.timers.has(key)) return; // the pending send will carry this change too
    const wait = Math.max(0, (this.lastSentAt.get(key) ?? 0) + intervalMs - Date.now());
    this.timers.set(
      key,
      setTimeout(() => this.send(key, filter), wait),
    );
  }

  private watchesStyle(key: string): boolean {
    return this.leads ? this.styleWatched.has(key) : (this.io.sockets.adapter.rooms.get(key)?.size ?? 0) > 0;
  }

  private send(key: string, filter: LeaderboardFilter): void {
    this.timers.delete(key);
    this.lastSentAt.set(key, Date.now());
    if (this.leads ? !this.leads() : !this.io.sockets.adapter.rooms.get(key)?.size) return;
    const started = performance.now();
    const table = this.leaderboards.get(filter);
    this.onRefit?.(filter.style === "control", (performance.now() - started) / 1000);
    this.io.to(key).emit("leaderboard:update", table);
  }
}
