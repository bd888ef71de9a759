/**
 * The leaderboard "as of" a day (`?at=YYYY-MM-DD`): that day's table from `GET /api/leaderboard?at=`,
 * and each of its ranked models' move from then to today's live table. Without a day, the live table
 * passes through unchanged.
 */
import type { Leaderboard } from "@arena/shared/protocol";
import { useMemo } from "react";

import { t } from "../i18n/translate.ts";
import { rankChangesSince, rankedSince, type RankMove, utcDay, validAsOf } from "../rankChanges.ts";
import type { Failure } from "./battleReducer.ts";
import type { LeaderboardState } from "./useLeaderboard.ts";
import { useLiveJson } from "./useLiveJson.ts";

export type AsOfLeaderboard = LeaderboardState & {
  /** The day shown, "" for today's live table (also when the URL's day was not a valid one). */
  at: string;
  /** The URL asked for a day that is not a past or present calendar day. */
  rejected: boolean;
  /** For each model ranked at `at`: its move to today; null without a day or until both tables are here. */
  moves: Map<string, RankMove> | null;
  /** Ranked today but not at `at`. */
  rankedSince: string[];
};

export function useAsOfLeaderboard(
  requested: string,
  language: string,
  category: string,
  style: boolean,
  live: LeaderboardState,
): AsOfLeaderboard {
  const at = validAsOf(requested === "" ? null : requested, utcDay(new Date()));
  const query = new URLSearchParams({
    at,
    ...(language === "" ? {} : { language }),
    ...(category === "" ? {} : { category }),
    ...(style ? { style: "control" } : {}),
  });
  const past = useLiveJson<Leaderboard>(at === "" ? null : `/api/leaderboard?${query.toString()}`);
  const moves = useMemo(
    () => (at !== "" && past.body && live.board ? rankChangesSince(past.body.rows, live.board.rows) : null),
    [at, past.body, live.board],
  );
  const newcomers = useMemo(
    () => (at !== "" && past.body && live.board ? rankedSince(past.body.rows, live.board.rows) : []),
    [at, past.body, live.board],
  );

  if (at === "") return { ...live, at, rejected: requested !== "", moves: null, rankedSince: [] };
  const error: Failure | null =
    past.failed && past.body === null ? { code: "unavailable", message: t("depth.asOf.failed") } : null;
  return { board: past.body, error, at, rejected: false, moves, rankedSince: newcomers };
}
