/**
 * Group commit for SQLite: the writes asked for during one turn of the event loop run in one
 * transaction, so many voters' votes share one fsync instead of paying one each. Every promise
 * settles only after that transaction has committed (or failed), so an ack still means "on disk".
 * Each write runs in its own savepoint: one failing write (a constraint) fails alone.
 */
import type Database from "better-sqlite3";

type Pending = { write: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private readonly inSavepoint: (write: () => unknown) => unknown;
  private readonly inTransaction: (batch: Pending[]) => Outcome[];

  constructor(db: Database.Database) {
    // better-sqlite3 turns a transaction function called inside another into a savepoint.
    this.inSavepoint = db.transaction((write: () => unknown) => write());
    this.inTransaction = db.transaction((batch: Pending[]) =>
      batch.map((pending): Outcome => {
        try {
          return { ok: true, value: this.inSavepoint(pending.write) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate runs after the I/O callbacks of this loop turn: every request that arrived
      // together joins the batch.
      this.flushing ??= new Promise<void>((done) =>
        setImmediate(() => {
          this.flushing = undefined;
          this.flush();
          done();
        }),
      );
    });
  }

  /** Resolves once every write asked for so far has committed (for closing). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.inTransaction(batch);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is stored.
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}
