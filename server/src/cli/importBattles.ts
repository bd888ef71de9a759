/**
 * `arena import-battles FILE`: battles with their votes from a battle file into the database
 * (DATABASE_URL, else ARENA_DB). The file is checked whole first (the fast way `rate` reads it,
 * so a malformed file never even creates a database), then read again piece by piece and written in
 * batches, all in one transaction: a problem in the database half-way writes nothing either. Ids
 * come from the file, or are derived from each record's line and text, so importing the same file
 * again adds nothing.
 */
import { type LanguageDetector, loadLanguageDetector, needsDetector } from "../battleFiles/battleContent.ts";
import type { FileBattle } from "../battleFiles/fileBattle.ts";
import { BattleFileReader } from "../battleFiles/readBattleFile.ts";
import { StoredBattleMapper } from "../battleFiles/storedBattle.ts";
import { readStoreConfig } from "../config.ts";
import { openStore } from "../store/openStore.ts";
import type { BattleWithVote } from "../store/store.ts";
import { type ParsedArgs, fileArgument, fromInvocationDir } from "./options.ts";

export const IMPORT_OPTIONS = {} as const;

/** Battles handed to the store at a time. */
const BATCH_SIZE = 10_000;

export async function runImportBattles(parsed: ParsedArgs): Promise<void> {
  const file = fileArgument("import-battles", parsed);
  const started = performance.now();
  const where = fromInvocationDir(file);
  new BattleFileReader(where, file).forEachVote(() => {});
  const reader = new BattleFileReader(where, file, { keepGiven: true });
  const store = await openStore(readStoreConfig());
  let result: { imported: number; skipped: number };
  try {
    result = await store.importBattles(storedBattles(reader, new Date()));
  } finally {
    await store.close();
  }
  process.stderr.write(
    `imported ${result.imported}, skipped ${result.skipped} (already present) from ${file} (${reader.format}) ` +
      `in ${Math.round(performance.now() - started)} ms\n`,
  );
}

/** The file's battles as Arena stores them, in batches; the language detector loads at first need. */
export async function* storedBattles(battles: Iterable<FileBattle>, importedAt: Date): AsyncGenerator<BattleWithVote[]> {
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
