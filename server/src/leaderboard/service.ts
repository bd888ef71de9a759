/**
 * One Tally per table that has votes (overall, each language, each category, each language and
 * category), rebuilt from the stored votes at start — no second copy on disk to fall out of step —
 * and updated as votes arrive. Memory grows with the number of tables and models, not of votes.
 */
import type { Leaderboard, LeaderboardFilter, LeaderboardMatrix, RatingMove } from "@arena/shared/protocol";

import type { StoredVote } from "../domain/vote.ts";
import { ArenaError } from "../errors.ts";
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

/**
 * Where a rebuild reads the stored votes: pages of them in stored order (`ArenaStore.votePages`),
 * so that no more than a page is held at a time.
 */
export type VoteSource = () => AsyncIterable<readonly StoredVote[]>;

/**
 * How far before the start of a rebuild a loaded vote may have been cast and still be one that
 * also arrived through `add` while the rebuild read (recorded, then handed over a little later).
 */
const ARRIVAL_SLACK_MS = 60_000;

/** A table with the fingerprint of the votes counted in it. */
type CountedTable = { table: Tally; fingerprint: number };

/** What a rebuild swaps in at once: every table, the counts of the filter lists, and the gate. */
class TableSet {
  readonly tables = new Map<string, Tally>();
  readonly languageCounts = new Map<string, number>();
  readonly categoryCounts = new Map<string, number>();
  /**
   * Per table, a hash of the battle ids counted in it (in order): how a rebuild tells what
   * changed. By filter key, and by language and category (no key to build for each vote).
   */
  private readonly counted = new Map<string, CountedTable>();
  private readonly byLanguage = new Map<string, CountedTable>();
  private readonly byCategory = new Map<string, CountedTable>();
  private readonly byLanguageCategory = new Map<string, Map<string, CountedTable>>();
  private readonly overallCounted: CountedTable;
  readonly overall: Tally;

  constructor(
    createdAt: Date,
    /** Decides which votes count (policies, excluded sessions). */
    readonly gate: VoteGate,
  ) {
    this.overall = new Tally({}, createdAt);
    this.overallCounted = { table: this.overall, fingerprint: 0 };
    this.tables.set(filterKey({}), this.overall);
    this.counted.set(filterKey({}), this.overallCounted);
  }

  fingerprintOf(key: string): number | undefined {
    return this.counted.get(key)?.fingerprint;
  }

  /**
   * Counts a vote in every table it belongs to (those of `filtersOfVote`, in that order); answers
   * the overall Elo moves when `moves` is asked for (a rebuild does not need them).
   */
  count(vote: StoredVote, moves: true): { a: RatingMove; b: RatingMove };
  count(vote: StoredVote, moves: false): void;
  count(vote: StoredVote, moves: boolean): { a: RatingMove; b: RatingMove } | void {
    const { language } = vote;
    increment(this.languageCounts, language);
    const categories = categoriesOf(vote);
    for (const category of categories) increment(this.categoryCounts, category);
    // The battle id's hash, once for every table the vote is counted in.
    const idHash = battleIdHash(vote.battleId);
    const overall = moves
      ? this.overall.add(vote.modelA, vote.modelB, vote.winner, vote.votedAt, vote.style)
      : this.overall.count(vote.modelA, vote.modelB, vote.winner, vote.votedAt, vote.style);
    this.overallCounted.fingerprint = mixFingerprint(this.overallCounted.fingerprint, idHash);
    this.countIn(this.tableOf(this.byLanguage, language, { language }, vote), vote, idHash);
    if (categories.length > 0) {
      let ofLanguage = this.byLanguageCategory.get(language);
      if (!ofLanguage) this.byLanguageCategory.set(language, (ofLanguage = new Map()));
      for (const category of categories) {
        this.countIn(this.tableOf(this.byCategory, category, { category }, vote), vote, idHash);
        this.countIn(this.tableOf(ofLanguage, category, { language, category }, vote), vote, idHash);
      }
    }
    return overall;
  }

  private countIn(counted: CountedTable, vote: StoredVote, idHash: number): void {
    counted.table.count(vote.modelA, vote.modelB, vote.winner, vote.votedAt, vote.style);
    counted.fingerprint = mixFingerprint(counted.fingerprint, idHash);
  }

  /** The table of `filter` (found in `tables` under `name`), made at the first vote it counts. */
  private tableOf(
    tables: Map<string, CountedTable>,
    name: string,
    filter: LeaderboardFilter,
    vote: StoredVote,
  ): CountedTable {
    let counted = tables.get(name);
    if (!counted) {
      const table = new Tally(filter, vote.votedAt);
      const key = filterKey(filter);
      counted = { table, fingerprint: 0 };
      tables.set(name, counted);
      this.tables.set(key, table);
      this.counted.set(key, counted);
    }
    return counted;
  }
}

/** A rebuild under way: its new tables, and the votes handed to `add` meanwhile. */
type Loading = { next: TableSet; arrived: StoredVote[]; arrivedIds: Set<string> };

export class LeaderboardService {
  /** The tables being served. A rebuild builds a new set beside them and swaps it in when complete. */
  private current: TableSet;
  /** While rebuildFrom reads the stored votes (null otherwise). */
  private loading: Loading | null = null;
  /** Where a judge's tables come from (judges/service.ts); none until the judges are set up. */
  private judgeTables: ((filter: LeaderboardFilter & { judge: string }) => Leaderboard) | undefined;

  constructor(
    private readonly clock: () => Date,
    private readonly settings: LeaderboardSettings = { minVotes: 0, weighting: "none" },
  ) {
    // Admits everything until a rebuild sets a gate.
    this.current = new TableSet(clock(), new VoteGate());
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
    if (this.loading) {
      this.loading.arrived.push(vote);
      this.loading.arrivedIds.add(vote.battleId);
    }
    const notCounted = this.current.gate.verdict(vote);
    if (notCounted !== null) {
      const unchanged = (model: string) => ({ before: this.currentElo(model), after: this.currentElo(model) });
      return { moves: { a: unchanged(vote.modelA), b: unchanged(vote.modelB) }, changed: [], notCounted };
    }
    return { moves: this.current.count(vote, true), changed: filtersOfVote(vote), notCounted: null };
  }

  /**
   * Like rebuild, with the votes `load` reads page by page (in stored order); the tables served
   * meanwhile stay the previous ones, and the new ones replace them once complete. Votes added
   * while `load` runs are counted after the loaded ones unless the load already had them, so none
   * is lost or counted twice; no more than a page of stored votes is held at a time.
   */
  async rebuildFrom(load: VoteSource, gate: VoteGate = this.current.gate.fresh()): Promise<LeaderboardFilter[]> {
    if (this.loading) throw new Error("a leaderboard rebuild is already running");
    const loading: Loading = (this.loading = {
      next: new TableSet(this.clock(), gate),
      arrived: [],
      arrivedIds: new Set(),
    });
    // Loaded votes that may also be among the arrived ones: those the load met after they
    // arrived, and those cast about when the load began (recorded, handed over a moment later).
    const loadedArrivals = new Set<string>();
    const recentSince = this.clock().getTime() - ARRIVAL_SLACK_MS;
    try {
      for await (const page of load()) {
        for (const vote of page) {
          if (loading.arrivedIds.has(vote.battleId) || vote.votedAt.getTime() >= recentSince) {
            loadedArrivals.add(vote.battleId);
          }
          if (gate.admit(vote)) loading.next.count(vote, false);
        }
      }
    } finally {
      this.loading = null;
    }
    for (const vote of loading.arrived) {
      if (!loadedArrivals.has(vote.battleId) && gate.admit(vote)) loading.next.count(vote, false);
    }
    return this.swapIn(loading.next);
  }

  /** The gate of the current tables (its counts and refusals so far). */
  currentGate(): VoteGate {
    return this.current.gate;
  }

  /**
   * Replaces every table with ones built from `votes` (in stored order), as after a restart, through
   * `gate` (default: a fresh gate with the current policy and excluded sessions); answers the
   * filters of the tables that changed (their counted votes differ), for pushing.
   */
  rebuild(votes: Iterable<StoredVote>, gate: VoteGate = this.current.gate.fresh()): LeaderboardFilter[] {
    const next = new TableSet(this.clock(), gate);
    for (const vote of votes) if (gate.admit(vote)) next.count(vote, false);
    return this.swapIn(next);
  }

  /** Serves `next` from now on; answers the filters of the tables whose counted votes differ. */
  private swapIn(next: TableSet): LeaderboardFilter[] {
    const before = this.current;
    const filters = new Map(this.filters().map((filter) => [filterKey(filter), filter]));
    this.current = next;
    for (const filter of this.filters()) filters.set(filterKey(filter), filter);
    return [...filters]
      .filter(([key]) => before.fingerprintOf(key) !== next.fingerprintOf(key))
      .map(([, filter]) => filter);
  }

  /** Serves `judge` filters from the judges' own tables (never from the people's votes). */
  serveJudgeTables(tables: (filter: LeaderboardFilter & { judge: string }) => Leaderboard): void {
    this.judgeTables = tables;
  }

  /** A table without votes (a well-formed filter nobody voted in) is empty, not an error. */
  get(filter: LeaderboardFilter): Leaderboard {
    if (filter.judge !== undefined) {
      if (!this.judgeTables) throw new ArenaError("not_found", `No judge "${filter.judge}" on this arena.`);
      return this.judgeTables({ ...filter, judge: filter.judge });
    }
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
    if (filter.judge !== undefined) {
      throw new ArenaError("invalid_payload", "The head-to-head matrix is of the people's votes: drop `judge`.");
    }
    return this.tableFor(filter).toMatrix(this.optionsFor(filter));
  }

  /** The filter of every table that has votes. */
  filters(): LeaderboardFilter[] {
    return [...this.current.tables.values()].map((table) => table.filter);
  }

  /** Whether the model has a counted vote in any table (every counted vote is in the overall one). */
  hasVotes(model: string): boolean {
    return this.current.overall.hasModel(model);
  }

  /** A model's overall online Elo (1000 before its first vote). */
  currentElo(model: string): number {
    return this.current.overall.eloOf(model);
  }

  /** Languages with at least one counted vote, most votes first. */
  languages(): Array<{ code: string; battles: number }> {
    return sortedCounts(this.current.languageCounts).map(([code, battles]) => ({ code, battles }));
  }

  /** Categories (pack categories and automatic tags) with at least one counted vote, most votes first. */
  categories(): Array<{ name: string; battles: number }> {
    return sortedCounts(this.current.categoryCounts).map(([name, battles]) => ({ name, battles }));
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
    return this.current.tables.get(filterKey(votes)) ?? new Tally(votes, this.clock());
  }
}

/** Which votes a filter selects (its language and category), whatever way they are rated. */
function votesOf({ language, category }: LeaderboardFilter): LeaderboardFilter {
  return { ...(language === undefined ? {} : { language }), ...(category === undefined ? {} : { category }) };
}

/** FNV-1a over a battle id: what `mixFingerprint` folds into a table's fingerprint. */
function battleIdHash(battleId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < battleId.length; i++) hash = Math.imul(hash ^ battleId.charCodeAt(i), 0x01000193);
  return hash;
}

/** Folds a battle id's hash into a table's running 32-bit fingerprint (a multiply-add). */
function mixFingerprint(fingerprint: number, idHash: number): number {
  return (Math.imul(fingerprint, 0x9e3779b1) + idHash) >>> 0;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sortedCounts(counts: Map<string, number>): Array<[string, number]> {
  return [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
}
