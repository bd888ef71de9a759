/**
 * The tables of the past (`?at=`, history): LMArena's 135,634 real votes spread over a year (one
 * UTC day with votes after another), as the server computes them from the counted votes — the
 * first history of a filter (every day's table, fitted), the same again (cached), a day's table and
 * an instant's, and the heap the cached days hold.
 */
import { performance } from "node:perf_hooks";

import { DAY_MS } from "@arena/shared/depth";

import { VoteGate } from "../server/src/integrity/votePolicy.ts";
import { CountedVotes } from "../server/src/leaderboard/countedVotes.ts";
import { LIVE_PRIOR_VOTES } from "../server/src/leaderboard/service.ts";
import { TimeTables } from "../server/src/leaderboard/timeTables.ts";
import { arenaStoredVotes } from "./arenaVotes.ts";
import { count, formatBytes, formatMs, settledMemory, type SummaryLine } from "./measure.ts";

const DAYS = 365;

export async function benchTimeTables(): Promise<SummaryLine[]> {
  const start = Date.parse("2025-01-01T00:00:00Z");
  const real = arenaStoredVotes();
  const spacing = (DAYS * DAY_MS) / real.length;
  const votes = real.map((vote, row) => ({ ...vote, votedAt: new Date(start + Math.floor(row * spacing)) }));
  const counted = new CountedVotes(
    {
      async *votePages() {
        yield votes;
      },
    },
    () => new VoteGate(),
  );
  const tables = new TimeTables(counted, {
    tableOptions: { minVotes: 10, weighting: "none", priorVotes: LIVE_PRIOR_VOTES },
    decorate: (table) => table,
  });
  const model = votes[0]!.modelA;

  const heapBefore = settledMemory();
  let started = performance.now();
  const history = await tables.history({}, model);
  const cold = performance.now() - started;
  const heapDays = settledMemory() - heapBefore;
  started = performance.now();
  await tables.history({}, votes[1]!.modelB);
  const warm = performance.now() - started;
  started = performance.now();
  await tables.at({}, Date.parse("2025-07-01T23:59:59.999Z"));
  const day = performance.now() - started;
  started = performance.now();
  await tables.at({}, Date.parse("2025-07-01T12:00:00Z"));
  const instant = performance.now() - started;

  console.log(
    `time tables: ${count(votes.length)} votes over ${DAYS} days, history of ${model} (${history.points.length} points): ` +
      `first ${formatMs(cold)}, cached ${formatMs(warm)}; ?at=<day> ${formatMs(day)}, ?at=<instant> ${formatMs(instant)}; ` +
      `cached days of one filter ${formatBytes(heapDays)} heap`,
  );
  return [
    {
      figure: `History of one model, ${count(votes.length)} real votes over ${DAYS} days (every day's table fitted), first / cached`,
      value: `${formatMs(cold)} / ${formatMs(warm)}`,
    },
    {
      figure: "`?at=<day>` (from the cached days) / `?at=<instant>` (a table of its own)",
      value: `${formatMs(day)} / ${formatMs(instant)}`,
    },
    { figure: "Memory held by one filter's cached days (and its counted votes)", value: formatBytes(heapDays) },
  ];
}
