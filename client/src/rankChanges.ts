/**
 * How each model moved between a past table (the leaderboard "as of" a date) and today's: places
 * gained or lost among the ranked models. Provisional rows, unranked on either side, have no move.
 */
import type { LeaderboardRow } from "@arena/shared/protocol";

import type { RankChange } from "./format.ts";
import { t } from "./i18n/translate.ts";

export type RankMove =
  /** Ranked on both dates: `places` > 0 climbed, < 0 fell, 0 held its rank. */
  | { kind: "moved"; then: number; now: number; places: number }
  /** Ranked then, but not ranked today (archived out of the table, or a filter it left). */
  | { kind: "unranked"; then: number };

type RankedRow = Pick<LeaderboardRow, "model" | "rank" | "provisional">;

/** For each model ranked in `then`, its move to `now`; keyed by model id. */
export function rankChangesSince(then: readonly RankedRow[], now: readonly RankedRow[]): Map<string, RankMove> {
  const nowRanks = new Map(now.filter((row) => !row.provisional).map((row) => [row.model, row.rank]));
  const moves = new Map<string, RankMove>();
  for (const row of then) {
    if (row.provisional) continue;
    const current = nowRanks.get(row.model);
    moves.set(
      row.model,
      current === undefined
        ? { kind: "unranked", then: row.rank }
        : { kind: "moved", then: row.rank, now: current, places: row.rank - current },
    );
  }
  return moves;
}

/** Models ranked today that had no ranked row at the date: newcomers since. */
export function rankedSince(then: readonly RankedRow[], now: readonly RankedRow[]): string[] {
  const before = new Set(then.filter((row) => !row.provisional).map((row) => row.model));
  return now.filter((row) => !row.provisional && !before.has(row.model)).map((row) => row.model);
}

/** `YYYY-MM-DD` of a UTC day, the format of `?at=` and of a date input. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The `?at=` of a URL if it is a real calendar day not after `today` (both `YYYY-MM-DD`), else "":
 * a hand-typed or stale link falls back to today's table instead of an error page.
 */
export function validAsOf(value: string | null, today: string): string {
  if (value === null || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return "";
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || utcDay(parsed) !== value) return "";
  return value <= today ? value : "";
}

/** A move as the rank column shows it: an arrow with the places, and words for its title and screen readers. */
export function describeRankMove(move: RankMove): RankChange {
  if (move.kind === "unranked") return { direction: "down", symbol: "▼", label: t("depth.asOf.unranked") };
  const places = Math.abs(move.places);
  if (move.places === 0) return { direction: "same", symbol: "=", label: t("depth.asOf.same") };
  return move.places > 0
    ? { direction: "up", symbol: `▲${places}`, label: t("depth.asOf.up", { places, now: move.now }) }
    : { direction: "down", symbol: `▼${places}`, label: t("depth.asOf.down", { places, now: move.now }) };
}
