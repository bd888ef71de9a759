/**
 * Turns a stored answer into a stream of pieces, so pack answers travel the same path as live
 * tokens and the page shows them arriving. Pieces end at white space where one is near, and a long
 * answer is cut into larger pieces so that no answer takes much longer than `maxPieces` pauses.
 */
import { setTimeout as sleep } from "node:timers/promises";

export function splitIntoPieces(text: string, maxPieces = 60, minPiece = 12): string[] {
  const codePoints = Array.from(text); // never split a surrogate pair
  const size = Math.max(minPiece, Math.ceil(codePoints.length / maxPieces));
  const pieces: string[] = [];
  let start = 0;
  while (start < codePoints.length) {
    let end = Math.min(codePoints.length, start + size);
    const slack = Math.min(codePoints.length, end + Math.floor(size / 2));
    while (end < slack && !/\s/.test(codePoints[end]!)) end++;
    pieces.push(codePoints.slice(start, end).join(""));
    start = end;
  }
  return pieces;
}

/**
 * Without a pause (`delayMs` 0) the answer goes whole, as one piece: cut pieces would all leave in
 * the same event-loop turn anyway, so the page could not show them arriving, and each would cost
 * the server a websocket frame (a write system call) and the client a parse — at load, most of
 * the server's time (`npm run load`, docs/BENCHMARKS.md).
 */
export async function* paceText(text: string, delayMs: number, signal: AbortSignal): AsyncGenerator<string> {
  const pieces = delayMs > 0 ? splitIntoPieces(text) : text === "" ? [] : [text];
  for (const piece of pieces) {
    if (delayMs > 0) await sleep(delayMs, undefined, { signal });
    signal.throwIfAborted();
    yield piece;
  }
}
