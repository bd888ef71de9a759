/**
 * Two routes do not need a router library: the location lives in the History API, and components
 * re-render through `useLocation` whenever `navigate` or the back button changes it.
 */
import { useSyncExternalStore } from "react";

export type Location = { pathname: string; search: string };

const listeners = new Set<() => void>();
let current: Location = readLocation();

function readLocation(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

function update(): void {
  const next = readLocation();
  // A new object only when something changed, so useSyncExternalStore does not loop.
  if (next.pathname === current.pathname && next.search === current.search) return;
  current = next;
  for (const listener of listeners) listener();
}

window.addEventListener("popstate", update);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => current);
}

/** Goes to `url` (same origin) without reloading; `replace` keeps the history entry count. */
export function navigate(url: string, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  update();
}
