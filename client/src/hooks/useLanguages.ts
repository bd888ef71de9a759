import { useEffect, useState } from "react";
import type { LanguagesResponse } from "@arena/shared/protocol";
import { socket } from "../socket.ts";

export type LanguageCount = LanguagesResponse["languages"][number];

// A burst of votes brings a burst of updates; one refetch after it is enough.
const REFETCH_DELAY_MS = 500;

/** The languages that have votes, most first; refetched whenever a watched table changes. */
export function useLanguages(): LanguageCount[] {
  const [languages, setLanguages] = useState<LanguageCount[]>([]);

  useEffect(() => {
    let controller: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function load() {
      controller?.abort();
      const own = (controller = new AbortController());
      try {
        const response = await fetch("/api/languages", { signal: own.signal });
        if (!response.ok) return;
        const body = (await response.json()) as LanguagesResponse;
        setLanguages(body.languages);
      } catch {
        // The list is a convenience: on failure the select keeps its last options, and the next
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
  }, []);

  return languages;
}
