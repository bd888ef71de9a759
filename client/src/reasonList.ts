/**
 * The arena's vote reasons (`GET /api/reasons`), fetched once per page load and shared: the battle
 * page asks after each vote, the model page for its labels. A failed fetch is forgotten, so the next
 * caller tries again.
 */
import type { ReasonsResponse } from "@arena/shared/depth";

let pending: Promise<ReasonsResponse> | null = null;

/** Every reason, in the order the operator listed them. */
export function fetchReasons(): Promise<ReasonsResponse> {
  pending ??= fetch("/api/reasons")
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json() as Promise<ReasonsResponse>;
    })
    .catch((error: unknown) => {
      pending = null;
      throw error;
    });
  return pending;
}
