/** What both stores do with `ImportBatches` and `battlePages`, apart from their SQL. */
import type { BattleSource, BattleWithVote } from "../domain/battle.ts";
import { promptKeyOf } from "./promptKey.ts";
import type { ImportBatches } from "./store.ts";

/** The batches of an import, whatever shape they came in (a plain array is one batch). */
export async function* eachBatch(input: ImportBatches): AsyncGenerator<BattleWithVote[]> {
  if (Array.isArray(input)) {
    yield input as BattleWithVote[];
    return;
  }
  yield* input as AsyncIterable<BattleWithVote[]>;
}

/** The battles of an import again, cut into chunks of `size` (the last one smaller). */
export async function* chunksOf(input: ImportBatches, size: number): AsyncGenerator<BattleWithVote[]> {
  let chunk: BattleWithVote[] = [];
  for await (const batch of eachBatch(input)) {
    for (const battle of batch) {
      chunk.push(battle);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Every page, in order, as one array. */
export async function allOfPages<T = BattleWithVote>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) for (const item of page) all.push(item);
  return all;
}

/** Rows per page of an export: large enough to be fast, small enough to stream. */
export const EXPORT_PAGE_SIZE = 5_000;

/**
 * Votes SQLite reads at a time to build the tables. A page must die young: while one page is
 * counted the young generation fills up about once per 2,000 votes, so pages of 2,000 outlived two
 * scavenges, were promoted and piled up as garbage in the old generation until a full collection
 * (1.5M votes: 415 MB promoted, 234–450 MiB resident; 256 a page: 13 MB, 146 MiB). A page from
 * SQLite is a call, not a round trip, so small pages cost little (+4% CPU for the read alone).
 */
export const VOTE_PAGE_SIZE = 256;

/** The same for PostgreSQL, where every page is a round trip (bench startup). */
export const POSTGRES_VOTE_PAGE_SIZE = 2_000;

/**
 * Values an import works out for every battle, worked out again only when they change: a file's
 * battles often share one (a CSV of votes has no prompts, and no times: every vote is "now").
 */
export class RepeatedValues {
  private prompt: string | undefined;
  private source: BattleSource | undefined;
  private key: string | null = null;
  private time = Number.NaN;
  private iso = "";

  promptKey(prompt: string, source: BattleSource): string | null {
    if (prompt !== this.prompt || source !== this.source) {
      this.prompt = prompt;
      this.source = source;
      this.key = promptKeyOf(prompt, source);
    }
    return this.key;
  }

  isoTime(date: Date): string {
    const time = date.getTime();
    if (time !== this.time) {
      this.time = time;
      this.iso = date.toISOString();
    }
    return this.iso;
  }
}
