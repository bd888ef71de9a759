/**
 * Which live tables a page takes: the filter it watches, the pushed updates that belong to it, and
 * the rule that a late answer never replaces a newer table. useLeaderboard.ts applies them to the
 * socket; they are kept pure so they can be tested without one.
 */
import type { Leaderboard, LeaderboardFilter } from "@arena/shared/protocol";

/** The `leaderboard:watch` payload for a language and category ("" = all), plain or under style control. */
export function watchFilter(language: string, category: string, style: boolean): LeaderboardFilter {
  return {
    ...(language === "" ? {} : { language }),
    ...(category === "" ? {} : { category }),
    ...(style ? { style: "control" as const } : {}),
  };
}

/** Style-controlled tables are the ones with style coefficients. */
function isStyled(board: Leaderboard): boolean {
  return board.styleCoefficients !== undefined;
}

/**
 * Whether a pushed table is the one the page watches: the socket may still be in the room of the
 * previous filter for a moment, and a plain and a style-controlled table share a filter.
 */
export function isWatchedBoard(board: Leaderboard, language: string, category: string, style: boolean): boolean {
  return (
    board.language === (language === "" ? null : language) &&
    board.category === (category === "" ? null : category) &&
    isStyled(board) === style
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
    shown.updatedAt > next.updatedAt
  );
}
