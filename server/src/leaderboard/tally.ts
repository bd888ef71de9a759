/**
 * One leaderboard table kept up to date vote by vote: online Elo and win/loss/tie records as votes
 * arrive, and the vote counts per (model A, model B, outcome) that the Bradley–Terry fit runs on.
 * The fit runs when the table is read after a change (so bursts of votes cost one refit), warm
 * started from the previous one.
 */
import { createHash } from "node:crypto";

import type {
  Leaderboard,
  LeaderboardFilter,
  LeaderboardMatrix,
  LeaderboardRow,
  RatingMove,
  Winner,
} from "@arena/shared/protocol";
import { ELO_K, ELO_START, eloMoveOfA, expectedScoreOfA, scoreOfA } from "@arena/shared/ratings/elo";
import { battleCountMatrix, PairCounts, type PairData, type Score } from "@arena/shared/ratings/pairCounts";
import { rankByIntervals } from "@arena/shared/ratings/rank";
import { rateBattles, type RatedBattles } from "@arena/shared/ratings/rateBattles";
import type { StylePair } from "@arena/shared/ratings/styleFeatures";

import { StyleTable } from "./styleTable.ts";

/** One fit of the table's counts, kept until the next vote or other options. */
type Fit = { battles: number; optionsKey: string; rated: RatedBattles; data: PairData; votesHash: string };

/** Votes a model needs in a table to be ranked there (ARENA_MIN_VOTES; `rate --min-battles`). */
export const DEFAULT_MIN_VOTES = 10;

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
  /** Per model, by its index in `indexOf` (its id in `counts` too): online Elo and its record. */
  private readonly indexOf = new Map<string, number>();
  private readonly elo: number[] = [];
  private readonly wins: number[] = [];
  private readonly losses: number[] = [];
  private readonly ties: number[] = [];
  private readonly counts = new PairCounts();
  private battles = 0;
  private updatedAt: Date;
  private fit: Fit | undefined;
  /** The same battles, those with style counts, for the style-controlled view. */
  private readonly style = new StyleTable();

  constructor(
    readonly filter: LeaderboardFilter,
    createdAt: Date,
  ) {
    this.updatedAt = createdAt;
  }

  /**
   * Counts one vote. A battle of a model against itself counts in the table's votes and nowhere
   * else: it says nothing about the model, so it moves no rating, no Elo and no record.
   */
  add(
    modelA: string,
    modelB: string,
    winner: Winner,
    at: Date,
    style?: StylePair | null,
  ): { a: RatingMove; b: RatingMove } {
    const beforeA = this.eloOf(modelA);
    const beforeB = this.eloOf(modelB);
    this.count(modelA, modelB, winner, at, style);
    return { a: { before: beforeA, after: this.eloOf(modelA) }, b: { before: beforeB, after: this.eloOf(modelB) } };
  }

  /** As `add`, without the moves (a rebuild counts millions of votes and needs none). */
  count(modelA: string, modelB: string, winner: Winner, at: Date, style?: StylePair | null): void {
    if (modelA === modelB) {
      // Not through modelIndex: a model seen only against itself gets no row.
      this.battles++;
      this.updatedAt = at;
      return;
    }
    const a = this.modelIndex(modelA);
    const b = this.modelIndex(modelB);
    this.addByIndex(a, b, winner, at);
    if (style) this.style.add(modelA, modelB, scoreOfA(winner) as Score, style);
  }

  /**
   * As `add`, for two different models known by `modelIndex` (a caller counting millions of
   * votes keeps the indices instead of looking names up twice a vote).
   */
  addByIndex(a: number, b: number, winner: Winner, at: Date): void {
    if (a === b) throw new RangeError("addByIndex is for two different models; add() takes a model against itself");
    this.battles++;
    this.updatedAt = at;
    const score = scoreOfA(winner) as Score;
    // Allocation-free: this runs once per vote of a million-vote file.
    const moveA = eloMoveOfA(this.elo[a]!, this.elo[b]!, score);
    this.elo[a] = this.elo[a]! + moveA;
    this.elo[b] = this.elo[b]! - moveA;
    this.counts.addById(a, b, score);
    this.record(a, b, score);
  }

  /** The win, loss or tie of one vote in both models' records (no allocation: runs once a vote). */
  private record(a: number, b: number, score: Score): void {
    if (score === 1) {
      this.wins[a]!++;
      this.losses[b]!++;
    } else if (score === 0) {
      this.wins[b]!++;
      this.losses[a]!++;
    } else {
      this.ties[a]!++;
      this.ties[b]!++;
    }
  }

  /**
   * `addByIndex` for votes by the thousand, in order (the command line's rows of a battle file):
   * the same Elo, records and counts, with no call per vote into elo-rank (its expectation written
   * out, bit for bit). `a[row]` and `b[row]` are two different models' indices, `scoreOfA[row]`
   * A's score (1, ½ or 0).
   */
  addRunByIndex(a: Int32Array, b: Int32Array, scoreOfA: Float64Array, length: number, at: Date): void {
    const elo = this.elo;
    for (let row = 0; row < length; row++) {
      const indexA = a[row]!;
      const indexB = b[row]!;
      const score = scoreOfA[row]! as Score;
      if (indexA === indexB) throw new RangeError("addRunByIndex is for two different models");
      const moveA = ELO_K * (score - expectedScoreOfA(elo[indexA]!, elo[indexB]!));
      elo[indexA] = elo[indexA]! + moveA;
      elo[indexB] = elo[indexB]! - moveA;
      this.counts.addById(indexA, indexB, score);
      this.battles++;
      this.record(indexA, indexB, score);
    }
    if (length > 0) this.updatedAt = at;
  }

  /** Whether the model has a counted battle in this table. */
  hasModel(model: string): boolean {
    return this.indexOf.has(model);
  }

  eloOf(model: string): number {
    const index = this.indexOf.get(model);
    return index === undefined ? ELO_START : this.elo[index]!;
  }

  toLeaderboard(options: TableOptions = {}): Leaderboard {
    const { rated, votesHash } = this.rated(options);
    const minVotes = options.minVotes ?? 0;
    const rows: LeaderboardRow[] = rated.models.map((model, index) => {
      const own = this.indexOf.get(model)!;
      const record = { wins: this.wins[own]!, losses: this.losses[own]!, ties: this.ties[own]! };
      const battles = record.wins + record.losses + record.ties;
      return {
        model,
        rank: 0,
        rating: rated.ratings[index]!,
        ciLower: rated.lower[index]!,
        ciUpper: rated.upper[index]!,
        elo: this.elo[own]!,
        battles,
        ...record,
        provisional: battles < minVotes,
        overallRank: options.overallRanks?.get(model) ?? null,
      };
    });
    this.rank(rows, rated);
    return {
      language: this.filter.language ?? null,
      category: this.filter.category ?? null,
      battles: this.battles,
      updatedAt: this.updatedAt.toISOString(),
      rows,
      votesHash,
    };
  }

  /**
   * The table under style control: the battles with style counts, rated with their answers'
   * length and markdown held equal. Each row's `plainRank` is its rank without style control.
   */
  toStyleLeaderboard(options: TableOptions = {}): Leaderboard {
    const plainRanks = new Map(
      this.toLeaderboard({ ...options, overallRanks: undefined }).rows.map((row) => [row.model, row.rank]),
    );
    const fit = this.style.rated({
      ci: options.ci ?? "sandwich",
      rounds: options.rounds ?? 100,
      seed: options.seed ?? 42,
    });
    const table = {
      language: this.filter.language ?? null,
      category: this.filter.category ?? null,
      battles: this.style.total,
      updatedAt: this.updatedAt.toISOString(),
    };
    if (fit === null) {
      return {
        ...table,
        rows: [],
        votesHash: EMPTY_HASH,
        styleCoefficients: { length: 0, headers: 0, lists: 0, bold: 0 },
      };
    }
    const { rated } = fit;
    const minVotes = options.minVotes ?? 0;
    const rows: LeaderboardRow[] = rated.models.map((model, index) => {
      const record = { wins: fit.wins[index]!, losses: fit.losses[index]!, ties: fit.ties[index]! };
      const battles = record.wins + record.losses + record.ties;
      return {
        model,
        rank: 0,
        rating: rated.ratings[index]!,
        ciLower: rated.lower[index]!,
        ciUpper: rated.upper[index]!,
        elo: this.eloOf(model),
        battles,
        ...record,
        provisional: battles < minVotes,
        overallRank: options.overallRanks?.get(model) ?? null,
        plainRank: plainRanks.get(model) ?? null,
      };
    });
    this.rank(rows, rated);
    return { ...table, rows, votesHash: fit.votesHash, styleCoefficients: rated.styleCoefficients };
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

  /**
   * Ranks rows (in the fit's model order) by their intervals and sorts them best first.
   * Provisional models do not push others down; they get the rank their interval would have
   * among the ranked ones.
   */
  private rank(rows: LeaderboardRow[], rated: Pick<RatedBattles, "lower" | "upper">): void {
    const ranks = rankByIntervals(
      rated.lower,
      rated.upper,
      rows.filter((row) => !row.provisional).map((row) => row.ciLower!),
    );
    rows.forEach((row, index) => (row.rank = ranks[index]!));
    rows.sort(byRating);
  }

  /** The model's index in this table (for `addByIndex`); a model seen first here joins it with no votes. */
  modelIndex(model: string): number {
    let index = this.indexOf.get(model);
    if (index === undefined) {
      // The same index as the pair counts' id for the model: both count models in first-seen order.
      index = this.counts.addModel(model);
      this.indexOf.set(model, index);
      this.elo.push(ELO_START);
      this.wins.push(0);
      this.losses.push(0);
      this.ties.push(0);
    }
    return index;
  }
}

/** Best rating first; equal ratings by model id, so the order never depends on vote order. */
function byRating(x: { model: string; rating: number }, y: { model: string; rating: number }): number {
  return y.rating - x.rating || x.model.localeCompare(y.model);
}

const EMPTY_HASH = createHash("sha256").digest("hex");

/**
 * SHA-256 over the canonical vote counts, so a table can be matched to the votes behind it: the
 * text `${modelA}\t${modelB}\t${outcome}\t${count}\n` per row, written straight as bytes (each
 * model's UTF-8 once, numbers as their ASCII text) — the digest of that text without building it.
 */
function hashVotes(data: PairData): string {
  const names = data.models.map((model) => Buffer.from(`${model}\t`));
  const numbers = Array.from(data.outcome, (outcome, row) => `${outcome}\t${data.count[row]}\n`);
  let size = 0;
  for (let row = 0; row < data.a.length; row++) {
    size += names[data.a[row]!]!.length + names[data.b[row]!]!.length + numbers[row]!.length;
  }
  const text = Buffer.allocUnsafe(size);
  let at = 0;
  for (let row = 0; row < data.a.length; row++) {
    const first = names[data.a[row]!]!;
    const second = names[data.b[row]!]!;
    text.set(first, at);
    text.set(second, at + first.length);
    at += first.length + second.length;
    const rest = numbers[row]!;
    for (let index = 0; index < rest.length; index++) text[at++] = rest.charCodeAt(index);
  }
  return createHash("sha256").update(text).digest("hex");
}
