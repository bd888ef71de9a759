/**
 * Which live tables a page takes: the filter it watches, the pushed updates that belong to it, and
 * the rule that a late answer never replaces a newer table. useLeaderboard.ts applies them to the
 * socket; they are kept pure so they can be tested without one.
 */
import type { Leaderboard, LeaderboardFilter } from "@arena/shared/protocol";

/**
 * The `leaderboard:watch` payload for a language and category ("" = all), plain or under style
 * control, of the people's votes or of one judge's verdicts ("" = the people's).
 */
export function watchFilter(language: string, category: string, style: boolean, judge = ""): LeaderboardFilter {
  return {
    ...(language === "" ? {} : { language }),
    ...(category === "" ? {} : { category }),
    ...(style ? { style: "control" as const } : {}),
    ...(judge === "" ? {} : { judge }),
  };
}

/** Style-controlled tables are the ones with style coefficients. */
function isStyled(board: Leaderboard): boolean {
  return board.styleCoefficients !== undefined;
}

/** The judge whose verdicts a table rates, "" for the people's votes. */
function judgeOf(board: Leaderboard): string {
  return board.judge ?? "";
}

/**
 * Whether a pushed table is the one the page watches: the socket may still be in the room of the
 * previous filter for a moment, a plain and a style-controlled table share a filter, and so do the
 * people's table and each judge's (the judge's panel watches both at once).
 */
export function isWatchedBoard(
  board: Leaderboard,
  language: string,
  category: string,
  style: boolean,
  judge = "",
): boolean {
  return (
    board.language === (language === "" ? null : language) &&
    board.category === (category === "" ? null : category) &&
    isStyled(board) === style &&
    judgeOf(board) === judge
  );
}

/**
 * Whether `next` is older than the shown table of the same filter, so must not replace it: an
 * acknowledgement can arrive after a pushed update that is newer.
 */
export function isOutdatedBy(shown: Leaderboard | null, next: Leaderboard): boolean {
  return (
    shown !== null &&
    shown.language === next.language &&
    shown.category === next.category &&
    isStyled(shown) === isStyled(next) &&
    judgeOf(shown) === judgeOf(next) &&
    shown.updatedAt > next.updatedAt
  );
}
