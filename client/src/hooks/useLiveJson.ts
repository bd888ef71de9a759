import { useEffect, useState } from "react";

import { socket } from "../socket.ts";

// A burst of votes brings a burst of updates; one refetch after it is enough.
const REFETCH_DELAY_MS = 500;

export type LiveJson<T> = {
  /** The last answer for `url`; null until the first one (or after `url` changed). */
  body: T | null;
  /** The last fetch failed (network, or a status other than 2xx); `body` keeps the last good answer. */
  failed: boolean;
};

/**
 * The JSON at `url`, fetched on mount and again after every `leaderboard:update` and reconnect, so
 * what the model page shows beside the live table (reasons, history, catalogue) follows the votes.
 * `url` null fetches nothing. Unlike useRefetchedJson, a failure is reported, so the page can say so
 * instead of "loading" forever.
 */
export function useLiveJson<T>(url: string | null): LiveJson<T> {
  const [state, setState] = useState<LiveJson<T> & { url: string | null }>({ body: null, failed: false, url });
  // Another URL's answer must not linger while the new one loads (see useLeaderboard).
  if (state.url !== url) setState({ body: null, failed: false, url });

  useEffect(() => {
    if (url === null) return;
    let controller: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function load() {
      controller?.abort();
      const own = (controller = new AbortController());
      try {
        const response = await fetch(url!, { signal: own.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as T;
        if (!own.signal.aborted) setState({ body, failed: false, url });
      } catch {
        if (!own.signal.aborted) setState((previous) => ({ ...previous, failed: true }));
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

  return { body: state.body, failed: state.failed };
}
