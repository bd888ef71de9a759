/**
 * RFC 4180 CSV, both ways: quoted fields (with commas, quotes as `""` and line breaks inside),
 * CRLF or LF line ends. Hand-written because the command line reads a million and a half rows in
 * about a second: it scans text piece by piece (a file never has to fit in memory) and cuts out
 * only the columns its caller asked for.
 */

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Called once per record. `fields` holds every field of the record (those the mask leaves out as
 * ""), and is reused for the next record: copy what you keep. `start`/`end` delimit the record's
 * text without its line end; `line` is the 1-based line it starts on.
 */
export type CsvRecordHandler = (fields: string[], line: number, start: number, end: number) => void;

/** Where a scan stopped: the first record it did not hand out, and its line. */
export type CsvPosition = { position: number; line: number };

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** What to do with each column: leave it out (""), cut it out, or cut it out as a shared string. */
export const SKIP = 0;
export const CUT = 1;
export const INTERN = 2;

/**
 * Hands out the complete records of `text` from `position` on; blank lines are skipped. A record
 * that may go on in the next piece (a quoted field still open, when `final` is false) is left for
 * the next call, which gets it again at the start of its text. `columns[i]` says what to do with
 * field i (SKIP leaves it out but counts it; fields beyond the array are cut); INTERN columns
 * (model ids, winners: few distinct values over millions of rows) come out as the one string per
 * value that `interner` holds, without a new string per row.
 */
export function scanCsv(
  text: string,
  start: CsvPosition,
  final: boolean,
  columns: Uint8Array,
  interner: TextInterner,
  onRecord: CsvRecordHandler,
): CsvPosition {
  const end = text.length;
  const fields: string[] = [];
  const field = (index: number, from: number, to: number) => {
    const use = index < columns.length ? columns[index]! : CUT;
    return use === SKIP ? "" : use === CUT ? text.slice(from, to) : interner.intern(text, from, to);
  };
  let position = start.position;
  let line = start.line;
  let nextQuote = -1;
  while (position < end) {
    const recordStart = position;
    const recordLine = line;
    fields.length = 0;
    // Most records hold no quote: split them at commas between here and the line end.
    if (nextQuote < position) nextQuote = indexOrEnd(text, '"', position);
    const lineFeed = indexOrEnd(text, "\n", position);
    if (nextQuote > lineFeed) {
      const recordEnd = lineFeed > position && text.charCodeAt(lineFeed - 1) === CR ? lineFeed - 1 : lineFeed;
      position = lineFeed + 1;
      line++;
      if (recordEnd === recordStart) continue;
      let fieldStart = recordStart;
      for (
        let comma = text.indexOf(",", recordStart);
        comma >= 0 && comma < recordEnd;
        comma = text.indexOf(",", comma + 1)
      ) {
        fields.push(field(fields.length, fieldStart, comma));
        fieldStart = comma + 1;
      }
      fields.push(field(fields.length, fieldStart, recordEnd));
      onRecord(fields, recordLine, recordStart, recordEnd);
      continue;
    }
    let recordEnd = -1;
    while (recordEnd < 0) {
      const index = fields.length;
      if (text.charCodeAt(position) === QUOTE) {
        let value = "";
        let from = position + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote < 0) {
            if (!final) return { position: recordStart, line: recordLine };
            throw new CsvSyntaxError(recordLine, "a quoted field is not closed");
          }
          value += text.slice(from, quote);
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += '"';
            from = quote + 2;
            continue;
          }
          position = quote + 1;
          break;
        }
        line += countLineFeeds(value);
        fields.push(index < columns.length && columns[index] === SKIP ? "" : value);
        const next = text.charCodeAt(position);
        if (position < end && next !== COMMA && next !== LF && !(next === CR && text.charCodeAt(position + 1) === LF)) {
          throw new CsvSyntaxError(recordLine, "a quoted field must be followed by a comma or the end of the line");
        }
      } else {
        const fieldStart = position;
        while (position < end) {
          const code = text.charCodeAt(position);
          if (code === COMMA || code === LF || (code === CR && text.charCodeAt(position + 1) === LF)) break;
          position++;
        }
        fields.push(field(index, fieldStart, position));
      }
      // Here `position` is at a comma, a line end or the end of the text.
      const code = text.charCodeAt(position);
      if (code === COMMA) {
        position++;
        if (position === end) {
          fields.push("");
          recordEnd = position;
        }
      } else {
        recordEnd = position;
        if (code === CR) position += 2;
        else if (code === LF) position += 1;
        line++;
      }
    }
    if (fields.length === 1 && recordEnd === recordStart) continue;
    onRecord(fields, recordLine, recordStart, recordEnd);
  }
  return { position, line };
}

/**
 * One string per distinct text: a cell is looked up by its length and three of its characters,
 * then compared in place, so a repeated value costs no new string and no hashing of its text.
 */
export class TextInterner {
  private readonly candidates = new Map<number, string[]>();
  private size = 0;

  /** Past this many values, new ones are cut out as plain strings (a column of endless distinct texts). */
  constructor(private readonly limit = 100_000) {}

  intern(text: string, from: number, to: number): string {
    const length = to - from;
    if (length === 0) return "";
    const key =
      (((length * 65_599 + text.charCodeAt(from)) * 31 + text.charCodeAt(to - 1)) * 31 +
        text.charCodeAt(from + (length >> 1))) &
      0x3fffffff;
    const list = this.candidates.get(key);
    if (list) for (const value of list) if (value.length === length && text.startsWith(value, from)) return value;
    if (this.size >= this.limit) return text.slice(from, to);
    // A copy: a slice would keep the whole piece of the file it was cut from alive.
    const value = Buffer.from(text.slice(from, to)).toString();
    if (list) list.push(value);
    else this.candidates.set(key, [value]);
    this.size++;
    return value;
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index < 0 ? text.length : index;
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) count++;
  return count;
}

/** One CSV line (without its line end), quoting only the cells that need it. */
export function formatCsvLine(cells: ReadonlyArray<string>): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(",");
}
