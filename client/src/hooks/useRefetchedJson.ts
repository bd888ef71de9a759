import { useEffect, useState } from "react";

import { socket } from "../socket.ts";

// A burst of votes brings a burst of updates; one refetch after it is enough.
const REFETCH_DELAY_MS = 500;

/**
 * The JSON at `url`, fetched on mount and again after every `leaderboard:update` and reconnect:
 * for the filters' option lists, which change as votes arrive. Null until the first answer.
 *
 * The socket's first connection after a page load is not a reconnect: the mount's fetch already
 * has the current list, and fetching again then would request every list twice per page view.
 * A `connect` refetches only when updates may have been missed — the socket was disconnected since
 * the list was fetched — or when the last fetch failed.
 */
export function useRefetchedJson<T>(url: string): T | null {
  const [body, setBody] = useState<T | null>(null);

  useEffect(() => {
    let controller: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Whether updates may have been missed: the socket was disconnected, or a fetch failed.
    let missed = false;

    async function load() {
      controller?.abort();
      const own = (controller = new AbortController());
      try {
        const response = await fetch(url, { signal: own.signal });
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        setBody((await response.json()) as T);
      } catch {
        // The lists are a convenience: on failure the select keeps its last options, and the next
        // update or reconnect tries again. An abort is no failure: a newer load or the unmount did it.
        if (!own.signal.aborted) missed = true;
      }
    }
    function loadSoon() {
      clearTimeout(timer);
      timer = setTimeout(load, REFETCH_DELAY_MS);
    }
    function onConnect() {
      if (!missed) return;
      missed = false;
      loadSoon();
    }
    function onDisconnect() {
      missed = true;
    }

    void load();
    socket.on("leaderboard:update", loadSoon);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    return () => {
      clearTimeout(timer);
      controller?.abort();
      socket.off("leaderboard:update", loadSoon);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
    };
  }, [url]);

  return body;
}
