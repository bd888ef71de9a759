/** Leaderboard rows and matrices for unit tests of the client's table, chart and grid logic. */
import type { LeaderboardMatrix, LeaderboardRow } from "@arena/shared/protocol";

/** A ranked row with plausible numbers; the test sets what it is about. */
export function leaderboardRow(model: string, overrides: Partial<LeaderboardRow> = {}): LeaderboardRow {
  return {
    model,
    rank: 1,
    rating: 1000,
    ciLower: 990,
    ciUpper: 1010,
    elo: 1000,
    battles: 10,
    wins: 5,
    losses: 5,
    ties: 0,
    provisional: false,
    overallRank: null,
    ...overrides,
  };
}

/** A matrix over `models` from the votes between each pair and the row model's win rate against the column. */
export function leaderboardMatrix(
  models: string[],
  battles: number[][],
  winRate: Array<Array<number | null>>,
): LeaderboardMatrix {
  return { language: null, category: null, models, battles, winRate };
}
