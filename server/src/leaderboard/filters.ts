import type { LeaderboardFilter } from "@arena/shared/protocol";
import type { CountedVote } from "../store/store.ts";

/** A stable name for a filter: cache key and socket.io room. */
export function filterKey(filter: LeaderboardFilter): string {
  return `leaderboard:${filter.language ?? "*"}:${filter.category ?? "*"}`;
}

export function matchesFilter(vote: CountedVote, filter: LeaderboardFilter): boolean {
  return (
    (filter.language === undefined || filter.language === vote.language) &&
    (filter.category === undefined || filter.category === vote.category)
  );
}

/** The only tables one vote can change: overall, its language, its category, and both together. */
export function filtersOfVote(vote: CountedVote): LeaderboardFilter[] {
  const filters: LeaderboardFilter[] = [{}, { language: vote.language }];
  if (vote.category !== null) {
    filters.push({ category: vote.category }, { language: vote.language, category: vote.category });
  }
  return filters;
}
