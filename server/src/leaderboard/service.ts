/**
 * One Tally per table that has votes (overall, each language, each category, each language and
 * category), rebuilt from the stored votes at start — no second copy on disk to fall out of step —
 * and updated as votes arrive. Memory grows with the number of tables and models, not of votes.
 */
import type { Leaderboard, LeaderboardFilter, LeaderboardMatrix, RatingMove } from "@arena/shared/protocol";
import type { CountedVote } from "../store/store.ts";
import { categoriesOf, filterKey, filtersOfVote } from "./filters.ts";
import { type TableOptions, Tally } from "./tally.ts";

/**
 * One virtual tie per model keeps a young arena's table readable (a model that won its only vote
 * leads modestly instead of by thousands of points) and moves ratings backed by hundreds of votes
 * by a small fraction of a point. Offline ratings (the CLI) stay plain maximum likelihood.
 */
const LIVE_PRIOR_VOTES = 1;

export type LeaderboardSettings = {
  /** Votes a model needs in a table to be ranked there (below: listed as provisional). */
  minVotes: number;
  /** How the fit weighs pairs: "inverse-pair" when pairs are sampled unequally (adaptive sampling). */
  weighting: "none" | "inverse-pair";
};

export class LeaderboardService {
  private readonly tables = new Map<string, Tally>();
  private readonly languageCounts = new Map<string, number>();
  private readonly categoryCounts = new Map<string, number>();
  private readonly overall: Tally;

  constructor(
    private readonly clock: () => Date,
    private readonly settings: LeaderboardSettings = { minVotes: 0, weighting: "none" },
  ) {
    this.overall = new Tally({}, clock());
    this.tables.set(filterKey({}), this.overall);
  }

  /** Adds a vote to every table it belongs to; returns the overall Elo moves and the changed filters. */
  add(vote: CountedVote): { moves: { a: RatingMove; b: RatingMove }; changed: LeaderboardFilter[] } {
    increment(this.languageCounts, vote.language);
    for (const category of categoriesOf(vote)) increment(this.categoryCounts, category);
    const changed = filtersOfVote(vote);
    let moves: { a: RatingMove; b: RatingMove } | undefined;
    for (const filter of changed) {
      const key = filterKey(filter);
      let table = this.tables.get(key);
      if (!table) {
        table = new Tally(filter, vote.votedAt);
        this.tables.set(key, table);
      }
      const move = table.add(vote.modelA, vote.modelB, vote.winner, vote.votedAt);
      if (filter.language === undefined && filter.category === undefined) moves = move;
    }
    return { moves: moves!, changed };
  }

  /** A table without votes (a well-formed filter nobody voted in) is empty, not an error. */
  get(filter: LeaderboardFilter): Leaderboard {
    return this.tableFor(filter).toLeaderboard(this.optionsFor(filter));
  }

  matrix(filter: LeaderboardFilter): LeaderboardMatrix {
    return this.tableFor(filter).toMatrix(this.optionsFor(filter));
  }

  /** A model's overall online Elo (1000 before its first vote). */
  currentElo(model: string): number {
    return this.overall.eloOf(model);
  }

  /** Languages with at least one counted vote, most votes first. */
  languages(): Array<{ code: string; battles: number }> {
    return sortedCounts(this.languageCounts).map(([code, battles]) => ({ code, battles }));
  }

  /** Categories (pack categories and automatic tags) with at least one counted vote, most votes first. */
  categories(): Array<{ name: string; battles: number }> {
    return sortedCounts(this.categoryCounts).map(([name, battles]) => ({ name, battles }));
  }

  private optionsFor(filter: LeaderboardFilter): TableOptions {
    const { weighting, minVotes } = this.settings;
    const options = { weighting, minVotes, priorVotes: LIVE_PRIOR_VOTES };
    if (filter.language === undefined && filter.category === undefined) return options;
    const overallRanks = new Map(this.get({}).rows.map((row) => [row.model, row.rank]));
    return { ...options, overallRanks };
  }

  private tableFor(filter: LeaderboardFilter): Tally {
    // Made-up filters get a fresh empty table that is not kept, so they cannot grow memory.
    return this.tables.get(filterKey(filter)) ?? new Tally(filter, this.clock());
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sortedCounts(counts: Map<string, number>): Array<[string, number]> {
  return [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
}
