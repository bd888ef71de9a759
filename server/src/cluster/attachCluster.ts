/**
 * Joins the other servers on the same PostgreSQL: votes and standings changes stored here go to
 * them, theirs come here, and the leader alone runs the anomaly check and pushes the tables.
 */
import type { ArenaServices } from "../arena.ts";
import type { ClusterConfig } from "../config.ts";
import type { ArenaSockets } from "../sockets/attachSockets.ts";
import { type Cluster, joinCluster } from "./cluster.ts";

export async function attachCluster(
  { io, broadcaster }: ArenaSockets,
  { store, integrity, leaderboards, leadership, events, logger, votesAtStart }: ArenaServices,
  { databaseUrl, checkIntervalMs }: ClusterConfig & { databaseUrl: string },
): Promise<Cluster> {
  const cluster = await joinCluster(
    io,
    { databaseUrl, checkIntervalMs },
    {
      logger,
      leadership,
      votesAtStart,
      countStoredVotes: () => store.countVotes(),
      async standingsStamp() {
        const standings = await store.listSessionStandings();
        return standings
          .map((standing) => `${standing.sessionHash}:${standing.status}`)
          .sort()
          .join(",");
      },
      async rebuildTables() {
        const votes = await store.listVotes({ includeFlagged: true });
        // The list is kept for the cluster's bookkeeping (which votes the rebuild had); this runs
        // only after a lost notification or a standings change, not at start.
        await integrity.resync(async function* () {
          yield votes.filter((vote) => vote.flag === null);
        });
        return votes;
      },
      addVote: (vote) => events.emit("tablesChanged", leaderboards.add(vote).changed),
      styleWatched: (filter) => broadcaster.noteStyleWatch(filter),
    },
  );
  events.on("voteStored", (vote) => cluster.shareVote(vote));
  events.on("standingsChanged", () => cluster.askOthersToResync());
  events.on("styleWatched", (filter) => cluster.shareStyleWatch(filter));
  // The leader alone runs the periodic anomaly check, and on taking over pushes every table
  // once: the previous leader may have gone with pushes pending.
  leadership.onChange((leading) => {
    if (!leading) return integrity.stopTimer();
    integrity.startTimer();
    broadcaster.changed(leaderboards.filters());
  });
  return cluster;
}
