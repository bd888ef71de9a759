/**
 * Writes stored battles as a battle file — FastChat's JSON array, JSONL or CSV — streaming, page by
 * page, for the command line and the admin API alike. What it writes reads back with
 * `BattleFileReader` into the same battles.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";

import { loadTokenCounter } from "@arena/shared/ratings/markdownStyle";

import type { BattleWithVote } from "../domain/battle.ts";
import { formatCsvLine } from "./csv.ts";
import { ARENA_FIELDS, FASTCHAT_FIELDS, toFastChatRecord } from "./fastChatRecord.ts";
import type { BattleFileFormat } from "./formats.ts";

type Pages = () => AsyncIterable<BattleWithVote[]>;

/**
 * The file as lines of text. `pages` is called once, or twice for CSV: its header names every
 * field any imported record kept, which takes a first pass.
 */
export async function* battleFileLines(pages: Pages, format: BattleFileFormat): AsyncGenerator<string> {
  const tokens = new TurnTokens();
  if (format === "csv") {
    yield* csvLines(pages, tokens);
    return;
  }
  let first = true;
  if (format === "json") yield "[";
  for await (const page of pages()) {
    const countTokens = await tokens.counterFor(page);
    for (const battle of page) {
      const json = JSON.stringify(toFastChatRecord(battle, countTokens));
      // FastChat's array, one battle per line, so that it streams like the JSONL.
      if (format === "json") yield first ? json : `,${json}`;
      else yield json;
      first = false;
    }
  }
  if (format === "json") yield "]";
}

/**
 * Token counts of Arena's own battles' turns, for their `num_tokens`. The tokenizer loads (a
 * fraction of a second) at the first page holding such a battle; an export of imports alone never
 * needs it. Counts are remembered: a pack's prompts and answers recur in many battles.
 */
class TurnTokens {
  private count: ((text: string) => number) | undefined;
  private readonly known = new Map<string, number>();

  async counterFor(page: readonly BattleWithVote[]): Promise<((text: string) => number) | undefined> {
    if (this.count === undefined && page.some((battle) => battle.source !== "import")) {
      const countTokens = await loadTokenCounter();
      this.count = (text) => {
        let count = this.known.get(text);
        if (count === undefined) {
          count = countTokens(text);
          if (this.known.size >= 20_000) this.known.clear();
          this.known.set(text, count);
        }
        return count;
      };
    }
    return this.count;
  }
}

async function* csvLines(pages: Pages, tokens: TurnTokens): AsyncGenerator<string> {
  // The columns in the JSON records' order: FastChat's, the files' other fields, Arena's.
  const columns: string[] = [...FASTCHAT_FIELDS];
  const known = new Set<string>([...columns, ...ARENA_FIELDS]);
  for await (const page of pages()) {
    for (const battle of page) {
      for (const key in battle.fileFields ?? {}) {
        if (!known.has(key)) {
          known.add(key);
          columns.push(key);
        }
      }
    }
  }
  columns.push(...ARENA_FIELDS);
  yield formatCsvLine(columns);
  for await (const page of pages()) {
    const countTokens = await tokens.counterFor(page);
    for (const battle of page) {
      const record = toFastChatRecord(battle, countTokens);
      yield formatCsvLine(columns.map((column) => csvCell(record[column])));
    }
  }
}

/** Empty for absent values; JSON for lists and objects (conversations, counts, tags); text otherwise. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Writes in chunks and waits when the stream asks to, so a large export does not pile up in memory. */
export async function writeLines(stream: Writable, lines: AsyncIterable<string>): Promise<void> {
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
  for await (const line of lines) {
    chunk.push(line);
    if (chunk.length === 1000) await flush();
  }
  if (chunk.length > 0) await flush();
  if (stream !== process.stdout) {
    stream.end();
    await Promise.race([once(stream, "finish"), failed]);
  }
}
