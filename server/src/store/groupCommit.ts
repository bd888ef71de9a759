/**
 * Group commit for SQLite: the writes asked for during one turn of the event loop run in one
 * transaction, so many voters' votes share one disk sync instead of paying one each. Each write
 * runs in its own savepoint: one failing write (a constraint) fails alone.
 *
 * The sync itself is taken off the event loop: SQLite commits without syncing (`synchronous =
 * NORMAL`), then the write-ahead log is flushed with an asynchronous fdatasync on libuv's thread
 * pool, and only then do the writes' promises settle — so an ack still means "on disk", while the
 * next batch runs meanwhile. A batch that commits while a sync is under way waits for the next
 * one, which starts after its commit.
 */
import fs from "node:fs";

import type Database from "better-sqlite3";

type Pending = { write: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
/** A write that committed, waiting for the sync that makes it durable. */
type Committed = { settle: () => void; fail: (error: unknown) => void };

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled: Promise<void> | undefined;
  private committed: Committed[] = [];
  private syncing: Promise<void> | undefined;
  private walFd: number | undefined;
  private readonly inSavepoint: (write: () => unknown) => unknown;
  private readonly inTransaction: (batch: Pending[]) => Outcome[];

  /** `walFile`: the database's write-ahead log, synced after each commit; undefined = in memory. */
  constructor(
    db: Database.Database,
    private readonly walFile: string | undefined,
  ) {
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
      this.scheduled ??= new Promise<void>((done) =>
        setImmediate(() => {
          this.scheduled = undefined;
          this.flush();
          done();
        }),
      );
    });
  }

  /** Resolves once every write asked for so far is committed and synced (for closing). */
  async drain(): Promise<void> {
    while (this.scheduled || this.syncing) await (this.scheduled ?? this.syncing);
    if (this.walFd !== undefined) fs.closeSync(this.walFd);
    this.walFd = undefined;
  }

  /** The log file was deleted and made anew (an import switched the journal mode): sync the new one from now on. */
  logReplaced(): void {
    if (this.walFd !== undefined) fs.closeSync(this.walFd);
    this.walFd = undefined;
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
      this.committed.push(
        outcome.ok
          ? { settle: () => pending.resolve(outcome.value), fail: pending.reject }
          : { settle: () => pending.reject(outcome.error), fail: () => pending.reject(outcome.error) },
      );
    });
    this.syncing ??= this.syncCommitted();
  }

  /** Syncs the log for everything committed so far, again while more committed meanwhile. */
  private async syncCommitted(): Promise<void> {
    while (this.committed.length > 0) {
      const covered = this.committed;
      this.committed = [];
      try {
        await this.syncLog();
        for (const write of covered) write.settle();
      } catch (error) {
        // Committed but maybe not durable: never answer "ok" for it.
        for (const write of covered) write.fail(error);
      }
    }
    this.syncing = undefined;
  }

  private syncLog(): Promise<void> {
    if (this.walFile === undefined) return Promise.resolve();
    // Opened once the log exists (after the first commit); SQLite keeps the file while it is open.
    this.walFd ??= fs.openSync(this.walFile, "r");
    const fd = this.walFd;
    return new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }
}
