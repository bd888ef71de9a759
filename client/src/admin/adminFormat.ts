/** Pure formatting for the console's tables (unit tested in Node). */

/** A session hash is 64 hex digits; 12 tell sessions apart on screen (the full one is in the title). */
export function shortSession(hash: string): string {
  return hash.slice(0, 12);
}

/** A p-value as a scientist would read it: 0.031, 4.2e-7, "—" when the session was not tested. */
export function formatPValue(pValue: number | null): string {
  if (pValue === null) return "—";
  if (pValue >= 0.001) return pValue.toPrecision(2);
  return pValue.toExponential(1);
}

/** Milliseconds as "850 ms" or "12.4 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The page window `offset … offset + shown` of `total`, 1-based as people count ("1–50 of 230"). */
export function pageRange(
  offset: number,
  shown: number,
  total: number,
): { first: number; last: number; total: number } {
  return shown === 0 ? { first: 0, last: 0, total } : { first: offset + 1, last: offset + shown, total };
}

/** Offsets of the previous and next pages, null where there is none. */
export function pageOffsets(
  offset: number,
  limit: number,
  total: number,
): { previous: number | null; next: number | null } {
  return {
    previous: offset > 0 ? Math.max(0, offset - limit) : null,
    next: offset + limit < total ? offset + limit : null,
  };
}
