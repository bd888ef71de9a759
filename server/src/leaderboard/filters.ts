import type { LeaderboardFilter } from "@arena/shared/protocol";

import type { StoredVote } from "../domain/vote.ts";

/** How every table's room name starts (socket.io's own rooms are socket ids). */
export const TABLE_ROOM = "leaderboard:";

/** A stable name for a filter: cache key and socket.io room (style-controlled tables have their own). */
export function filterKey(filter: LeaderboardFilter): string {
  const style = filter.style === "control" ? ":style" : "";
  // A judge's tables are rooms of their own (ids cannot hold a space, so no clash with the people's).
  const judge = filter.judge === undefined ? "" : ` judge:${filter.judge}`;
  return `${TABLE_ROOM}${filter.language ?? "*"}:${filter.category ?? "*"}${style}${judge}`;
}

/** The pack's category and the automatic tags: a vote counts in each of these category tables. */
export function categoriesOf(vote: Pick<StoredVote, "category" | "tags">): string[] {
  return vote.category === null || vote.tags.includes(vote.category) ? vote.tags : [vote.category, ...vote.tags];
}

/** The only tables one vote can change: overall, its language, each of its categories, and both together. */
export function filtersOfVote(vote: StoredVote): LeaderboardFilter[] {
  const filters: LeaderboardFilter[] = [{}, { language: vote.language }];
  for (const category of categoriesOf(vote)) {
    filters.push({ category }, { language: vote.language, category });
  }
  return filters;
}
