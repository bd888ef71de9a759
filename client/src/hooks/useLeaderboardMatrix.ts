import type { LeaderboardMatrix } from "@arena/shared/protocol";
import { useEffect, useRef, useState } from "react";

// The grid is a summary below the table: a second is fresh enough, and a burst of votes then costs
// one request instead of one per update.
const MIN_REFETCH_INTERVAL_MS = 1_000;

/**
 * The head-to-head matrix of one table ("" = all), fetched when the shown table's `votesHash`
 * changes (equal hashes, equal votes: nothing new to fetch) and at most once per second. Null
 * before the table has loaded and while the matrix of a new filter loads.
 */
export function useLeaderboardMatrix(language: string, category: string, votesHash: string | null) {
  const filterKey = `${language}\n${category}`;
  const [loaded, setLoaded] = useState<{ filterKey: string; matrix: LeaderboardMatrix } | null>(null);
  const lastRequest = useRef({ filterKey: "", startedAt: 0, number: 0 });

  useEffect(() => {
    if (votesHash === null) return;
    const query = new URLSearchParams({
      ...(language === "" ? {} : { language }),
      ...(category === "" ? {} : { category }),
    }).toString();
    const previous = lastRequest.current;
    // A new filter is fetched at once; the same one waits out the interval since its last request.
    const wait =
      previous.filterKey === filterKey ? Math.max(0, previous.startedAt + MIN_REFETCH_INTERVAL_MS - Date.now()) : 0;

    const timer = setTimeout(async () => {
      const number = lastRequest.current.number + 1;
      lastRequest.current = { filterKey, startedAt: Date.now(), number };
      try {
        const response = await fetch(`/api/leaderboard/matrix${query === "" ? "" : `?${query}`}`);
        if (!response.ok) return;
        const matrix = (await response.json()) as LeaderboardMatrix;
        // An answer overtaken by a later request is dropped.
        if (lastRequest.current.number === number) setLoaded({ filterKey, matrix });
      } catch {
        // The grid keeps its last state; the next table update tries again.
      }
    }, wait);
    return () => clearTimeout(timer);
  }, [filterKey, language, category, votesHash]);

  return loaded?.filterKey === filterKey ? loaded.matrix : null;
}
