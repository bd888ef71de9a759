/**
 * The socket.io transport: the server on the HTTP server, its connection limit, the handlers of
 * every client event, and the broadcaster pushing the tables the services announce as changed.
 */
import type http from "node:http";

import type { ClientToServerEvents, ServerToClientEvents } from "@arena/shared/protocol";
import { Server } from "socket.io";

import type { ArenaServices } from "../arena.ts";
import type { ArenaSettings } from "../config.ts";
import { LeaderboardBroadcaster } from "../leaderboard/broadcaster.ts";
import { handshakeAddressKey, limitConnections } from "../limits/guards.ts";
import { MAX_SOCKET_MESSAGE_BYTES } from "../limits/sizes.ts";
import { attachSocketHandlers } from "./handlers.ts";

export type ArenaSockets = {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  broadcaster: LeaderboardBroadcaster;
};

export function attachSockets(
  httpServer: http.Server,
  arena: ArenaServices,
  { limits, leaderboard, cluster }: Pick<ArenaSettings, "limits" | "leaderboard" | "cluster">,
): ArenaSockets {
  const { events, leaderboards, leadership, rateLimits } = arena;
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
  });
  if (rateLimits) io.use(limitConnections(rateLimits, limits.trustProxy));
  // In a cluster only the leader pushes, for every server's watchers (see cluster/cluster.ts).
  const leads = cluster.databaseUrl === undefined ? undefined : () => leadership.isLeader;
  const broadcaster = new LeaderboardBroadcaster(io, leaderboards, leaderboard.pushIntervalMs, leads);
  events.on("tablesChanged", (filters) => broadcaster.changed(filters));
  attachSocketHandlers(io, {
    ...arena,
    addressOf: (socket) => handshakeAddressKey(socket.handshake, limits.trustProxy),
    watchedStyle(filter) {
      broadcaster.noteStyleWatch(filter);
      events.emit("styleWatched", filter);
    },
  });
  return { io, broadcaster };
}
