/**
 * One leaderboard table kept up to date vote by vote: online Elo and win/loss/tie records as votes
 * arrive, and the vote counts per (model A, model B, outcome) that the Bradley–Terry fit runs on.
 * The fit runs when the table is read after a change (so bursts of votes cost one refit), warm
 * started from the previous one.
 */
import { createHash } from "node:crypto";
import { ELO_START, applyEloVote, scoreOfA } from "@arena/shared/ratings/elo";
import { PairCounts, type PairData, type Score, battleCountMatrix } from "@arena/shared/ratings/pairCounts";
import { type RatedBattles, rateBattles } from "@arena/shared/ratings/rateBattles";
import { rankByIntervals } from "@arena/shared/ratings/rank";
import type {
  Leaderboard,
  LeaderboardFilter,
  LeaderboardMatrix,
  LeaderboardRow,
  RatingMove,
  Winner,
} from "@arena/shared/protocol";

type Record = { wins: number; losses: number; ties: number };

/** One fit of the table's counts, kept until the next vote or other options. */
type Fit = { battles: number; optionsKey: string; rated: RatedBattles; data: PairData; votesHash: string };

export type TableOptions = {
  ci?: "sandwich" | "bootstrap";
  /** Bootstrap rounds and seed (ignored for sandwich intervals). */
  rounds?: number;
  seed?: number;
  /** "inverse-pair" corrects the fit for pairs sampled unequally often (adaptive sampling). */
  weighting?: "none" | "inverse-pair";
  /** Models with fewer votes in this table are provisional: listed, not ranked. */
  minVotes?: number;
  /** Virtual ties per model in the fit (default 0, plain maximum likelihood); see penaltyFor. */
  priorVotes?: number;
  /** Ranks in the overall table, for the rank change of a filtered one. */
  overallRanks?: ReadonlyMap<string, number>;
};

export class Tally {
  private readonly elo = new Map<string, number>();
  private readonly records = new Map<string, Record>();
  private readonly counts = new PairCounts();
  private battles = 0;
  private updatedAt: Date;
  private fit: Fit | undefined;

  constructor(
    readonly filter: LeaderboardFilter,
    createdAt: Date,
  ) {
    this.updatedAt = createdAt;
  }

  add(modelA: string, modelB: string, winner: Winner, at: Date): { a: RatingMove; b: RatingMove } {
    const move = applyEloVote(this.elo, modelA, modelB, winner);
    this.counts.add(modelA, modelB, scoreOfA(winner) as Score);
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

  eloOf(model: string): number {
    return this.elo.get(model) ?? ELO_START;
  }

  toLeaderboard(options: TableOptions = {}): Leaderboard {
    const { rated, votesHash } = this.rated(options);
    const minVotes = options.minVotes ?? 0;
    const rows: LeaderboardRow[] = rated.models.map((model, index) => {
      const record = this.records.get(model)!;
      const battles = record.wins + record.losses + record.ties;
      return {
        model,
        rank: 0,
        rating: rated.ratings[index]!,
        ciLower: rated.lower[index]!,
        ciUpper: rated.upper[index]!,
        elo: this.elo.get(model)!,
        battles,
        ...record,
        provisional: battles < minVotes,
        overallRank: options.overallRanks?.get(model) ?? null,
      };
    });
    // Provisional models do not push others down; they get the rank their interval would have
    // among the ranked ones.
    const ranks = rankByIntervals(
      rated.lower,
      rated.upper,
      rows.filter((row) => !row.provisional).map((row) => row.ciLower!),
    );
    rows.forEach((row, index) => (row.rank = ranks[index]!));
    rows.sort(byRating);
    return {
      language: this.filter.language ?? null,
      category: this.filter.category ?? null,
      battles: this.battles,
      updatedAt: this.updatedAt.toISOString(),
      rows,
      votesHash,
    };
  }

  /** Head-to-head battle counts and win rates, models in leaderboard order. */
  toMatrix(options: TableOptions = {}): LeaderboardMatrix {
    const { rated, data } = this.rated(options);
    const order = rated.models
      .map((model, index) => ({ model, rating: rated.ratings[index]! }))
      .sort(byRating)
      .map((row) => row.model);
    const size = data.models.length;
    const indexOf = new Map(data.models.map((model, index) => [model, index]));
    const battleCounts = battleCountMatrix(data);
    const score = new Float64Array(size * size); // score[i·n + j]: i's points against j
    for (let row = 0; row < data.a.length; row++) {
      const a = data.a[row]!;
      const b = data.b[row]!;
      score[a * size + b]! += data.outcome[row]! * data.count[row]!;
      score[b * size + a]! += (1 - data.outcome[row]!) * data.count[row]!;
    }
    const cell = (i: number, j: number) => i * size + j;
    const ids = order.map((model) => indexOf.get(model)!);
    return {
      language: this.filter.language ?? null,
      category: this.filter.category ?? null,
      models: order,
      battles: ids.map((i) => ids.map((j) => battleCounts[cell(i, j)]!)),
      winRate: ids.map((i) =>
        ids.map((j) => {
          const met = battleCounts[cell(i, j)]!;
          return met > 0 ? score[cell(i, j)]! / met : null;
        }),
      ),
    };
  }

  private rated(options: TableOptions): Fit {
    const fitOptions = {
      ci: options.ci ?? "sandwich",
      rounds: options.rounds ?? 100,
      seed: options.seed ?? 42,
      weighting: options.weighting ?? "none",
      priorVotes: options.priorVotes ?? 0,
    } as const;
    const optionsKey = JSON.stringify(fitOptions);
    if (this.fit && this.fit.battles === this.battles && this.fit.optionsKey === optionsKey) return this.fit;
    const data = this.counts.toData();
    // Warm start from the previous fit: after a few more votes, one or two Newton steps.
    const rated = rateBattles(data, { ...fitOptions, ...(this.fit ? { initial: this.fit.rated } : {}) });
    this.fit = { battles: this.battles, optionsKey, rated, data, votesHash: hashVotes(data) };
    return this.fit;
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

/** Best rating first; equal ratings by model id, so the order never depends on vote order. */
function byRating(x: { model: string; rating: number }, y: { model: string; rating: number }): number {
  return y.rating - x.rating || x.model.localeCompare(y.model);
}

/** SHA-256 over the canonical vote counts, so a table can be matched to the votes behind it. */
function hashVotes(data: PairData): string {
  const hash = createHash("sha256");
  for (let row = 0; row < data.a.length; row++) {
    hash.update(`${data.models[data.a[row]!]}\t${data.models[data.b[row]!]}\t${data.outcome[row]}\t${data.count[row]}\n`);
  }
  return hash.digest("hex");
}
