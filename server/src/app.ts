/**
 * The composition root: the services (arena.ts), then the transports attached to them — HTTP,
 * socket.io, and the cluster on PostgreSQL — without listening, so tests run the real thing on
 * port 0 with a temporary database.
 */
import type http from "node:http";

import type { ClientToServerEvents, ServerToClientEvents } from "@arena/shared/protocol";
import type { Server } from "socket.io";

import { buildArena, type Infrastructure } from "./arena.ts";
import { attachCluster } from "./cluster/attachCluster.ts";
import type { ArenaSettings } from "./config.ts";
import { attachHttp } from "./http/attachHttp.ts";
import type { IntegrityService } from "./integrity/service.ts";
import { attachSockets } from "./sockets/attachSockets.ts";

export type Arena = {
  httpServer: http.Server;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** Session standings, the anomaly check and its timer (started here; stoppable, e.g. on a follower). */
  integrity: IntegrityService;
  /** Whether this server refits and pushes the tables (always, outside a cluster). */
  isLeader(): boolean;
  close(): Promise<void>;
};

export async function createApp(settings: ArenaSettings, infrastructure: Infrastructure): Promise<Arena> {
  const arena = await buildArena(settings, infrastructure);
  const httpServer = attachHttp(arena, settings);
  const { io, broadcaster } = attachSockets(httpServer, arena, settings);
  const { databaseUrl } = settings.cluster;
  const cluster =
    databaseUrl === undefined
      ? undefined
      : await attachCluster({ io, broadcaster }, arena, { ...settings.cluster, databaseUrl });
  // Outside a cluster this server leads; in one, the leader runs it (attachCluster hands it over).
  if (arena.leadership.isLeader) arena.integrity.startTimer();

  return {
    httpServer,
    io,
    integrity: arena.integrity,
    isLeader: () => arena.leadership.isLeader,
    async close() {
      broadcaster.stop();
      await arena.judgeRunner.close();
      arena.judges.close();
      await arena.integrity.close();
      // Disconnects every socket (aborting their streams) and closes httpServer; keep-alive and
      // long-poll connections are cut too, or a page reconnecting meanwhile holds the close open.
      const closing = io.close();
      httpServer.closeAllConnections();
      await closing;
      await cluster?.close();
      await arena.store.close();
    },
  };
}
