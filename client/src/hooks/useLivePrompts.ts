import type { ModelsResponse } from "@arena/shared/protocol";
import { useCallback, useEffect, useState } from "react";

/**
 * Whether voters may send their own prompts (the server has live models), from `GET /api/models`:
 * null until known. `refresh` asks again, e.g. after the server refused an own prompt.
 */
export function useLivePrompts(): { livePrompts: boolean | null; refresh: () => void } {
  const [livePrompts, setLivePrompts] = useState<boolean | null>(null);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetch("/api/models", { signal: controller.signal })
      .then((response) => (response.ok ? (response.json() as Promise<ModelsResponse>) : null))
      .then((body) => {
        if (body) setLivePrompts(body.livePrompts === true);
      })
      // Without the answer the page offers pool battles only, which always work.
      .catch(() => {});
    return () => controller.abort();
  }, [asked]);

  const refresh = useCallback(() => setAsked((count) => count + 1), []);
  return { livePrompts, refresh };
}
