/**
 * Pushes `leaderboard:update` to the watchers of each changed table, at most once per
 * `intervalMs` per table: a burst of votes becomes one update now and one trailing update with
 * the final state, never a dropped last one.
 */
import type { Server } from "socket.io";
import type { ClientToServerEvents, LeaderboardFilter, ServerToClientEvents } from "@arena/shared/protocol";
import { filterKey } from "./filters.ts";
import type { LeaderboardService } from "./service.ts";

/**
 * Default minimum time between two pushes of one table: at most five refits and pushes per second
 * per table under load, and a vote waits at most this long (plus a refit) for its push — inside
 * the 250 ms a watcher should wait.
 */
export const DEFAULT_PUSH_INTERVAL_MS = 200;

export class LeaderboardBroadcaster {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastSentAt = new Map<string, number>();

  constructor(
    private readonly io: Server<ClientToServerEvents, ServerToClientEvents>,
    private readonly leaderboards: LeaderboardService,
    private readonly intervalMs: number,
    /**
     * In a cluster, whether this server is the one that pushes (for every server's watchers, whose
     * rooms it cannot see); undefined on a server of its own.
     */
    private readonly leads?: () => boolean,
  ) {}

  changed(filters: LeaderboardFilter[]): void {
    for (const filter of filters) {
      const key = filterKey(filter);
      if (this.timers.has(key)) continue; // the pending send will carry this change too
      const wait = Math.max(0, (this.lastSentAt.get(key) ?? 0) + this.intervalMs - Date.now());
      this.timers.set(
        key,
        setTimeout(() => this.send(key, filter), wait),
      );
    }
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private send(key: string, filter: LeaderboardFilter): void {
    this.timers.delete(key);
    this.lastSentAt.set(key, Date.now());
    if (this.leads ? !this.leads() : !this.io.sockets.adapter.rooms.get(key)?.size) return;
    this.io.to(key).emit("leaderboard:update", this.leaderboards.get(filter));
  }
}
