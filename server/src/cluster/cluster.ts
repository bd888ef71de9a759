/**
 * Several Arena servers on one PostgreSQL. socket.io's PostgreSQL adapter (LISTEN/NOTIFY) carries
 * room broadcasts between them, so a `leaderboard:update` reaches watchers on every server, and
 * carries Arena's own messages: each vote a server records goes to the others, which add it to
 * their tables (so every server's Elo moves and tables count every vote). One server — the holder
 * of an advisory lock — refits and pushes tables; the others only keep counts up to date. Since
 * notifications are not durable, VoteSync compares with the database every `checkIntervalMs`.
 */
import { type LeaderboardFilter, leaderboardFilterSchema } from "@arena/shared/protocol";
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import type { Server } from "socket.io";

import type { StoredVote } from "../domain/vote.ts";
import type { Logger } from "../logger.ts";
import { createTableUnderLock } from "../store/pgCreateTable.ts";
import type { Leadership } from "./leadership.ts";
import { VoteSync } from "./voteSync.ts";

export type ClusterOptions = {
  /** The PostgreSQL the servers share (the store's database). */
  databaseUrl: string;
  /** Time between two checks of this server's tables against the database (default 30 s). */
  checkIntervalMs?: number;
  /** How often a follower tries to become the leader (default 2 s; given to AdvisoryLockLeadership). */
  leaderRetryMs?: number;
};

/** A vote as it travels between servers (dates do not survive JSON). */
type WireVote = Omit<StoredVote, "votedAt"> & { votedAt: string };

type ClusterEvents = {
  "arena:vote": (vote: WireVote) => void;
  /** The standings of voter sessions changed: rebuild the tables from the database. */
  "arena:resync": () => void;
  /** A client watches this style-controlled table: whichever server leads refits and pushes it. */
  "arena:style-watch": (filter: LeaderboardFilter) => void;
};

export type ClusterDeps = {
  logger: Logger;
  /** Who leads (an AdvisoryLockLeadership on the same database), started here once the adapter is in place. */
  leadership: Leadership;
  countStoredVotes: () => Promise<number>;
  /** A fingerprint of the stored session standings. */
  standingsStamp: () => Promise<string>;
  /** Rebuilds every table from the store; resolves with every vote it read, flagged ones too. */
  rebuildTables: () => Promise<StoredVote[]>;
  /** How many votes, flagged ones too, the tables were built from at start. */
  votesAtStart: number;
  /** Adds a vote recorded by another server to this one's tables. */
  addVote: (vote: StoredVote) => void;
  /** A client of another server watches a style-controlled table. */
  styleWatched: (filter: LeaderboardFilter) => void;
};

export type Cluster = {
  leadership: Leadership;
  /** Passes a vote this server stored to the others. */
  shareVote(vote: StoredVote): void;
  /** Asks the other servers to rebuild their tables from the database (standings changed here). */
  askOthersToResync(): void;
  /** Tells the other servers that a client here watches a style-controlled table. */
  shareStyleWatch(filter: LeaderboardFilter): void;
  close(): Promise<void>;
};

/** The table the adapter keeps messages over NOTIFY's 8,000-byte limit in (its documented schema). */
const ATTACHMENTS_TABLE = `CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`;

/** Any fixed number: the advisory lock under which servers starting together create that table. */
const ATTACHMENTS_TABLE_LOCK = 7_202_613;

/** Seconds a rebuilt vote is remembered, so its notification arriving late is not counted twice. */
const REBUILT_MEMORY_MS = 60_000;

export async function joinCluster(
  io: Server,
  options: Omit<ClusterOptions, "leaderRetryMs">,
  deps: ClusterDeps,
): Promise<Cluster> {
  const { logger, leadership } = deps;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4, connectionTimeoutMillis: 5_000 });
  // While PostgreSQL restarts, its connections end with errors; none of them may take the process down.
  pool.on("error", (error) => logger.warn({ err: error }, "cluster connection lost"));
  const clients = new Set<pg.PoolClient>();
  pool.on("connect", (client) => {
    clients.add(client as pg.PoolClient);
    client.on("error", (error) => logger.warn({ err: error }, "cluster connection lost"));
  });
  pool.on("remove", (client) => clients.delete(client as pg.PoolClient));
  await createTableUnderLock(pool, ATTACHMENTS_TABLE_LOCK, ATTACHMENTS_TABLE);
  io.adapter(createAdapter(pool, { errorHandler: (error) => logger.warn({ err: error }, "cluster message failed") }));
  const peers = io as unknown as Server<ClusterEvents, ClusterEvents, ClusterEvents>;

  let rebuiltRecently = new Set<string>();
  let forgetTimer: NodeJS.Timeout | undefined;
  const rebuild = async (): Promise<number> => {
    const votes = await deps.rebuildTables();
    // Votes whose notification is still on its way are in the rebuild already: skip them once.
    const since = Date.now() - REBUILT_MEMORY_MS;
    rebuiltRecently = new Set(votes.filter((vote) => vote.votedAt.getTime() >= since).map((vote) => vote.battleId));
    clearTimeout(forgetTimer);
    forgetTimer = setTimeout(() => (rebuiltRecently = new Set()), REBUILT_MEMORY_MS).unref();
    logger.info({ votes: votes.length }, "tables rebuilt from the database");
    return votes.length;
  };
  const sync = new VoteSync(deps.countStoredVotes, rebuild, deps.standingsStamp);
  sync.rebuilt(deps.votesAtStart);
  const resync = async () => sync.rebuilt(await rebuild());

  peers.on("arena:vote", (wire) => {
    sync.took();
    if (wire.flag !== null || rebuiltRecently.has(wire.battleId)) return;
    deps.addVote({ ...wire, votedAt: new Date(wire.votedAt) });
  });
  peers.on("arena:style-watch", (filter) => {
    const parsed = leaderboardFilterSchema.safeParse(filter);
    if (parsed.success) deps.styleWatched(parsed.data);
  });
  peers.on("arena:resync", () => {
    resync().catch((error: unknown) => logger.error({ err: error }, "tables could not be rebuilt"));
  });

  await leadership.start();
  const checkTimer = setInterval(() => {
    sync.check().catch((error: unknown) => logger.warn({ err: error }, "check against the database failed"));
  }, options.checkIntervalMs ?? 30_000);

  return {
    leadership,
    shareVote(vote) {
      sync.took();
      peers.serverSideEmit("arena:vote", { ...vote, votedAt: vote.votedAt.toISOString() });
    },
    askOthersToResync() {
      peers.serverSideEmit("arena:resync");
    },
    shareStyleWatch(filter) {
      peers.serverSideEmit("arena:style-watch", filter);
    },
    async close() {
      clearInterval(checkTimer);
      clearTimeout(forgetTimer);
      await leadership.stop();
      const ended = pool.end();
      // The adapter can be reconnecting its LISTEN connection when it is closed (after PostgreSQL
      // restarted) and then never gives it back, which would hold pool.end() open forever.
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      for (const client of clients) {
        try {
          client.release(true);
        } catch {
          // already given back meanwhile
        }
      }
      await ended;
    },
  };
}
