import assert from "node:assert/strict";

import { MAX_EVENT_CHARS, type SseEvent, SseParser, SseTooLargeError } from "../../server/src/providers/sseParser.ts";

/** Feeds `pieces` in turn to one parser; every event, in order. */
function parse(...pieces: string[]): SseEvent[] {
  const parser = new SseParser();
  return pieces.flatMap((piece) => parser.push(piece));
}

const data = (...values: string[]): SseEvent[] => values.map((value) => ({ event: undefined, data: value }));

/** What OpenAI sends: role chunk, two deltas, finish, [DONE]. */
const OPENAI_STREAM =
  'data: {"choices":[{"delta":{"role":"assistant","content":""}}]}\n\n' +
  'data: {"choices":[{"delta":{"content":"Hello"}}]}\n\n' +
  'data: {"choices":[{"delta":{"content":" wörld 日本 🦙"}}]}\n\n' +
  'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n' +
  "data: [DONE]\n\n";

describe("SSE parser", () => {
  it("gives one event per blank-line-ended block, data as sent", () => {
    const events = parse(OPENAI_STREAM);
    assert.equal(events.length, 5);
    assert.equal(events[1]!.data, '{"choices":[{"delta":{"content":"Hello"}}]}');
    assert.deepEqual(events[4], { event: undefined, data: "[DONE]" });
  });

  it("gives the same events wherever the network cuts the text, even mid line break", () => {
    const expected = parse(OPENAI_STREAM);
    for (const text of [OPENAI_STREAM, OPENAI_STREAM.replaceAll("\n", "\r\n"), OPENAI_STREAM.replaceAll("\n", "\r")]) {
      for (let cut = 0; cut <= text.length; cut++) {
        assert.deepEqual(
          parse(text.slice(0, cut), text.slice(cut)),
          expected,
          `cut at ${cut} of ${JSON.stringify(text.slice(0, 20))}…`,
        );
      }
      assert.deepEqual(parse(...text), expected, "one character at a time");
    }
  });

  it("reads LF, CRLF and lone CR line ends, mixed in one stream", () => {
    assert.deepEqual(parse("data: a\r\n\r\ndata: b\r\rdata: c\n\ndata: d\r\n\n"), data("a", "b", "c", "d"));
  });

  it("takes a CR ending one piece and an LF opening the next as one line break", () => {
    assert.deepEqual(parse("data: a\r", "\n\r", "\ndata: b\r", "\r"), data("a", "b"));
  });

  it("skips comments and keep-alives, also between the lines of one event", () => {
    assert.deepEqual(
      parse(": keep-alive\n\n:ping\ndata: a\n: in between\ndata: b\n\n: OPENROUTER PROCESSING\n\n"),
      data("a\nb"),
    );
  });

  it("joins the data lines of one event with line breaks", () => {
    assert.deepEqual(
      parse('data: {"choices":\ndata: [{"delta":{"content":"x"}}]}\n\n'),
      data('{"choices":\n[{"delta":{"content":"x"}}]}'),
    );
  });

  it("drops one space after the colon, and only one", () => {
    assert.deepEqual(parse("data:a\n\ndata:  b\n\ndata\n\n"), data("a", " b", ""));
  });

  it("keeps the event name, and ignores id, retry and unknown fields", () => {
    assert.deepEqual(parse("event: error\nid: 7\nretry: 10\nfoo: bar\ndata: {}\n\n"), [{ event: "error", data: "{}" }]);
  });

  it("dispatches a named event without data (the SDK then fails to parse it), but not an empty block", () => {
    assert.deepEqual(parse("\n\n\nevent: ping\n\nid: 3\n\n"), [{ event: "ping", data: "" }]);
  });

  it("discards an event the stream ends before its blank line", () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push("data: a\n\ndata: b\n"), data("a"));
  });

  it("refuses a line or an event too large to be a chat chunk", () => {
    const big = "x".repeat(MAX_EVENT_CHARS / 2);
    const parser = new SseParser();
    parser.push("data: ");
    assert.throws(() => {
      for (let i = 0; i < 3; i++) parser.push(big);
    }, SseTooLargeError);
    assert.throws(() => parse(`data: ${big}\ndata: ${big}\ndata: ${big}\n`), SseTooLargeError);
  });
});
