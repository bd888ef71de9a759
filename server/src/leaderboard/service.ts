/**
 * One Tally per table that has votes (overall, each language, each category, each language and
 * category), rebuilt from the stored votes at start — no second copy on disk to fall out of step —
 * and updated as votes arrive. Memory grows with the number of tables and models, not of votes.
 */
import type { Leaderboard, LeaderboardFilter, LeaderboardMatrix, RatingMove } from "@arena/shared/protocol";

import type { StoredVote } from "../domain/vote.ts";
import { type NotCountedReason, VoteGate } from "../integrity/votePolicy.ts";
import { categoriesOf, filterKey, filtersOfVote } from "./filters.ts";
import { type TableOptions, Tally } from "./tally.ts";

/**
 * One virtual tie per model keeps a young arena's table readable (a model that won its only vote
 * leads modestly instead of by thousands of points) and moves ratings backed by hundreds of votes
 * by a small fraction of a point. Offline ratings (the CLI) stay plain maximum likelihood.
 */
export const LIVE_PRIOR_VOTES = 1;

export type LeaderboardSettings = {
  /** Votes a model needs in a table to be ranked there (below: listed as provisional). */
  minVotes: number;
  /** How the fit weighs pairs: "inverse-pair" when pairs are sampled unequally (adaptive sampling). */
  weighting: "none" | "inverse-pair";
  /** Archived models (catalogue): kept on the board, their rows marked `status: "archived"`. */
  isArchived?: (model: string) => boolean;
};

export class LeaderboardService {
  private readonly tables = new Map<string, Tally>();
  private readonly languageCounts = new Map<string, number>();
  private readonly categoryCounts = new Map<string, number>();
  /** Per table, a hash of the battle ids counted in it (in order): how a rebuild tells what changed. */
  private readonly fingerprints = new Map<string, number>();
  private overall: Tally;
  /** Decides which votes count (policies, excluded sessions); admits everything until a rebuild sets one. */
  private gate = new VoteGate();
  /** While rebuildFrom loads the stored votes, the ones added meanwhile (replayed after them). */
  private arrivedDuringLoad: StoredVote[] | null = null;

  constructor(
    private readonly clock: () => Date,
    private readonly settings: LeaderboardSettings = { minVotes: 0, weighting: "none" },
  ) {
    this.overall = new Tally({}, clock());
    this.tables.set(filterKey({}), this.overall);
  }

  /**
   * Offers a vote to the tables: if the gate counts it, it is added to every table it belongs to.
   * Returns the overall Elo moves (none for a vote that does not count), the changed filters, and
   * why the vote does not count (null when it does).
   */
  add(vote: StoredVote): {
    moves: { a: RatingMove; b: RatingMove };
    changed: LeaderboardFilter[];
    notCounted: NotCountedReason | null;
  } {
    this.arrivedDuringLoad?.push(vote);
    const notCounted = this.gate.verdict(vote);
    if (notCounted !== null) {
      const unchanged = (model: string) => ({ before: this.currentElo(model), after: this.currentElo(model) });
      return { moves: { a: unchanged(vote.modelA), b: unchanged(vote.modelB) }, changed: [], notCounted };
    }
    return { ...this.count(vote), notCounted: null };
  }

  /**
   * Like rebuild, with the votes read by `load` (in stored order). Votes added while `load` runs
   * are replayed after the loaded ones unless the load already had them, so none is lost or
   * counted twice.
   */
  async rebuildFrom(load: () => Promise<Iterable<StoredVote>>, gate?: VoteGate): Promise<LeaderboardFilter[]> {
    if (this.arrivedDuringLoad) throw new Error("a leaderboard rebuild is already running");
    const arrived: StoredVote[] = (this.arrivedDuringLoad = []);
    let votes: StoredVote[];
    try {
      votes = [...(await load())];
    } finally {
      this.arrivedDuringLoad = null;
    }
    const loaded = new Set(votes.map((vote) => vote.battleId));
    return this.rebuild([...votes, ...arrived.filter((vote) => !loaded.has(vote.battleId))], gate);
  }

  /** The gate of the current tables (its counts and refusals so far). */
  currentGate(): VoteGate {
    return this.gate;
  }

  private count(vote: StoredVote): { moves: { a: RatingMove; b: RatingMove }; changed: LeaderboardFilter[] } {
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
      const move = table.add(vote.modelA, vote.modelB, vote.winner, vote.votedAt, vote.style);
      this.fingerprints.set(key, mixFingerprint(this.fingerprints.get(key) ?? 0, vote.battleId));
      if (filter.language === undefined && filter.category === undefined) moves = move;
    }
    return { moves: moves!, changed };
  }

  /**
   * Replaces every table with ones built from `votes` (in stored order), as after a restart, through
   * `gate` (default: a fresh gate with the current policy and excluded sessions); answers the
   * filters of the tables that changed (their counted votes differ), for pushing.
   */
  rebuild(votes: Iterable<StoredVote>, gate: VoteGate = this.gate.fresh()): LeaderboardFilter[] {
    const before = new Map(this.fingerprints);
    const filters = new Map(this.filters().map((filter) => [filterKey(filter), filter]));
    this.tables.clear();
    this.languageCounts.clear();
    this.categoryCounts.clear();
    this.fingerprints.clear();
    this.overall = new Tally({}, this.clock());
    this.tables.set(filterKey({}), this.overall);
    this.gate = gate;
    for (const vote of votes) if (gate.admit(vote)) this.count(vote);
    for (const filter of this.filters()) filters.set(filterKey(filter), filter);
    return [...filters].filter(([key]) => before.get(key) !== this.fingerprints.get(key)).map(([, filter]) => filter);
  }

  /** A table without votes (a well-formed filter nobody voted in) is empty, not an error. */
  get(filter: LeaderboardFilter): Leaderboard {
    const table = this.tableFor(filter);
    const options = this.optionsFor(filter);
    return this.markArchived(
      filter.style === "control" ? table.toStyleLeaderboard(options) : table.toLeaderboard(options),
    );
  }

  /** Marks the rows of archived models (the tables of the past get the same marks). */
  markArchived(table: Leaderboard): Leaderboard {
    const { isArchived } = this.settings;
    if (!isArchived || !table.rows.some((row) => isArchived(row.model))) return table;
    return {
      ...table,
      rows: table.rows.map((row) => (isArchived(row.model) ? { ...row, status: "archived" as const } : row)),
    };
  }

  /** The fit options of the tables of now (for tables of the past built elsewhere, alike). */
  tableOptions(): TableOptions {
    return { weighting: this.settings.weighting, minVotes: this.settings.minVotes, priorVotes: LIVE_PRIOR_VOTES };
  }

  matrix(filter: LeaderboardFilter): LeaderboardMatrix {
    return this.tableFor(filter).toMatrix(this.optionsFor(filter));
  }

  /** The filter of every table that has votes. */
  filters(): LeaderboardFilter[] {
    return [...this.tables.values()].map((table) => table.filter);
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
    // A filtered table's rank change is against the overall table of the same kind.
    const overall = this.get(filter.style ? { style: filter.style } : {});
    return { ...options, overallRanks: new Map(overall.rows.map((row) => [row.model, row.rank])) };
  }

  private tableFor(filter: LeaderboardFilter): Tally {
    const votes = votesOf(filter);
    // Made-up filters get a fresh empty table that is not kept, so they cannot grow memory.
    return this.tables.get(filterKey(votes)) ?? new Tally(votes, this.clock());
  }
}

/** Which votes a filter selects (its language and category), whatever way they are rated. */
function votesOf({ language, category }: LeaderboardFilter): LeaderboardFilter {
  return { ...(language === undefined ? {} : { language }), ...(category === undefined ? {} : { category }) };
}

/** Folds a battle id into a table's running 32-bit fingerprint (FNV-1a over the id, then a multiply-add). */
function mixFingerprint(fingerprint: number, battleId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < battleId.length; i++) hash = Math.imul(hash ^ battleId.charCodeAt(i), 0x01000193);
  return (Math.imul(fingerprint, 0x9e3779b1) + hash) >>> 0;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sortedCounts(counts: Map<string, number>): Array<[string, number]> {
  return [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
}
