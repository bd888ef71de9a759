/** What both stores do with `ImportBatches` and `battlePages`, apart from their SQL. */
import type { BattleWithVote, ImportBatches } from "./store.ts";

/** The batches of an import, whatever shape they came in (a plain array is one batch). */
export async function* eachBatch(input: ImportBatches): AsyncGenerator<BattleWithVote[]> {
  if (Array.isArray(input)) {
    yield input as BattleWithVote[];
    return;
  }
  yield* input as AsyncIterable<BattleWithVote[]>;
}

/** Every page, in order, as one array. */
export async function allOfPages(pages: AsyncIterable<BattleWithVote[]>): Promise<BattleWithVote[]> {
  const battles: BattleWithVote[] = [];
  for await (const page of pages) battles.push(...page);
  return battles;
}

/** Rows per page of an export: large enough to be fast, small enough to stream. */
export const EXPORT_PAGE_SIZE = 5_000;
