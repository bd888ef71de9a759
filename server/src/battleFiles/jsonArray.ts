/**
 * The elements of a top-level JSON array as text, each with the line it starts on, found by
 * tracking brackets and strings without parsing values. FastChat writes its battle files as one
 * indented array; this lets every battle in it be reported by line, like CSV and JSONL ones, and
 * lets the file be read piece by piece instead of parsed whole.
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

const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const LF = 10;

const isBlank = (code: number) => code === 32 || code === LF || code === 13 || code === 9;

/**
 * Feed it the file's text piece by piece (`push`), then `finish`; each call returns the elements
 * completed so far. Only the element under way is kept between pieces.
 */
export class JsonArraySplitter {
  private text = "";
  private position = 0;
  private line = 1;
  private opened = false;
  private closed = false;
  private depth = 0;
  private inString = false;
  private start = -1;
  private startLine = 0;
  private elements = 0;

  push(piece: string): JsonArrayElement[] {
    this.text = this.start >= 0 ? this.text.slice(this.start) + piece : piece;
    if (this.start >= 0) {
      this.position -= this.start;
      this.start = 0;
    } else {
      this.position = 0;
    }
    return this.scan();
  }

  finish(): JsonArrayElement[] {
    const last = this.scan();
    if (!this.opened) throw new JsonArraySyntaxError(this.line, "a JSON battle file must be an array");
    if (!this.closed)
      throw new JsonArraySyntaxError(this.start >= 0 ? this.startLine : this.line, "the array is not closed");
    return last;
  }

  private scan(): JsonArrayElement[] {
    const found: JsonArrayElement[] = [];
    const text = this.text;
    const end = text.length;
    let position = this.position;
    while (position < end) {
      const code = text.charCodeAt(position);
      if (code === LF) this.line++;
      if (this.closed) {
        if (!isBlank(code)) throw new JsonArraySyntaxError(this.line, "unexpected text after the array");
        position++;
        continue;
      }
      if (!this.opened) {
        if (code === OPEN_BRACKET) this.opened = true;
        else if (!isBlank(code)) throw new JsonArraySyntaxError(this.line, "a JSON battle file must be an array");
        position++;
        continue;
      }
      if (this.inString) {
        if (code === BACKSLASH) {
          // The escaped character may be a quote; a line feed cannot be escaped in JSON.
          position += 2;
          continue;
        }
        if (code === QUOTE) this.inString = false;
        position++;
        continue;
      }
      if (this.depth === 0) {
        if (code === COMMA || code === CLOSE_BRACKET) {
          // `[]` is an empty file; `[,` and `[x,]` miss a value.
          const emptyArray = code === CLOSE_BRACKET && this.start < 0 && this.elements === 0;
          if (!emptyArray) {
            if (this.start < 0)
              throw new JsonArraySyntaxError(this.line, "expected a value before this comma or bracket");
            found.push({ line: this.startLine, text: text.slice(this.start, position).trimEnd() });
            this.elements++;
            this.start = -1;
          }
          if (code === CLOSE_BRACKET) this.closed = true;
          position++;
          continue;
        }
        if (isBlank(code)) {
          position++;
          continue;
        }
        if (this.start < 0) {
          this.start = position;
          this.startLine = this.line;
        }
      }
      if (code === QUOTE) this.inString = true;
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) this.depth--;
      if (this.depth < 0) throw new JsonArraySyntaxError(this.line, `unexpected "${String.fromCharCode(code)}"`);
      position++;
    }
    this.position = position;
    return found;
  }
}
