import { useEffect, useState } from "react";

import { socket } from "../socket.ts";

// A burst of votes brings a burst of updates; one refetch after it is enough.
const REFETCH_DELAY_MS = 500;

/**
 * The JSON at `url`, fetched on mount and again after every `leaderboard:update` and reconnect:
 * for the filters' option lists, which change as votes arrive. Null until the first answer.
 */
export function useRefetchedJson<T>(url: string): T | null {
  const [body, setBody] = useState<T | null>(null);

  useEffect(() => {
    let controller: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function load() {
      controller?.abort();
      const own = (controller = new AbortController());
      try {
        const response = await fetch(url, { signal: own.signal });
        if (!response.ok) return;
        setBody((await response.json()) as T);
      } catch {
        // The lists are a convenience: on failure the select keeps its last options, and the next
        // update or reconnect tries again.
      }
    }
    function loadSoon() {
      clearTimeout(timer);
      timer = setTimeout(load, REFETCH_DELAY_MS);
    }

    void load();
    socket.on("leaderboard:update", loadSoon);
    socket.on("connect", loadSoon);
    return () => {
      clearTimeout(timer);
      controller?.abort();
      socket.off("leaderboard:update", loadSoon);
      socket.off("connect", loadSoon);
    };
  }, [url]);

  return body;
}
