/**
 * RFC 4180 CSV, both ways: quoted fields (with commas, quotes as `""` and line breaks inside),
 * CRLF or LF line ends. Hand-written because the command line must read 20 MB in well under a
 * second and report the line a record starts on, and no CSV package is a dependency yet.
 */

export type CsvRecord = {
  /** 1-based line the record starts on (a quoted field may span lines). */
  line: number;
  fields: string[];
  /** The record's text as it stands in the file, without its line end. */
  raw: string;
};

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The records of `text` in order; blank lines are skipped. */
export function* readCsvRecords(text: string): Generator<CsvRecord> {
  const end = text.length;
  let position = 0;
  let line = 1;
  while (position < end) {
    const recordStart = position;
    const recordLine = line;
    const fields: string[] = [];
    let recordEnd = -1;
    while (recordEnd < 0) {
      let field: string;
      if (text.charCodeAt(position) === QUOTE) {
        let value = "";
        let from = position + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote < 0) throw new CsvSyntaxError(recordLine, "a quoted field is not closed");
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
        field = value;
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
        field = text.slice(fieldStart, position);
      }
      fields.push(field);
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
    if (fields.length === 1 && fields[0] === "" && recordEnd === recordStart) continue;
    yield { line: recordLine, fields, raw: text.slice(recordStart, recordEnd) };
  }
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
