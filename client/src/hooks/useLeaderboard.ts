import type { Leaderboard } from "@arena/shared/protocol";
import { useEffect, useState } from "react";

import { describeFailure, request, socket } from "../socket.ts";
import type { Failure } from "./battleReducer.ts";
import { isOutdatedBy, isWatchedBoard, watchFilter } from "./leaderboardUpdates.ts";

export type LeaderboardState = {
  board: Leaderboard | null;
  error: Failure | null;
};

/**
 * The live table for one language and category ("" = all), plain or under style control, of the
 * people's votes or of one judge's verdicts (`judge`, "" = the people's): watched
 * on the server while mounted, replaced by every matching `leaderboard:update`, and watched again
 * after a reconnect, because a restarted server has forgotten its watchers.
 */
export function useLeaderboard(language: string, category: string, style = false, judge = ""): LeaderboardState {
  const filterKey = `${language}\n${category}\n${style}\n${judge}`;
  const [state, setState] = useState<LeaderboardState & { filterKey: string }>({ board: null, error: null, filterKey });
  // A table of another filter must not linger while the new one loads. Reset while rendering (what
  // React advises for state that follows props), not in the effect: that would render it once more.
  if (state.filterKey !== filterKey) setState({ board: null, error: null, filterKey });

  useEffect(() => {
    const filter = watchFilter(language, category, style, judge);
    let current = true;

    // Only a newer table replaces the shown one, so a late acknowledgement cannot undo an update.
    const show = (board: Leaderboard) =>
      setState((previous) => (isOutdatedBy(previous.board, board) ? previous : { board, error: null, filterKey }));

    const watch = () => {
      request("leaderboard:watch", filter).then(
        (board) => current && show(board),
        (error: unknown) => current && setState((previous) => ({ ...previous, error: describeFailure(error) })),
      );
    };
    const onUpdate = (board: Leaderboard) => {
      if (isWatchedBoard(board, language, category, style, judge)) show(board);
    };

    socket.on("leaderboard:update", onUpdate);
    socket.on("connect", watch);
    // When not connected yet, the "connect" listener does the first watch.
    if (socket.connected) watch();

    return () => {
      current = false;
      socket.off("leaderboard:update", onUpdate);
      socket.off("connect", watch);
      // Nothing to undo on a server that is not connected: it forgot the watch with the connection.
      if (socket.connected) request("leaderboard:unwatch", filter).catch(() => undefined);
    };
  }, [language, category, style, judge, filterKey]);

  return { board: state.board, error: state.error };
}
