/**
 * Syntax highlighting of fenced code in answers, loaded the first time an answer has a code block:
 * highlight.js's grammars weigh more than the rest of the battle page, and most answers have none.
 * Until the chunk is there, code shows plain (and readable); then every answer re-renders highlighted.
 */
import { useSyncExternalStore } from "react";
import type { Options } from "react-markdown";

type PluggableList = NonNullable<Options["rehypePlugins"]>;

/** An opening fence at the start of a line: ``` or ~~~ (as CommonMark allows, up to 3 spaces in). */
const FENCE = /^ {0,3}(```|~~~)/m;

let plugin: PluggableList | null = null;
let loading = false;
const listeners = new Set<() => void>();

function load(): void {
  if (loading) return;
  loading = true;
  import("rehype-highlight").then(
    ({ default: rehypeHighlight }) => {
      // `common`: the ~35 languages answers use most (the default); only fences that name a language
      // are highlighted, as guessing is slow and often wrong on short snippets.
      plugin = [[rehypeHighlight, { detect: false }]];
      for (const listener of listeners) listener();
    },
    () => {
      // Offline or a stale build: code stays plain; the next code block tries again.
      loading = false;
    },
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const NONE: PluggableList = [];

/** The highlight plugin once loaded (starting the load if `text` has a code fence), else none. */
export function useCodeHighlight(text: string): PluggableList {
  const loaded = useSyncExternalStore(subscribe, () => plugin);
  if (loaded) return loaded;
  if (FENCE.test(text)) load();
  return NONE;
}
