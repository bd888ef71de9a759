/**
 * `importBattles` for SQLite: every batch in one transaction, written the cheapest way SQLite
 * allows while the import holds the database alone — see `importMode`.
 */
import type Database from "better-sqlite3";
import type { BattleWithVote } from "../domain/battle.ts";
import type { FileLayouts } from "./fileLayouts.ts";
import type { GroupCommit } from "./groupCommit.ts";
import { RepeatedValues, eachBatch } from "./importBatches.ts";
import type { ImportBatches } from "./store.ts";

export type SqliteImport = (input: ImportBatches) => Promise<{ imported: number; skipped: number }>;

export function sqliteImport(db: Database.Database, writes: GroupCommit, layouts: FileLayouts): SqliteImport {
  // Positional, all columns at once: an import inserts millions.
  const insertBattle = db.prepare(
    `INSERT INTO battles (id, session_hash, prompt, prompt_key, language, category, tags, model_a, model_b, answer_a, answer_b,
                          source, started_at, conversation, file_fields, file_layout, conv_metadata)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  const insertVote = db.prepare("INSERT INTO votes (battle_id, session_hash, winner, voted_at, flag) VALUES (?, ?, ?, ?, ?)");
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

  const importBatch = (battles: BattleWithVote[], values: RepeatedValues) => {
    let imported = 0;
    for (const battle of battles) {
      const at = values.isoTime(battle.votedAt);
      const fileFields = battle.fileFields ? split(battle.fileFields) : null;
      const inserted = insertBattle.run(
        battle.id, battle.sessionHash, battle.prompt, values.promptKey(battle.prompt, battle.source), battle.language,
        battle.category, battle.tags.join(","), battle.modelA, battle.modelB, battle.answerA, battle.answerB, battle.source,
        battle.startedAt.getTime() === battle.votedAt.getTime() ? at : battle.startedAt.toISOString(),
        battle.conversation && battle.conversation.length > 1 ? JSON.stringify(battle.conversation) : null,
        fileFields?.values ?? null,
        fileFields?.layout ?? null,
        battle.convMetadata ? JSON.stringify(battle.convMetadata) : null,
      );
      if (inserted.changes === 0) continue;
      insertVote.run(battle.id, battle.sessionHash, battle.winner, at, battle.flag);
      imported++;
    }
    return imported;
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
 * - A large page cache (256 MiB at most, only what the import touches): index pages of random
 *   ids stay in memory until the commit writes them once.
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
  db.pragma("cache_size = -262144");
  db.pragma("foreign_keys = OFF");
  const journaled = startJournal === "wal" && unlessBusy(() => db.pragma("journal_mode = DELETE", { simple: true })) === "delete";
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
