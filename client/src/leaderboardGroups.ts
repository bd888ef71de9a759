import type { LeaderboardRow } from "@arena/shared/protocol";

export type LeaderboardGroups = {
  /** By rank, then rating: a wide interval can give a higher-rated model a worse rank. */
  ranked: LeaderboardRow[];
  /** Too few votes to rank; by rating, as the server sends them. */
  provisional: LeaderboardRow[];
};

/** Splits the server's rows (sorted by rating) into the table's two groups. */
export function groupRows(rows: LeaderboardRow[]): LeaderboardGroups {
  const ranked = rows.filter((row) => !row.provisional);
  // Array.prototype.sort is stable, so equal ranks keep the server's rating order.
  ranked.sort((x, y) => x.rank - y.rank);
  return { ranked, provisional: rows.filter((row) => row.provisional) };
}

/** Every model in the order the table shows them. */
export function tableOrder({ ranked, provisional }: LeaderboardGroups): string[] {
  return [...ranked, ...provisional].map((row) => row.model);
}

/** How many ranked models hold each rank: a shared rank is shown repeated, with a note. */
export function countRanks(rows: LeaderboardRow[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.rank, (counts.get(row.rank) ?? 0) + 1);
  return counts;
}
