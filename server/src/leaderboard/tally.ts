/**
 * One leaderboard table kept up to date vote by vote: online Elo plus win/loss/tie counts.
 * `rating` is the online Elo and the interval is null until Bradley–Terry fitting lands.
 */
import { applyEloVote } from "@arena/shared/ratings/elo";
import type { Leaderboard, LeaderboardFilter, LeaderboardRow, RatingMove, Winner } from "@arena/shared/protocol";

type Record = { wins: number; losses: number; ties: number };

export class Tally {
  private readonly elo = new Map<string, number>();
  private readonly records = new Map<string, Record>();
  private battles = 0;
  private updatedAt: Date;

  constructor(
    readonly filter: LeaderboardFilter,
    createdAt: Date,
  ) {
    this.updatedAt = createdAt;
  }

  add(modelA: string, modelB: string, winner: Winner, at: Date): { a: RatingMove; b: RatingMove } {
    const move = applyEloVote(this.elo, modelA, modelB, winner);
    const a = this.recordOf(modelA);
    const b = this.recordOf(modelB);
    if (winner === "a") {
      a.wins++;
      b.losses++;
    } else if (winner === "b") {
      b.wins++;
      a.losses++;
    } else {
      a.ties++;
      b.ties++;
    }
    this.battles++;
    this.updatedAt = at;
    return move;
  }

  eloOf(model: string): number | undefined {
    return this.elo.get(model);
  }

  toLeaderboard(): Leaderboard {
    const rows: LeaderboardRow[] = [...this.records].map(([model, record]) => {
      const elo = this.elo.get(model)!;
      const battles = record.wins + record.losses + record.ties;
      return { model, rank: 0, rating: elo, ciLower: null, ciUpper: null, elo, battles, ...record };
    });
    rows.sort((x, y) => y.rating - x.rating || x.model.localeCompare(y.model));
    rows.forEach((row, index) => {
      const previous = rows[index - 1];
      // Equal ratings share a rank (1, 2, 2, 4).
      row.rank = previous && previous.rating === row.rating ? previous.rank : index + 1;
    });
    return {
      language: this.filter.language ?? null,
      category: this.filter.category ?? null,
      battles: this.battles,
      updatedAt: this.updatedAt.toISOString(),
      rows,
    };
  }

  private recordOf(model: string): Record {
    let record = this.records.get(model);
    if (!record) {
      record = { wins: 0, losses: 0, ties: 0 };
      this.records.set(model, record);
    }
    return record;
  }
}
