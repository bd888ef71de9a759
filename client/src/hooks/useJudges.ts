import type { JudgesResponse, JudgeSummary } from "@arena/shared/judges";
import { useEffect, useState } from "react";

import { judgesApiUrl } from "../leaderboardFilter.ts";
import { socket } from "../socket.ts";

// A burst of votes or verdicts brings a burst of updates; one refetch after it is enough.
const REFETCH_DELAY_MS = 500;
// While battles wait for a judge, their verdicts arrive without an update the page watches (a
// judge's table is watched only in its own view): a slow poll shows the queue draining.
const PENDING_POLL_MS = 5_000;

export type JudgesState = {
  /** Null until the first answer; empty on a server without judges (or one that predates them). */
  judges: JudgeSummary[] | null;
  /** The figures are another filter's, kept while this one's load (the ids still fill the selector). */
  stale: boolean;
  /** The last load failed: the figures shown are older ones. */
  failed: boolean;
};

/**
 * The server's judges and their agreement with the people over the battles of a language and
 * category ("" = all): fetched on mount, again after every `leaderboard:update` and reconnect, and
 * every few seconds while some battle still waits for a judge and the page is in view.
 */
export function useJudges(language: string, category: string): JudgesState {
  const url = judgesApiUrl(language, category);
  const [state, setState] = useState<{ judges: JudgeSummary[] | null; failed: boolean; url: string }>({
    judges: null,
    failed: false,
    url,
  });

  useEffect(() => {
    let controller: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending = false;

    async function load() {
      controller?.abort();
      const own = (controller = new AbortController());
      try {
        const response = await fetch(url, { signal: own.signal });
        // A server without the judges' endpoint has no judge: the page shows none.
        if (response.status === 404) return setState({ judges: [], failed: false, url });
        if (!response.ok) return setState((previous) => ({ ...previous, failed: true }));
        const { judges } = (await response.json()) as JudgesResponse;
        pending = judges.some((judge) => judge.pending > 0);
        setState({ judges, failed: false, url });
      } catch {
        // Aborted, or the network is down: the next update, reconnect or poll tries again.
        if (!own.signal.aborted) setState((previous) => ({ ...previous, failed: true }));
      }
    }
    function loadSoon() {
      clearTimeout(timer);
      timer = setTimeout(load, REFETCH_DELAY_MS);
    }
    const poll = setInterval(() => {
      if (pending && document.visibilityState === "visible") void load();
    }, PENDING_POLL_MS);

    void load();
    socket.on("leaderboard:update", loadSoon);
    socket.on("connect", loadSoon);
    return () => {
      clearTimeout(timer);
      clearInterval(poll);
      controller?.abort();
      socket.off("leaderboard:update", loadSoon);
      socket.off("connect", loadSoon);
    };
  }, [url]);

  return { judges: state.judges, stale: state.url !== url, failed: state.failed };
}
