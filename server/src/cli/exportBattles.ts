/**
 * `arena export-battles`: every voted battle of the database in FastChat's battle format, as
 * JSONL (default) or CSV, on stdout or into `--output FILE`. What it writes imports back with
 * `import-battles` and rates with `rate`.
 */
import fs from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { z } from "zod";
import type { Winner } from "@arena/shared/protocol";
import { readStoreConfig } from "../config.ts";
import { openStore } from "../store/openStore.ts";
import type { BattleWithVote } from "../store/store.ts";
import { cliError } from "./cliError.ts";
import { formatCsvLine } from "./csv.ts";
import { type ParsedArgs, fromInvocationDir, noArguments, optionValue } from "./options.ts";

export const EXPORT_OPTIONS = { format: "value", output: "value" } as const;

const WINNER_NAMES: Record<Winner, string> = { a: "model_a", b: "model_b", tie: "tie", bothbad: "tie (bothbad)" };

type FastChatTurn = { role: "user" | "assistant"; content: string };

/** One battle as FastChat writes it, with Arena's `category`, `tags`, `flag` and `battle_id`. */
export type FastChatBattle = {
  model_a: string;
  model_b: string;
  winner: string;
  judge: string;
  language: string;
  turn: number;
  anony: boolean;
  tstamp: number;
  category: string | null;
  tags: string[];
  flag: string | null;
  battle_id: string;
  conversation_a?: FastChatTurn[];
  conversation_b?: FastChatTurn[];
};

const CSV_COLUMNS: ReadonlyArray<keyof FastChatBattle> = [
  "model_a", "model_b", "winner", "judge", "language", "turn", "anony", "tstamp",
  "category", "tags", "flag", "battle_id", "conversation_a", "conversation_b",
];

export function toFastChatBattle(battle: BattleWithVote): FastChatBattle {
  const record: FastChatBattle = {
    model_a: battle.modelA,
    model_b: battle.modelB,
    winner: WINNER_NAMES[battle.winner],
    judge: battle.sessionHash,
    language: battle.language,
    turn: 1,
    anony: true,
    tstamp: battle.votedAt.getTime() / 1000,
    category: battle.category,
    tags: battle.tags,
    flag: battle.flag,
    battle_id: battle.id,
  };
  const conversationA = conversation(battle.prompt, battle.answerA);
  const conversationB = conversation(battle.prompt, battle.answerB);
  if (conversationA) record.conversation_a = conversationA;
  if (conversationB) record.conversation_b = conversationB;
  return record;
}

/** The prompt and the answer, as far as they are known; nothing when neither is. */
function conversation(prompt: string, answer: string | null): FastChatTurn[] | undefined {
  if (prompt === "" && answer === null) return undefined;
  const turns: FastChatTurn[] = [{ role: "user", content: prompt }];
  if (answer !== null) turns.push({ role: "assistant", content: answer });
  return turns;
}

function csvCell(value: FastChatBattle[keyof FastChatBattle]): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export async function runExportBattles(parsed: ParsedArgs): Promise<void> {
  noArguments("export-battles", parsed);
  const format = optionValue("export-battles", parsed, "format", z.enum(["jsonl", "csv"]), "jsonl or csv", "jsonl");
  const output = parsed.values.get("output");
  const config = readStoreConfig();
  const { databaseFile } = config;
  if (config.databaseUrl === undefined && databaseFile !== ":memory:" && !fs.existsSync(databaseFile)) {
    throw cliError("arena export-battles", `no database at ${databaseFile} (set ARENA_DB or DATABASE_URL)`);
  }
  const store = await openStore(config);
  let battles: BattleWithVote[];
  try {
    battles = await store.exportBattles();
  } finally {
    await store.close();
  }
  const lines = exportLines(battles, format);
  const target = output === undefined ? process.stdout : fs.createWriteStream(fromInvocationDir(output));
  try {
    await writeLines(target, lines);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The reader went away (`| head`): what it wanted, it got.
    if (output === undefined && code === "EPIPE") return;
    throw cliError(output ?? "stdout", `cannot be written (${code ?? String(error)})`);
  }
  process.stderr.write(`exported ${battles.length} battles${output === undefined ? "" : ` to ${output}`}\n`);
}

/** The export as lines of text, the same for the command line and the admin API. */
export function exportLines(battles: readonly BattleWithVote[], format: "jsonl" | "json" | "csv"): Iterable<string> {
  if (format === "csv") return csvLines(battles);
  return format === "json" ? jsonArrayLines(battles) : jsonLines(battles);
}

/** FastChat's `clean_battle` JSON array, one battle per line so it streams like the JSONL. */
function* jsonArrayLines(battles: readonly BattleWithVote[]): Generator<string> {
  yield "[";
  for (let i = 0; i < battles.length; i++) yield `${JSON.stringify(toFastChatBattle(battles[i]!))}${i < battles.length - 1 ? "," : ""}`;
  yield "]";
}

function* jsonLines(battles: readonly BattleWithVote[]): Generator<string> {
  for (const battle of battles) yield JSON.stringify(toFastChatBattle(battle));
}

function* csvLines(battles: readonly BattleWithVote[]): Generator<string> {
  yield formatCsvLine(CSV_COLUMNS);
  for (const battle of battles) {
    const record = toFastChatBattle(battle);
    yield formatCsvLine(CSV_COLUMNS.map((column) => csvCell(record[column])));
  }
}

/** Writes in chunks and waits when the stream asks to, so a large export does not pile up in memory. */
export async function writeLines(stream: Writable, lines: Iterable<string>): Promise<void> {
  const failed = new Promise<never>((_, reject) => {
    stream.once("error", reject);
    // A reader that hung up (an HTTP client) closes the stream without an error; stop writing then.
    stream.once("close", () => reject(Object.assign(new Error("the stream closed"), { code: "ERR_STREAM_DESTROYED" })));
  });
  failed.catch(() => {}); // Awaited below through Promise.race; this only keeps a late error from going unhandled.
  let chunk: string[] = [];
  const flush = async () => {
    if (!stream.write(`${chunk.join("\n")}\n`)) await Promise.race([once(stream, "drain"), failed]);
    chunk = [];
  };
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length === 1000) await flush();
  }
  if (chunk.length > 0) await flush();
  if (stream !== process.stdout) {
    stream.end();
    await Promise.race([once(stream, "finish"), failed]);
  }
}
