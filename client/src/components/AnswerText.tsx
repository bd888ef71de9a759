/**
 * An answer's text: Markdown once its renderer has loaded, plain (and already readable) before.
 * The renderer (react-markdown, GFM, the sanitizer: about a third of the page's JavaScript) is a chunk
 * of its own, fetched as soon as the battle page mounts, in parallel with the socket's first battle,
 * so that it no longer delays the page's first paint; it is almost always there before the first
 * chunk of an answer is.
 */
import { lazy, Suspense } from "react";

const loadMarkdown = () => import("./MarkdownAnswer.tsx");
const MarkdownAnswer = lazy(loadMarkdown);

let requested = false;
/** Starts fetching the Markdown renderer (once), ahead of the first answer. */
export function preloadAnswerText(): void {
  if (requested) return;
  requested = true;
  // A failure (offline, a stale build) surfaces, and is retried, when an answer renders.
  loadMarkdown().catch(() => (requested = false));
}

export function AnswerText({ text }: { text: string }) {
  return (
    <Suspense fallback={<div className="markdown markdown--plain">{text}</div>}>
      <MarkdownAnswer text={text} />
    </Suspense>
  );
}
