/**
 * What the services announce to the transports attached after them: the sockets push changed
 * tables to their watchers, a cluster tells its other servers. The services know none of them.
 */
import { EventEmitter } from "node:events";

import type { LeaderboardFilter } from "@arena/shared/protocol";

import type { StoredVote } from "./domain/vote.ts";

export type ArenaEventMap = {
  /** These tables changed (a vote counted, standings moved, a rebuild): push them. */
  tablesChanged: [filters: LeaderboardFilter[]];
  /** A vote was stored here, flagged ones too. */
  voteStored: [vote: StoredVote];
  /** This server changed session standings (an admin, or the anomaly check). */
  standingsChanged: [];
  /** A client of this server watches a style-controlled table (its refits and pushes start then). */
  styleWatched: [filter: LeaderboardFilter];
};

export class ArenaEvents extends EventEmitter<ArenaEventMap> {}
