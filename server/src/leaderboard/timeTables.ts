/**
 * The leaderboard as it stood at a past instant (`?at=`) and each model's history, computed from
 * the counted votes (countedVotes.ts): the table at an instant is the one of the votes counted up
 * to it. Kept apart from LeaderboardService, which holds only the tables of now.
 *
 * A filter's days are computed in one pass: the votes in time order feed one Tally, and at the end
 * of every UTC day with votes its table is taken. `?at=<day>` answers that day's table (or the
 * last earlier one), and a history point is that same table's row — equal by construction, not by
 * a second computation. An instant inside a day gets a table of its own. Both are cached (bounded,
 * least recently used), keyed by the counted votes' version so that a new vote retires them.
 */
import { DAY_MS, type HistoryPoint, type LeaderboardHistory } from "@arena/shared/depth";
import type { Leaderboard, LeaderboardFilter } from "@arena/shared/protocol";

import type { CountedVoteColumns, CountedVotes } from "./countedVotes.ts";
import { filterKey } from "./filters.ts";
import { type TableOptions, Tally } from "./tally.ts";

/** A filter's tables at the end of each UTC day with votes, in day order. */
type DayTables = { days: string[]; ends: number[]; tables: Leaderboard[] };

export type TimeTablesOptions = {
  /** The fit options of the tables of now (minimum votes, weighting, prior), so that past tables match them. */
  tableOptions: TableOptions;
  /** Marks rows (archived models), as the tables of now are. */
  decorate: (table: Leaderboard) => Leaderboard;
  /** Filters whose days are kept (default 16). */
  cachedFilters?: number;
  /** Tables of instants inside a day that are kept (default 64). */
  cachedInstants?: number;
};

export class TimeTables {
  private readonly days: LruCache<Promise<DayTables>>;
  private readonly instants: LruCache<Promise<Leaderboard>>;
  /** Per filter, the computation of its days under way. */
  private readonly computing = new Map<string, Promise<DayTables>>();

  constructor(
    private readonly counted: CountedVotes,
    private readonly options: TimeTablesOptions,
  ) {
    this.days = new LruCache(options.cachedFilters ?? 16);
    this.instants = new LruCache(options.cachedInstants ?? 64);
  }

  /** The table of the votes counted up to `cutoff` (epoch ms, inclusive). */
  async at(filter: LeaderboardFilter, cutoff: number): Promise<Leaderboard> {
    const table = await this.plainAt(filter, cutoff);
    if (filter.language === undefined && filter.category === undefined) return this.options.decorate(table);
    // A filtered table's rank change is against the overall table of the same instant.
    const overall = await this.plainAt(filter.style ? { style: filter.style } : {}, cutoff);
    const overallRanks = new Map(overall.rows.map((row) => [row.model, row.rank]));
    return this.options.decorate({
      ...table,
      rows: table.rows.map((row) => ({ ...row, overallRank: overallRanks.get(row.model) ?? null })),
    });
  }

  /** One point per UTC day with counted votes in the filter's table, where the model has a row. */
  async history(filter: LeaderboardFilter, model: string): Promise<LeaderboardHistory> {
    const { days, tables } = await this.dayTables(filter);
    const points: HistoryPoint[] = [];
    days.forEach((date, index) => {
      const row = tables[index]!.rows.find((each) => each.model === model);
      if (!row) return;
      const { rating, ciLower, ciUpper, battles, rank, provisional } = row;
      points.push({ date, rating, ciLower, ciUpper, battles, rank, provisional });
    });
    return {
      model,
      language: filter.language ?? null,
      category: filter.category ?? null,
      style: filter.style ?? null,
      points,
    };
  }

  private async plainAt(filter: LeaderboardFilter, cutoff: number): Promise<Leaderboard> {
    const { days, ends, tables } = await this.dayTables(filter);
    const day = utcDay(cutoff);
    // The last day with votes up to `cutoff`'s day.
    const index = upperBound(days, day) - 1;
    if (index >= 0 && days[index] === day && ends[index]! > cutoff) {
      // Inside a day with votes: a table of its own, unless no vote of that day came before `cutoff`.
      return this.instantTable(filter, cutoff);
    }
    if (index < 0) return this.emptyTable(filter, cutoff);
    return tables[index]!;
  }

  /**
   * The filter's days for the current counted votes. While they are being computed, questions
   * about the same filter share that computation even if a vote arrived meanwhile (their answer
   * is then the one of a few seconds ago): one computation per filter at a time, however busy the
   * arena.
   */
  private dayTables(filter: LeaderboardFilter): Promise<DayTables> {
    const filterName = filterKey(filter);
    const key = `${this.counted.version}|${filterName}`;
    const cached = this.days.get(key);
    if (cached) return cached;
    const running = this.computing.get(filterName);
    if (running) return running;
    const tables = this.counted.list().then((votes) => this.computeDays(filter, votes, inTimeOrder(votes, filter)));
    this.computing.set(filterName, tables);
    tables.then(
      () => this.days.set(key, tables),
      () => {},
    );
    void tables.finally(() => this.computing.delete(filterName)).catch(() => {});
    return tables;
  }

  /**
   * A fit per day: a year of a large arena's days takes seconds (docs/BENCHMARKS.md), so the event
   * loop is given back after each day — votes and pushes go on meanwhile, and every question about
   * the same filter waits for this one computation.
   */
  private async computeDays(
    filter: LeaderboardFilter,
    votes: CountedVoteColumns,
    order: Int32Array,
  ): Promise<DayTables> {
    const tally = new Tally(filter, new Date(0));
    const result: DayTables = { days: [], ends: [], tables: [] };
    for (let index = 0; index < order.length; index++) {
      const vote = order[index]!;
      addTo(tally, votes, vote);
      const time = votes.timeOf(vote);
      const dayNumber = Math.floor(time / DAY_MS);
      if (index + 1 < order.length && Math.floor(votes.timeOf(order[index + 1]!) / DAY_MS) === dayNumber) continue;
      result.days.push(utcDay(time));
      result.ends.push(time);
      result.tables.push(this.tableOf(tally, filter));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return result;
  }

  private instantTable(filter: LeaderboardFilter, cutoff: number): Promise<Leaderboard> {
    const key = `${this.counted.version}|${filterKey(filter)}|${cutoff}`;
    let table = this.instants.get(key);
    if (!table) {
      table = this.counted.list().then((votes) => {
        const tally = new Tally(filter, new Date(0));
        for (const vote of inTimeOrder(votes, filter)) {
          if (votes.timeOf(vote) > cutoff) break;
          addTo(tally, votes, vote);
        }
        return this.tableOf(tally, filter);
      });
      this.instants.set(key, table);
      table.catch(() => this.instants.delete(key));
    }
    return table;
  }

  private emptyTable(filter: LeaderboardFilter, cutoff: number): Leaderboard {
    return this.tableOf(new Tally(filter, new Date(cutoff)), filter);
  }

  private tableOf(tally: Tally, filter: LeaderboardFilter): Leaderboard {
    const { tableOptions } = this.options;
    return filter.style === "control" ? tally.toStyleLeaderboard(tableOptions) : tally.toLeaderboard(tableOptions);
  }
}

/** Counts vote `vote` of the columns in `tally` (`count`: no Elo moves to build for every vote). */
function addTo(tally: Tally, votes: CountedVoteColumns, vote: number): void {
  tally.count(
    votes.modelAOf(vote),
    votes.modelBOf(vote),
    votes.winnerOf(vote),
    new Date(votes.timeOf(vote)),
    votes.styleOf(vote),
  );
}

/** The numbers of the filter's votes by time (stable: votes of one instant keep their stored order). */
function inTimeOrder(votes: CountedVoteColumns, filter: LeaderboardFilter): Int32Array {
  const inFilter = votes.inFilter(filter);
  const selected = new Int32Array(votes.length);
  let count = 0;
  for (let vote = 0; vote < votes.length; vote++) if (inFilter(vote)) selected[count++] = vote;
  const order = selected.subarray(0, count);
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) sorted = votes.timeOf(order[i - 1]!) <= votes.timeOf(order[i]!);
  // Imported battles can carry times older than the votes stored before them. (A typed array's
  // sort is not stable: ties are broken by the stored order, as a stable sort would keep them.)
  return sorted ? order : order.sort((x, y) => votes.timeOf(x) - votes.timeOf(y) || x - y);
}

function utcDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The index of the first element greater than `value` (`sorted` ascending). */
function upperBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A map that forgets its least recently used entry beyond `capacity`. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
