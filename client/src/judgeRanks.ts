/**
 * The people's table beside a judge's: each model's rank in both, how many places the judge moves
 * it, and how many model pairs the two tables order the same way. Pure, tested without a browser.
 */
import type { LeaderboardRow } from "@arena/shared/protocol";

import { formatCount, type RankChange } from "./format.ts";
import { t } from "./i18n/translate.ts";

/** A model's place in one table: its rank (null while provisional, too few battles) and rating. */
export type Standing = { rank: number | null; rating: number; battles: number };

export type RankComparison = {
  model: string;
  /** Null when the model is not in that table (no vote, or no verdict, on its battles yet). */
  people: Standing | null;
  judge: Standing | null;
  /**
   * Places the judge ranks the model above (+) or below (−) the people; null unless both rank it.
   * Ranks are the tables' own (1 + the models whose interval lies wholly above), so models that a
   * table cannot tell apart share a rank and do not count as moved.
   */
  shift: number | null;
};

function standingOf(row: LeaderboardRow | undefined): Standing | null {
  if (!row) return null;
  return { rank: row.provisional ? null : row.rank, rating: row.rating, battles: row.battles };
}

/**
 * One row per model of either table: the people's ranked models by their rank (then rating), then
 * the models the people have not ranked by the judge's rank, then the rest by rating.
 */
export function compareRanks(people: readonly LeaderboardRow[], judge: readonly LeaderboardRow[]): RankComparison[] {
  const peopleBy = new Map(people.map((row) => [row.model, row]));
  const judgeBy = new Map(judge.map((row) => [row.model, row]));
  const models = [...new Set([...people.map((row) => row.model), ...judge.map((row) => row.model)])];
  const rows = models.map((model): RankComparison => {
    const peopleStanding = standingOf(peopleBy.get(model));
    const judgeStanding = standingOf(judgeBy.get(model));
    const shift =
      peopleStanding?.rank != null && judgeStanding?.rank != null ? peopleStanding.rank - judgeStanding.rank : null;
    return { model, people: peopleStanding, judge: judgeStanding, shift };
  });
  const key = (row: RankComparison): [number, number, number] => {
    if (row.people?.rank != null) return [0, row.people.rank, -row.people.rating];
    if (row.judge?.rank != null) return [1, row.judge.rank, -row.judge.rating];
    return [2, 0, -(row.people?.rating ?? row.judge?.rating ?? 0)];
  };
  return rows.sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || x.model.localeCompare(y.model);
  });
}

/** `↑2` / `↓1` / `=` with the same in words (for screen readers and the tooltip); null without a shift. */
export function describeShift(shift: number | null): RankChange | null {
  if (shift === null) return null;
  if (shift === 0) return { direction: "same", symbol: "=", label: t("judges.shiftSame") };
  const places = Math.abs(shift);
  return shift > 0
    ? { direction: "up", symbol: `↑${places}`, label: t("judges.shiftUp", { places }) }
    : { direction: "down", symbol: `↓${places}`, label: t("judges.shiftDown", { places }) };
}

export type OrderAgreement = {
  /** Pairs of models that both tables rate, and whose ratings differ in both. */
  pairs: number;
  /** Of those, the pairs the judge orders as the people do. */
  same: number;
  /** The model with the largest |shift| (the first in table order among equals), when one moved. */
  largest: RankComparison | null;
};

/**
 * How alike the two orders are, over the models both tables rate: the pairs ordered the same way by
 * rating (Kendall's concordant pairs, readable without statistics), and the model moved the most.
 */
export function orderAgreement(rows: readonly RankComparison[]): OrderAgreement {
  const both = rows.filter((row) => row.people !== null && row.judge !== null);
  let pairs = 0;
  let same = 0;
  for (let i = 0; i < both.length; i++) {
    for (let j = i + 1; j < both.length; j++) {
      const people = Math.sign(both[i]!.people!.rating - both[j]!.people!.rating);
      const judge = Math.sign(both[i]!.judge!.rating - both[j]!.judge!.rating);
      if (people === 0 || judge === 0) continue;
      pairs += 1;
      if (people === judge) same += 1;
    }
  }
  let largest: RankComparison | null = null;
  for (const row of rows) {
    if (row.shift !== null && row.shift !== 0 && Math.abs(row.shift) > Math.abs(largest?.shift ?? 0)) largest = row;
  }
  return { pairs, same, largest };
}

/** "The judge orders 12 of 15 model pairs as the people do." */
export function describeOrderAgreement({ pairs, same }: OrderAgreement): string {
  if (pairs === 0) return t("judges.orderNone");
  return t("judges.order", { same: formatCount(same), pairs: formatCount(pairs), count: pairs });
}
