/**
 * `importBattles` for SQLite: every batch in one transaction, written the cheapest way SQLite
 * allows while the import holds the database alone — see `importMode`.
 */
import type Database from "better-sqlite3";

import type { BattleWithVote } from "../domain/battle.ts";
import type { FileLayouts } from "./fileLayouts.ts";
import type { GroupCommit } from "./groupCommit.ts";
import { eachBatch, RepeatedValues } from "./importBatches.ts";
import { reasonsColumn } from "./rows.ts";
import type { ImportBatches } from "./store.ts";

export type SqliteImport = (input: ImportBatches) => Promise<{ imported: number; skipped: number }>;

/** A value as SQLite binds it. */
type SqlValue = string | number | null;

const BATTLE_COLUMNS = [
  "id",
  "session_hash",
  "prompt",
  "prompt_key",
  "language",
  "category",
  "tags",
  "model_a",
  "model_b",
  "answer_a",
  "answer_b",
  "source",
  "started_at",
  "conversation",
  "file_fields",
  "file_layout",
  "conv_metadata",
];
const VOTE_COLUMNS = ["battle_id", "session_hash", "winner", "voted_at", "flag", "reasons"];

export function sqliteImport(db: Database.Database, writes: GroupCommit, layouts: FileLayouts): SqliteImport {
  const insertBattle = new SharedValuesInsert(
    db,
    (values) =>
      `INSERT INTO battles (${BATTLE_COLUMNS.join(", ")}) VALUES (${values.join(", ")}) ON CONFLICT (id) DO NOTHING`,
  );
  const insertVote = new SharedValuesInsert(
    db,
    (values) => `INSERT INTO votes (${VOTE_COLUMNS.join(", ")}) VALUES (${values.join(", ")})`,
  );
  // A batch's votes in one statement: their varying values as one JSON array of rows, in order.
  const insertVotes = new SharedValuesInsert(db, (values) => {
    let element = 0;
    const selected = values.map((value) => (value === "?" ? `value ->> ${element++}` : value));
    return `INSERT INTO votes (${VOTE_COLUMNS.join(", ")}) SELECT ${selected.join(", ")} FROM json_each(?) ORDER BY key`;
  });
  const insertLayout = db.prepare("INSERT INTO file_layouts (fields) VALUES (?) ON CONFLICT (fields) DO NOTHING");
  const selectLayout = db.prepare("SELECT id FROM file_layouts WHERE fields = ?").pluck();

  /** The record's own fields as stored: their values, and their layout (made on first sight). */
  const split = (fileFields: Record<string, unknown>) => {
    const parts = layouts.split(fileFields);
    const values = JSON.stringify(parts.values);
    if (parts.layout !== undefined) return { values, layout: parts.layout };
    insertLayout.run(parts.fields);
    const layout = selectLayout.get(parts.fields) as number;
    layouts.learn(layout, parts.fields);
    return { values, layout };
  };

  /** The battle's row, in the order of BATTLE_COLUMNS, and its vote's, in the order of VOTE_COLUMNS. */
  const rowsOf = (battle: BattleWithVote, values: RepeatedValues): [SqlValue[], SqlValue[]] => {
    const at = values.isoTime(battle.votedAt);
    const fileFields = battle.fileFields ? split(battle.fileFields) : null;
    return [
      [
        battle.id,
        battle.sessionHash,
        battle.prompt,
        values.promptKey(battle.prompt, battle.source),
        battle.language,
        battle.category,
        battle.tags.join(","),
        battle.modelA,
        battle.modelB,
        battle.answerA,
        battle.answerB,
        battle.source,
        battle.startedAt.getTime() === battle.votedAt.getTime() ? at : battle.startedAt.toISOString(),
        battle.conversation && battle.conversation.length > 1 ? JSON.stringify(battle.conversation) : null,
        fileFields?.values ?? null,
        fileFields?.layout ?? null,
        battle.convMetadata ? JSON.stringify(battle.convMetadata) : null,
      ],
      [battle.id, battle.sessionHash, battle.winner, at, battle.flag, reasonsColumn(battle.reasons)],
    ];
  };

  const importBatch = (battles: BattleWithVote[], values: RepeatedValues) => {
    if (battles.length === 0) return 0;
    const battleRows: SqlValue[][] = [];
    const voteRows: SqlValue[][] = [];
    for (const battle of battles) {
      const [battleRow, voteRow] = rowsOf(battle, values);
      battleRows.push(battleRow);
      voteRows.push(voteRow);
    }
    const battleInsert = insertBattle.forRows(battleRows);
    const inserted: SqlValue[][] = [];
    for (let index = 0; index < battleRows.length; index++) {
      if (battleInsert.run(battleRows[index]!) !== 0) inserted.push(voteRows[index]!);
    }
    if (inserted.length === 0) return 0;
    if (inserted.every(travelsAsJson)) insertVotes.forRows(inserted).runAll(inserted);
    else {
      const voteInsert = insertVote.forRows(inserted);
      for (const row of inserted) voteInsert.run(row);
    }
    return inserted.length;
  };

  return async (input) => {
    // Whatever was asked to be written before goes first; then the import holds the writer.
    await writes.run(() => undefined);
    const values = new RepeatedValues();
    let imported = 0;
    let total = 0;
    const mode = importMode(db);
    try {
      db.exec("BEGIN IMMEDIATE");
      try {
        for await (const batch of eachBatch(input)) {
          imported += importBatch(batch, values);
          total += batch.length;
        }
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        // Layouts made by this import went with it: their ids may be given to others.
        layouts.forget();
        throw error;
      }
    } finally {
      mode.restore();
    }
    if (mode.journaled) {
      // SQLite synced the commit itself; the log it writes from now on is a new file.
      writes.logReplaced();
    } else {
      // The group commit's next batch syncs the log, and with it this commit.
      await writes.run(() => undefined);
    }
    return { imported, skipped: total - imported };
  };
}

/**
 * Settings for the length of an import, undone by `restore`:
 * - A page cache of 32 MiB: the index pages of random ids a large import keeps coming back to stay
 *   in memory. A larger one (256 MiB) saved little more: pages spilled before the commit are
 *   written but seldom read again, while every page of a larger cache is memory the process
 *   touches for the first time (a page fault each), and its peak memory grows by 50 MiB.
 * - No foreign-key lookups: each vote goes in right after the battle it names, in the same
 *   transaction, so the lookup could never fail.
 * - When no other connection has the database open, a rollback journal instead of the
 *   write-ahead log: the log would hold every new page once, then copy it into the database
 *   again (a checkpoint); a rollback journal holds only the few pages that existed before, and
 *   new pages are written once. With `synchronous = EXTRA` the commit is on disk when it returns
 *   (the journal's deletion, which commits, is synced too). A crash half-way leaves a journal
 *   that the next opening rolls back, as it would a log. SQLite refuses the switch at once
 *   (busy) while a server has the file open; the import then goes through the log as any write.
 */
function importMode(db: Database.Database): { journaled: boolean; restore: () => void } {
  const cacheSize = db.pragma("cache_size", { simple: true }) as number;
  const synchronous = db.pragma("synchronous", { simple: true }) as number;
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) as number;
  const startJournal = db.pragma("journal_mode", { simple: true }) as string;
  db.pragma("cache_size = -32768");
  db.pragma("foreign_keys = OFF");
  const journaled =
    startJournal === "wal" && unlessBusy(() => db.pragma("journal_mode = DELETE", { simple: true })) === "delete";
  if (journaled) db.pragma("synchronous = EXTRA");
  return {
    journaled,
    restore() {
      // Should a server have opened the file meanwhile, it stays in rollback mode until the next
      // opening, which sets the log again: the import is committed either way.
      if (journaled && unlessBusy(() => db.pragma("journal_mode = WAL")) !== undefined) {
        // Reading opens the new log, so that the group commit finds it to sync.
        db.prepare("SELECT count(*) FROM schema_migrations").get();
      }
      db.pragma(`synchronous = ${synchronous}`);
      db.pragma(`foreign_keys = ${foreignKeys}`);
      db.pragma(`cache_size = ${cacheSize}`);
    },
  };
}

/** What `work` returns, or undefined when the database is busy (another connection holds it). */
function unlessBusy<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return undefined;
    throw error;
  }
}

/**
 * An INSERT of one row at a time whose values shared by a whole batch are written into its text:
 * each row then binds only what varies — 4 of a battle's 17 columns for a CSV of votes (one
 * voter, no prompts, one time), and converting and binding values is a good part of a row's
 * cost outside SQLite's B-trees. One prepared statement per distinct set of shared values (a
 * file's batches nearly always share one set).
 */
class SharedValuesInsert {
  private readonly statements = new Map<string, BatchInsert>();

  constructor(
    private readonly db: Database.Database,
    /** The statement, given the SQL of each column's value (a literal or `?`). */
    private readonly sqlOf: (values: string[]) => string,
  ) {}

  /** The insert for this batch of rows (each in column order; at least one). */
  forRows(rows: SqlValue[][]): BatchInsert {
    const first = rows[0]!;
    const literals = first.map((value, column) => {
      const literal = sqlLiteral(value);
      return literal !== undefined && rows.every((row) => row[column] === value) ? literal : "?";
    });
    const key = literals.join("\u0000");
    let insert = this.statements.get(key);
    if (insert === undefined) {
      // Each prepared statement holds memory in SQLite: a file whose shared values keep changing
      // does not pile them up.
      if (this.statements.size === 16) this.statements.clear();
      insert = new BatchInsert(
        this.db.prepare(this.sqlOf(literals)),
        literals.flatMap((literal, column) => (literal === "?" ? [column] : [])),
      );
      this.statements.set(key, insert);
    }
    return insert;
  }
}

class BatchInsert {
  /** The bound values of one row, reused row after row. */
  private readonly bound: SqlValue[];

  constructor(
    private readonly statement: Database.Statement,
    /** The columns bound per row, in the order of the statement's parameters. */
    private readonly varying: readonly number[],
  ) {
    this.bound = new Array<SqlValue>(varying.length);
  }

  /**
   * Inserts every row with one run of a statement that reads them from one JSON array (see
   * insertVotes): an array per row of its varying values.
   */
  runAll(rows: ReadonlyArray<readonly SqlValue[]>): void {
    const varying = this.varying;
    const values = rows.map((row) => varying.map((column) => row[column]));
    this.statement.run(JSON.stringify(values));
  }

  /** Inserts one row (in column order); returns the number of rows inserted (0 on a conflict ignored). */
  run(row: readonly SqlValue[]): number {
    const bound = this.bound;
    for (let index = 0; index < bound.length; index++) bound[index] = row[this.varying[index]!]!;
    return this.statement.run(bound).changes;
  }
}

/**
 * Whether SQLite reads a row's values back from JSON as it would bind them: text and null (text
 * with a NUL or a lone surrogate included — SQLite decodes its escapes to the same bytes).
 */
function travelsAsJson(row: readonly SqlValue[]): boolean {
  return row.every((value) => value === null || typeof value === "string");
}

/**
 * A value as an SQL literal, or undefined when it is better bound: text with a NUL (SQL text
 * ends there), long text (the statement would be rebuilt for little), numbers but integers.
 */
function sqlLiteral(value: SqlValue): string | undefined {
  if (value === null) return "NULL";
  if (typeof value === "number") return Number.isSafeInteger(value) ? String(value) : undefined;
  if (value.length > 1_000 || value.includes("\u0000")) return undefined;
  return `'${value.replaceAll("'", "''")}'`;
}
