/**
 * The counted votes, read back from the store: every unflagged stored vote that the integrity gate
 * (with the current policy and standings) counts, in stored order, each with its reasons. What the
 * tables of the past (`?at=`, history) and the reason counts are computed from — the votes
 * themselves, not a second store of snapshots that could drift from them. Read once per change
 * (a vote, a standing, a change of reasons), then shared by every question until the next one.
 */
import type { StoredVote } from "../domain/vote.ts";
import type { VoteGate } from "../integrity/votePolicy.ts";
import type { ArenaStore } from "../store/store.ts";

export class CountedVotes {
  private generation = 0;
  private loaded: { generation: number; votes: Promise<StoredVote[]>; at: number } | null = null;

  constructor(
    private readonly store: Pick<ArenaStore, "listVotes">,
    /** The gate of the current tables; a fresh copy decides, so its counts start from nothing. */
    private readonly currentGate: () => VoteGate,
    /**
     * Reads again after this long even without a change heard of (servers sharing PostgreSQL hear
     * of each other's votes, not of each other's changes of reasons); undefined = never.
     */
    private readonly maxAgeMs?: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Changes with every invalidation: a cache key for anything computed from the counted votes. */
  get version(): number {
    return this.generation;
  }

  /** The stored votes or standings changed: the next question reads them again. */
  invalidate(): void {
    this.generation++;
  }

  list(): Promise<StoredVote[]> {
    if (this.loaded && this.maxAgeMs !== undefined && this.now() - this.loaded.at > this.maxAgeMs) this.invalidate();
    if (this.loaded?.generation === this.generation) return this.loaded.votes;
    const generation = this.generation;
    const votes = this.store.listVotes().then((stored) => {
      const gate = this.currentGate().fresh();
      return stored.filter((vote) => gate.admit(vote));
    });
    this.loaded = { generation, votes, at: this.now() };
    // A failed read is not kept: the next question tries again.
    votes.catch(() => {
      if (this.loaded?.votes === votes) this.loaded = null;
    });
    return votes;
  }
}
