/**
 * The elements of a top-level JSON array as text, each with the line it starts on, found by
 * tracking brackets and strings without parsing values. FastChat writes its battle files as one
 * indented array; this lets every battle in it be reported by line, like CSV and JSONL ones.
 */

export type JsonArrayElement = { line: number; text: string };

export class JsonArraySyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const OPENERS = new Set(["{", "["]);
const CLOSERS = new Set(["}", "]"]);
const BLANK = /\s/;

export function splitJsonArray(text: string): JsonArrayElement[] {
  let position = text.search(/\S/);
  let line = 1 + countLineFeeds(text, 0, position);
  if (position < 0 || text[position] !== "[") {
    throw new JsonArraySyntaxError(line, "a JSON battle file must be an array");
  }
  const elements: JsonArrayElement[] = [];
  let depth = 0;
  let start = -1;
  let startLine = 0;
  let inString = false;
  const finishElement = (at: number) => {
    if (start < 0) throw new JsonArraySyntaxError(line, "expected a value before this comma or bracket");
    elements.push({ line: startLine, text: text.slice(start, at).trimEnd() });
    start = -1;
  };
  for (position++; position < text.length; position++) {
    const char = text[position]!;
    if (char === "\n") line++;
    if (inString) {
      if (char === "\\") position++;
      else if (char === '"') inString = false;
      continue;
    }
    if (depth === 0) {
      if (char === ",") {
        finishElement(position);
        continue;
      }
      if (char === "]") {
        if (start >= 0 || elements.length > 0) finishElement(position);
        const rest = text.slice(position + 1);
        const after = rest.search(/\S/);
        if (after >= 0) {
          throw new JsonArraySyntaxError(line + countLineFeeds(rest, 0, after), "unexpected text after the array");
        }
        return elements;
      }
      if (BLANK.test(char)) continue;
      if (start < 0) {
        start = position;
        startLine = line;
      }
    }
    if (char === '"') inString = true;
    else if (OPENERS.has(char)) depth++;
    else if (CLOSERS.has(char)) depth--;
    if (depth < 0) throw new JsonArraySyntaxError(line, `unexpected "${char}"`);
  }
  throw new JsonArraySyntaxError(start >= 0 ? startLine : line, "the array is not closed");
}

function countLineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index++) if (text.charCodeAt(index) === 10) count++;
  return count;
}
