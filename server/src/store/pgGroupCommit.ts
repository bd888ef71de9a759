/**
 * Group commit for PostgreSQL: the writes asked for during one turn of the event loop go to the
 * server in one transaction, so many voters' votes share one commit (one WAL flush) instead of
 * paying one each. A few batches may be in flight at once, each on its own connection, so writes
 * keep flowing while a commit waits for the disk. If a batch fails for any reason, its writes are
 * retried one by one, each on its own, so one bad write fails alone and the others still land;
 * every promise settles only after its write committed (or definitely failed).
 */
import type pg from "pg";

type Pending = {
  /** A named query is prepared once per connection and then only executed (the hot writes). */
  query: { name?: string; text: string };
  params: unknown[];
  resolve: (result: pg.QueryResult) => void;
  reject: (error: unknown) => void;
};

export class PgGroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly pool: pg.Pool,
    /** Batches committing at once (each holds one connection). */
    private readonly maxInFlight = 3,
  ) {}

  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    query: string | { name: string; text: string },
    params: unknown[],
  ): Promise<pg.QueryResult<Row>> {
    return new Promise((resolve, reject) => {
      const named = typeof query === "string" ? { text: query } : query;
      this.queue.push({ query: named, params, resolve: resolve as (result: pg.QueryResult) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once every write asked for so far has settled (for closing). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight > 0 || this.scheduled) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // After this turn's I/O callbacks: every request that arrived together joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.queue;
      this.queue = [];
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    });
  }

  private async commit(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]!);
    let results: pg.QueryResult[];
    try {
      results = await this.inOneTransaction(batch);
    } catch {
      await Promise.all(batch.map((pending) => this.alone(pending)));
      return;
    }
    batch.forEach((pending, index) => pending.resolve(results[index]!));
  }

  private inOneTransaction(batch: Pending[]): Promise<pg.QueryResult[]> {
    // The client sends them in order, each after the previous answer; no await per statement.
    return inTransaction(this.pool, (client) =>
      Promise.all(batch.map((pending) => client.query({ ...pending.query, values: pending.params }))),
    );
  }

  private async alone(pending: Pending): Promise<void> {
    try {
      pending.resolve(await this.pool.query({ ...pending.query, values: pending.params }));
    } catch (error) {
      pending.reject(error);
    }
  }
}

/** Runs `work` in one transaction on one connection of `pool`. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError; // the connection itself failed: do not give it back to the pool
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
