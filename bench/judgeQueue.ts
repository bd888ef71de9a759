/**
 * The judges' queue on SQLite (`npx tsx bench/judgeQueue.ts [OWN] [IMPORTED]`): what one look at the
 * queue and one refresh of the judges' views cost on an arena with OWN voted battles of its own
 * (half of them judged in both orders) beside IMPORTED ones (a FastChat history, never judged).
 * better-sqlite3 runs these on the event loop, so they are the pauses a judge adds. Prints medians.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import type { BattleWithVote } from "../server/src/domain/battle.ts";
import { openSqliteStore } from "../server/src/store/sqlite.ts";
import { formatMs, median } from "./measure.ts";

const own = Number(process.argv[2] ?? 20_000);
const imported = Number(process.argv[3] ?? 500_000);

function battle(id: string, source: BattleWithVote["source"], index: number): BattleWithVote {
  return {
    id,
    sessionHash: (index % 997).toString(16).padStart(64, "0"),
    prompt: `Question ${index % 80}`,
    language: "en",
    category: null,
    tags: [],
    modelA: `m${index % 7}`,
    modelB: `m${(index + 1 + (index % 5)) % 7}`,
    answerA: `Answer A to ${index}`,
    answerB: `Answer B to ${index}`,
    source,
    startedAt: new Date(1_760_000_000_000 + index * 1000),
    winner: (["a", "b", "tie", "bothbad"] as const)[index % 4],
    votedAt: new Date(1_760_000_000_000 + index * 1000 + 500),
    flag: null,
  };
}

async function timed(repetitions: number, work: () => Promise<unknown>): Promise<number> {
  const all: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    await work();
    all.push(performance.now() - started);
  }
  return median(all);
}

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "arena-bench-judges-")), "arena.db");
const store = openSqliteStore(file);
try {
  function* batches(): Iterable<BattleWithVote[]> {
    for (let start = 0; start < imported; start += 50_000)
      yield Array.from({ length: Math.min(50_000, imported - start) }, (_, i) =>
        battle(`imp-${start + i}`.padEnd(16, "x"), "import", start + i),
      );
    for (let start = 0; start < own; start += 50_000)
      yield Array.from({ length: Math.min(50_000, own - start) }, (_, i) =>
        battle(`own-${start + i}`.padEnd(16, "x"), "pack", start + i),
      );
  }
  await store.importBattles(batches());
  const judgedAt = new Date();
  const writes: Array<Promise<unknown>> = [];
  for (let i = 0; i < own / 2; i++) {
    for (const order of ["ab", "ba"] as const) {
      writes.push(
        store.judgments.record({
          battleId: `own-${i}`.padEnd(16, "x"),
          judge: "j",
          order,
          verdict: "a",
          raw: "[[A]]",
          error: null,
          judgedAt,
        }),
      );
    }
  }
  await Promise.all(writes);
  console.log(`${own} own voted battles (${own / 2} judged), ${imported} imported; SQLite, median of 5`);
  console.log(`pending(limit 4)   ${formatMs(await timed(5, () => store.judgments.pending("j", 4, [])))}`);
  console.log(`countPending       ${formatMs(await timed(5, () => store.judgments.countPending("j")))}`);
  console.log(`judgedVotes        ${formatMs(await timed(5, () => store.judgments.judgedVotes()))}`);
  console.log(`verdicts           ${formatMs(await timed(5, () => store.judgments.verdicts()))}`);
} finally {
  await store.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
