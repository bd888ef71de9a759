/**
 * `arena import-battles FILE`: battles with their votes from a battle file into the database
 * (DATABASE_URL, else ARENA_DB). The whole file is read and checked before the first write;
 * batches then go in one transaction each. Ids come from the file, or are derived from each
 * record's line and text, so importing the same file again adds nothing.
 */
import { createHash } from "node:crypto";
import { battleIdSchema, categorySchema } from "@arena/shared/protocol";
import { tagPrompt } from "@arena/shared/promptTags";
import { readStoreConfig } from "../config.ts";
import { openStore } from "../store/openStore.ts";
import type { BattleWithVote } from "../store/store.ts";
import { readBattleFile } from "./battleFile.ts";
import {
  type LanguageDetector,
  answerOf,
  languageDetectorFor,
  languageOf,
  promptOf,
  secondsToDate,
  turnsOf,
} from "./battleContent.ts";
import type { FileBattle } from "./battleRecord.ts";
import { type ParsedArgs, fileArgument, fromInvocationDir } from "./options.ts";

export const IMPORT_OPTIONS = {} as const;

/** Battles per transaction: large enough to be fast, small enough not to hold the writer lock long. */
const BATCH_SIZE = 10_000;

export async function runImportBattles(parsed: ParsedArgs): Promise<void> {
  const file = fileArgument("import-battles", parsed);
  const started = performance.now();
  const { battles } = readBattleFile(fromInvocationDir(file), file);
  const importedAt = new Date();
  const detect = await languageDetectorFor(battles);
  const sessionHashes = new Map<string, string>();
  const records = battles.map((battle) => toBattleWithVote(battle, importedAt, detect, sessionHashes));

  const store = await openStore(readStoreConfig());
  let imported = 0;
  let skipped = 0;
  try {
    for (let start = 0; start < records.length; start += BATCH_SIZE) {
      const result = await store.importBattles(records.slice(start, start + BATCH_SIZE));
      imported += result.imported;
      skipped += result.skipped;
    }
  } finally {
    await store.close();
  }
  process.stderr.write(
    `imported ${imported}, skipped ${skipped} (already present) in ${Math.round(performance.now() - started)} ms\n`,
  );
}

export function toBattleWithVote(
  battle: FileBattle,
  importedAt: Date,
  detect: LanguageDetector,
  sessionHashes: Map<string, string> = new Map(),
): BattleWithVote {
  const prompt = promptOf(battle);
  const at = battle.tstamp === null ? importedAt : secondsToDate(battle.tstamp);
  const judge = battle.judge ?? "import";
  let sessionHash = sessionHashes.get(judge);
  if (sessionHash === undefined) {
    sessionHash = sha256(judge);
    sessionHashes.set(judge, sessionHash);
  }
  const category = battle.category?.toLowerCase() ?? null;
  return {
    id: battleIdOf(battle),
    sessionHash,
    prompt,
    language: languageOf(battle, detect),
    category: category !== null && categorySchema.safeParse(category).success ? category : null,
    tags: prompt === "" ? [] : tagPrompt(prompt, turnsOf(battle)),
    modelA: battle.modelA,
    modelB: battle.modelB,
    answerA: answerOf(battle.conversationA),
    answerB: answerOf(battle.conversationB),
    source: "import",
    startedAt: at,
    winner: battle.winner,
    votedAt: at,
    flag: battle.flag,
  };
}

/**
 * The file's id when it has the shape of an Arena battle id (LMArena's UUIDs, FastChat's hex
 * ids, Arena's own exports), a hash of it otherwise; with no id, a hash of the record's line
 * and text.
 */
export function battleIdOf(battle: FileBattle): string {
  if (battle.id === null) return sha256(`${battle.line}\n${battle.raw ?? ""}`);
  return battleIdSchema.safeParse(battle.id).success ? battle.id : sha256(`id\n${battle.id}`);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
