import type { LeaderboardRow } from "@arena/shared/protocol";

import type { LeaderboardGroups } from "./leaderboardGroups.ts";

export type SortKey = "rank" | "model" | "rating" | "elo" | "votes" | "winRate";
export type SortDirection = "ascending" | "descending";
export type LeaderboardSort = { key: SortKey; direction: SortDirection };

export const DEFAULT_SORT: LeaderboardSort = { key: "rank", direction: "ascending" };

/**
 * The direction a column sorts in on its first click: best first for the scores, A→Z for names,
 * 1 first for ranks.
 */
const FIRST_DIRECTION: Record<SortKey, SortDirection> = {
  rank: "ascending",
  model: "ascending",
  rating: "descending",
  elo: "descending",
  votes: "descending",
  winRate: "descending",
};

/** The sort after a click on `key`'s header: the other direction on the same column, else its first. */
export function nextSort(current: LeaderboardSort, key: SortKey): LeaderboardSort {
  if (current.key !== key) return { key, direction: FIRST_DIRECTION[key] };
  return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
}

/** Ties count half, as in the table's win-rate column; a model without votes sorts lowest. */
function winRate(row: LeaderboardRow): number {
  return row.battles === 0 ? -1 : (row.wins + row.ties / 2) / row.battles;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compare(key: SortKey, x: LeaderboardRow, y: LeaderboardRow): number {
  switch (key) {
    case "rank":
      return x.rank - y.rank;
    case "model":
      return collator.compare(x.model, y.model);
    case "rating":
      return x.rating - y.rating;
    case "elo":
      return x.elo - y.elo;
    case "votes":
      return x.battles - y.battles;
    case "winRate":
      return winRate(x) - winRate(y);
  }
}

/**
 * Both groups sorted by the chosen column, each on its own: provisional models stay below the ranked
 * ones whatever the sort. Equal values keep the default (rank) order in either direction, so a
 * second click on "Votes" does not also shuffle the models that have as many votes.
 */
export function sortGroups(groups: LeaderboardGroups, sort: LeaderboardSort): LeaderboardGroups {
  if (sort.key === DEFAULT_SORT.key && sort.direction === DEFAULT_SORT.direction) return groups;
  const sign = sort.direction === "ascending" ? 1 : -1;
  const sortOne = (rows: LeaderboardRow[]) =>
    rows
      .map((row, index) => ({ row, index }))
      .sort((x, y) => sign * compare(sort.key, x.row, y.row) || x.index - y.index)
      .map(({ row }) => row);
  return { ranked: sortOne(groups.ranked), provisional: sortOne(groups.provisional) };
}
