/**
 * Which server of a cluster does the work that should happen once (refitting and pushing the
 * leaderboards, the anomaly check): the one holding a PostgreSQL session-level advisory lock. The
 * lock lives as long as its connection, so a killed leader, or a leader cut off from PostgreSQL,
 * loses it by itself and another server takes over at its next try.
 */
import pg from "pg";

import type { Logger } from "../logger.ts";

/** An arbitrary constant naming Arena's lock among the database's advisory locks. */
const LEADER_LOCK_KEY = 0x4172_656e; // "Aren"

export interface Leadership {
  readonly isLeader: boolean;
  /** Called with the new state whenever it changes. */
  onChange(listener: (isLeader: boolean) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The one server of a single-server arena leads, always. */
export const soleLeader: Leadership = {
  isLeader: true,
  onChange() {},
  async start() {},
  async stop() {},
};

export class AdvisoryLockLeadership implements Leadership {
  private client: pg.Client | undefined;
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: Array<(isLeader: boolean) => void> = [];

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    /** How often a follower tries for the lock, and the leader checks it still holds it. */
    private readonly retryMs = 2_000,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  onChange(listener: (isLeader: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Tries once now, then every retryMs. */
  async start(): Promise<void> {
    await this.tryOnce();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.setLeading(false);
    // Ending the session releases the lock; the next server takes it at its next try.
    await client?.end().catch(() => {});
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tryOnce().finally(() => this.schedule()), this.retryMs);
  }

  private async tryOnce(): Promise<void> {
    try {
      const client = await this.connection();
      if (this.leading) {
        await client.query("SELECT 1"); // still connected, so still holding the lock
        return;
      }
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
        LEADER_LOCK_KEY,
      ]);
      this.setLeading(rows[0]!.locked);
    } catch (error) {
      this.logger.warn({ err: error }, "leader lock check failed; retrying");
      this.dropConnection();
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5_000 });
    // A restart of PostgreSQL ends the session (and the lock): step down, reconnect at the next try.
    client.on("error", (error) => {
      this.logger.warn({ err: error }, "leader lock connection lost");
      if (this.client === client) this.dropConnection();
    });
    client.on("end", () => {
      if (this.client === client) this.dropConnection();
    });
    await client.connect();
    if (this.stopped) {
      await client.end();
      throw new Error("stopped");
    }
    this.client = client;
    return client;
  }

  private dropConnection(): void {
    const client = this.client;
    this.client = undefined;
    this.setLeading(false);
    client?.end().catch(() => {});
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.logger.info(
      { leader: leading },
      leading ? "this server now leads the cluster" : "this server no longer leads",
    );
    for (const listener of this.listeners) listener(leading);
  }
}
