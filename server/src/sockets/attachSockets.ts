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
import { TABLE_ROOM } from "../leaderboard/filters.ts";
import { handshakeAddressKey, limitConnections } from "../limits/guards.ts";
import { MAX_SOCKET_MESSAGE_BYTES } from "../limits/sizes.ts";
import { coalesceWebsocketWrites } from "./coalesceWrites.ts";
import { attachSocketHandlers } from "./handlers.ts";

export type ArenaSockets = {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  broadcaster: LeaderboardBroadcaster;
};

export function attachSockets(
  httpServer: http.Server,
  arena: ArenaServices,
  { limits, leaderboard, cluster, live }: Pick<ArenaSettings, "limits" | "leaderboard" | "cluster" | "live">,
): ArenaSockets {
  const { events, leaderboards, leadership, rateLimits, metrics } = arena;
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
  });
  coalesceWebsocketWrites(httpServer, io.path());
  if (rateLimits) io.use(limitConnections(rateLimits, limits.trustProxy));
  // In a cluster only the leader pushes, for every server's watchers (see cluster/cluster.ts).
  const leads = cluster.databaseUrl === undefined ? undefined : () => leadership.isLeader;
  const broadcaster = new LeaderboardBroadcaster(
    io,
    leaderboards,
    leaderboard.pushIntervalMs,
    leads,
    (style, seconds) => metrics.refitted(style, seconds),
  );
  events.on("tablesChanged", (filters) => broadcaster.changed(filters));
  attachSocketHandlers(io, {
    ...arena,
    addressOf: (socket) => handshakeAddressKey(socket.handshake, limits.trustProxy),
    watchedStyle(filter) {
      broadcaster.noteStyleWatch(filter);
      events.emit("styleWatched", filter);
    },
    observeAck: (event, outcome, seconds) => metrics.ack(event, outcome, seconds),
  });
  metrics.observe(
    {
      openSockets: () => io.of("/").sockets.size,
      watchedTables: () => countWatchedTables(io),
      cachedTables: () => leaderboards.filters().length,
    },
    live.models.map((model) => model.id),
  );
  return { io, broadcaster };
}

/** Tables someone on this server watches: the rooms named by filterKey that have a member. */
function countWatchedTables(io: Server<ClientToServerEvents, ServerToClientEvents>): number {
  let watched = 0;
  for (const [room, members] of io.of("/").adapter.rooms)
    if (room.startsWith(TABLE_ROOM) && members.size > 0) watched++;
  return watched;
}
