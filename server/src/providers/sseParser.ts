/**
 * Server-Sent Events, text in, events out, for the chat-completions stream: the parsing the openai
 * SDK's Stream did for us (its LineDecoder and SSEDecoder), event for event, without its copying of
 * every network chunk through Uint8Arrays and three layers of async generators.
 *
 * Lines end with LF, CRLF or a lone CR, and a line break may be split across network chunks (CR at
 * the end of one, LF at the start of the next). A line starting with ":" is a comment (keep-alives);
 * `data:` lines accumulate, joined by "\n"; `event:` names the event; other fields (`id`, `retry`)
 * are ignored; one space after the colon is dropped. A blank line dispatches the event, if it has
 * data or a name (as the SDK does). An event left without its blank line when the stream ends is
 * discarded, as the SSE specification and the SDK both do.
 */

export type SseEvent = {
  /** The `event:` field, when there was one. */
  event: string | undefined;
  data: string;
};

/** A line or an event larger than this is refused: no endpoint sends megabyte deltas, and memory is ours. */
export const MAX_EVENT_CHARS = 4 * 1024 * 1024;

export class SseTooLargeError extends Error {
  override readonly name = "SseTooLargeError";
}

export class SseParser {
  /** The start of a line whose end has not arrived yet. */
  private partialLine = "";
  /** The last chunk ended with CR: an LF opening the next one belongs to the same line break. */
  private afterCR = false;
  private data: string[] = [];
  private dataChars = 0;
  private event: string | undefined;

  /** Feeds the next piece of the body's text; returns the events it completed, in order. */
  push(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    if (this.afterCR && text.charCodeAt(0) === LF) start = 1;
    this.afterCR = false;
    // Each searched once per chunk and again only when passed: a chunk is scanned in linear time.
    let nextLF = text.indexOf("\n", start);
    let nextCR = text.indexOf("\r", start);
    while (start < text.length) {
      if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf("\n", start);
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf("\r", start);
      const end = nextCR === -1 ? nextLF : nextLF === -1 ? nextCR : Math.min(nextLF, nextCR);
      if (end === -1) break;
      let line = text.slice(start, end);
      if (this.partialLine !== "") {
        line = this.partialLine + line;
        this.partialLine = "";
      }
      this.line(line, events);
      start = end + 1;
      if (end === nextCR) {
        if (start === text.length) this.afterCR = true;
        else if (text.charCodeAt(start) === LF) start++;
      }
    }
    if (start < text.length) {
      this.partialLine += text.slice(start);
      if (this.partialLine.length > MAX_EVENT_CHARS) throw new SseTooLargeError("SSE line too long");
    }
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === "") {
      // Like the SDK: an event without data (or with an empty name) and without a name is no event.
      if (this.data.length === 0 && !this.event) return;
      events.push({ event: this.event, data: this.data.length === 1 ? this.data[0]! : this.data.join("\n") });
      this.data = [];
      this.dataChars = 0;
      this.event = undefined;
      return;
    }
    if (line.charCodeAt(0) === COLON) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let valueStart = colon === -1 ? line.length : colon + 1;
    if (line.charCodeAt(valueStart) === SPACE) valueStart++;
    if (field === "data") {
      const value = line.slice(valueStart);
      this.dataChars += value.length;
      if (this.dataChars > MAX_EVENT_CHARS) throw new SseTooLargeError("SSE event too large");
      this.data.push(value);
    } else if (field === "event") {
      this.event = line.slice(valueStart);
    }
  }
}

const LF = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;
