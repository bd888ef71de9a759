/** The model page's head-to-head list, from the table's matrix and rows. */
import type { LeaderboardMatrix, LeaderboardRow } from "@arena/shared/protocol";

/** One opponent in the head-to-head list; `winRate` null when the two never met. */
export type Opponent = { model: string; battles: number; winRate: number | null; row: LeaderboardRow | undefined };

/** Every other model of the table with the record against it, most votes first, never-met last. */
export function opponentsOf(model: string, matrix: LeaderboardMatrix, rows: LeaderboardRow[]): Opponent[] {
  const self = matrix.models.indexOf(model);
  if (self === -1) return [];
  const rowOf = new Map(rows.map((row) => [row.model, row]));
  return matrix.models
    .map((other, index) => ({
      model: other,
      battles: matrix.battles[self]![index]!,
      winRate: matrix.winRate[self]![index] ?? null,
      row: rowOf.get(other),
      index,
    }))
    .filter((opponent) => opponent.index !== self)
    .sort((x, y) => y.battles - x.battles || x.index - y.index)
    .map(({ index: _index, ...opponent }) => opponent);
}
