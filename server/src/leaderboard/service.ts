/**
 * Every counted vote in memory (rebuilt from the store at start: no second copy on disk to fall
 * out of step) and one Tally per filter that someone asked for, updated as votes arrive.
 */
import type { Leaderboard, LeaderboardFilter, RatingMove } from "@arena/shared/protocol";
import type { CountedVote } from "../store/store.ts";
import { filterKey, filtersOfVote, matchesFilter } from "./filters.ts";
import { Tally } from "./tally.ts";

export class LeaderboardService {
  private readonly votes: CountedVote[] = [];
  private readonly tables = new Map<string, Tally>();
  private readonly languageCounts = new Map<string, number>();
  private readonly overall: Tally;

  constructor(private readonly clock: () => Date) {
    this.overall = new Tally({}, clock());
    this.tables.set(filterKey({}), this.overall);
  }

  /** Adds a vote to every table it belongs to; returns the overall Elo moves and the changed filters. */
  add(vote: CountedVote): { moves: { a: RatingMove; b: RatingMove }; changed: LeaderboardFilter[] } {
    this.votes.push(vote);
    this.languageCounts.set(vote.language, (this.languageCounts.get(vote.language) ?? 0) + 1);
    const changed = filtersOfVote(vote);
    let moves: { a: RatingMove; b: RatingMove } | undefined;
    for (const filter of changed) {
      const move = this.tables.get(filterKey(filter))?.add(vote.modelA, vote.modelB, vote.winner, vote.votedAt);
      if (filter.language === undefined && filter.category === undefined) moves = move;
    }
    return { moves: moves!, changed };
  }

  get(filter: LeaderboardFilter): Leaderboard {
    return this.tallyFor(filter).toLeaderboard();
  }

  /** Languages with at least one counted vote, most votes first. */
  languages(): Array<{ code: string; battles: number }> {
    return [...this.languageCounts]
      .map(([code, battles]) => ({ code, battles }))
      .sort((x, y) => y.battles - x.battles || x.code.localeCompare(y.code));
  }

  private tallyFor(filter: LeaderboardFilter): Tally {
    const key = filterKey(filter);
    const cached = this.tables.get(key);
    if (cached) return cached;
    const tally = new Tally(filter, this.clock());
    for (const vote of this.votes) {
      if (matchesFilter(vote, filter)) tally.add(vote.modelA, vote.modelB, vote.winner, vote.votedAt);
    }
    // Only tables that hold votes are kept, so made-up filters cannot grow memory.
    if (tally.toLeaderboard().battles > 0) this.tables.set(key, tally);
    return tally;
  }
}
