/**
 * The periodic full check of a cluster server's tables against the database. Votes reach the other
 * servers as notifications, which are not durable (a server cut off from PostgreSQL for a moment
 * misses some), so every check compares how many votes this server has taken in with how many the
 * store held at the previous check: by now every one of those must have arrived; if some did not,
 * the tables are rebuilt from the store. Votes still in flight at a check are never mistaken for
 * lost ones, so a busy cluster does not rebuild for nothing.
 */
export class VoteSync {
  private seen = 0;
  private storedAtLastCheck = 0;
  private standingsAtLastCheck: string | undefined;

  constructor(
    private readonly countStored: () => Promise<number>,
    /** Rebuilds the tables from the store; resolves with how many votes it read. */
    private readonly rebuild: () => Promise<number>,
    /** A fingerprint of the stored session standings: a change whose message got lost rebuilds too. */
    private readonly standingsStamp: () => Promise<string>,
  ) {}

  /** A vote (counted or not) reached this server's tables. */
  took(votes = 1): void {
    this.seen += votes;
  }

  /** The tables were rebuilt from `votes` stored votes. */
  rebuilt(votes: number): void {
    this.seen = votes;
  }

  /** Answers whether it had to rebuild. */
  async check(): Promise<boolean> {
    const stored = await this.countStored();
    const standings = await this.standingsStamp();
    const missed = this.seen < this.storedAtLastCheck;
    // The standings a check sees were applied by the rebuild their message caused, or will be now.
    const moved = this.standingsAtLastCheck !== undefined && standings !== this.standingsAtLastCheck;
    if (missed || moved) this.rebuilt(await this.rebuild());
    this.storedAtLastCheck = stored;
    this.standingsAtLastCheck = standings;
    return missed || moved;
  }
}
