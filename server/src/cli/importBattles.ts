/**
 * `arena import-battles FILE`: battles with their votes from a battle file into the database
 * (DATABASE_URL, else ARENA_DB). The file is read once, piece by piece, checked as it goes and
 * written in batches, all in one transaction: the first problem in the file (or in the database)
 * rolls it back, so a file that fails half-way writes nothing — and a SQLite file the import
 * created is removed again, so a malformed file never leaves a database behind. Ids come from the
 * file, or are derived from each record's line and text, so importing the same file again adds
 * nothing.
 */
import fs from "node:fs";

import { type LanguageDetector, loadLanguageDetector, needsDetector } from "../battleFiles/battleContent.ts";
import type { FileBattle } from "../battleFiles/fileBattle.ts";
import { BattleFileReader } from "../battleFiles/readBattleFile.ts";
import { StoredBattleMapper } from "../battleFiles/storedBattle.ts";
import type { BattleWithVote } from "../domain/battle.ts";
import { openStore } from "../store/openStore.ts";
import { readStoreConfig, type StoreConfig } from "../storeConfig.ts";
import { fileArgument, fromInvocationDir, type ParsedArgs } from "./options.ts";

export const IMPORT_OPTIONS = {} as const;

/** Battles handed to the store at a time: few enough that they die young (a scavenge, not a full collection). */
const BATCH_SIZE = 1_000;

/**
 * Pages of a SQLite file the import creates: an import writes it whole, and four times fewer,
 * larger pages cost a fifth less to fill (fewer page splits, allocations and writes).
 */
const IMPORTED_PAGE_SIZE = 16_384;

export async function runImportBattles(parsed: ParsedArgs): Promise<void> {
  const file = fileArgument("import-battles", parsed);
  const started = performance.now();
  const reader = new BattleFileReader(fromInvocationDir(file), file, { keepGiven: true });
  const config = readStoreConfig();
  const created = createdSqliteFile(config);
  let result: { imported: number; skipped: number };
  try {
    const store = await openStore(config, { sqlite: { pageSize: IMPORTED_PAGE_SIZE } });
    try {
      result = await store.importBattles(storedBattles(reader, new Date()));
    } finally {
      await store.close();
    }
  } catch (error) {
    if (created !== null) removeDatabase(created);
    throw error;
  }
  process.stderr.write(
    `imported ${result.imported}, skipped ${result.skipped} (already present) from ${file} (${reader.format}) ` +
      `in ${Math.round(performance.now() - started)} ms\n`,
  );
}

/** The SQLite file the import is about to create, or null (PostgreSQL, memory, a file that exists). */
function createdSqliteFile(config: StoreConfig): string | null {
  const file = config.databaseFile;
  return config.databaseUrl === undefined && file !== ":memory:" && !fs.existsSync(file) ? file : null;
}

function removeDatabase(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** The file's battles as Arena stores them, in batches; the language detector loads at first need. */
export async function* storedBattles(
  battles: Iterable<FileBattle>,
  importedAt: Date,
): AsyncGenerator<BattleWithVote[]> {
  let detect: LanguageDetector | undefined;
  const mapper = new StoredBattleMapper(importedAt, (text) => detect!(text));
  let batch: FileBattle[] = [];
  const mapped = async () => {
    if (detect === undefined && batch.some(needsDetector)) detect = await loadLanguageDetector();
    const stored = batch.map((battle) => mapper.toStored(battle));
    batch = [];
    return stored;
  };
  for (const battle of battles) {
    batch.push(battle);
    if (batch.length === BATCH_SIZE) yield await mapped();
  }
  if (batch.length > 0) yield await mapped();
}
