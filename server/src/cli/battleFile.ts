/**
 * Reads a battle file in any of the three shapes in use — CSV with a header (LMArena's
 * datasets), FastChat's `clean_battle` JSON array, or JSONL — into validated battles in file
 * order. The whole file is checked before anything uses it: the first problem stops it, named
 * as `file:line: problem`.
 */
import fs from "node:fs";
import { type FileBattle, JSON_FIELDS, KNOWN_FIELDS, parseBattleRecord } from "./battleRecord.ts";
import { cliError } from "./cliError.ts";
import { CsvSyntaxError, readCsvRecords } from "./csv.ts";
import { JsonArraySyntaxError, splitJsonArray } from "./jsonArray.ts";

export type BattleFileFormat = "csv" | "json" | "jsonl";

export type BattleFile = { format: BattleFileFormat; battles: FileBattle[] };

/** A record as read from the file, before validation. */
type RawRecord = { line: number; raw: string; value: unknown };

const REQUIRED_COLUMNS = ["model_a", "model_b", "winner"];

/** `name` is how the file is called in messages (the path as the person typed it). */
export function readBattleFile(file: string, name: string = file): BattleFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw cliError(name, "no such file");
    if (code === "EISDIR") throw cliError(name, "is a directory");
    throw cliError(name, `cannot be read (${code})`);
  }
  return parseBattleText(text, name);
}

export function parseBattleText(text: string, name: string): BattleFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.match(/\S/)?.[0];
  const format: BattleFileFormat = first === "[" ? "json" : first === "{" ? "jsonl" : "csv";
  const records =
    format === "json"
      ? jsonArrayRecords(body, name)
      : format === "jsonl"
        ? jsonLinesRecords(body, name)
        : csvRecords(body, name);
  const battles: FileBattle[] = [];
  for (const record of records) {
    const result = parseBattleRecord(record.value, record.line, record.raw);
    if ("problem" in result) throw cliError(`${name}:${record.line}`, result.problem);
    battles.push(result.battle);
  }
  return { format, battles };
}

function* csvRecords(text: string, name: string): Generator<RawRecord> {
  try {
    let columns: Array<{ field: string; index: number }> | undefined;
    let width = 0;
    for (const record of readCsvRecords(text)) {
      if (record.fields.length === 1 && record.fields[0]!.trim() === "") continue;
      if (!columns) {
        const header = record.fields.map((field) => field.trim());
        const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
        if (missing.length > 0) {
          const list = missing.map((column) => `"${column}"`).join(", ");
          throw cliError(
            `${name}:${record.line}`,
            `missing column${missing.length > 1 ? "s" : ""} ${list} (the header needs model_a, model_b and winner)`,
          );
        }
        columns = KNOWN_FIELDS.filter((field) => header.includes(field)).map((field) => ({
          field,
          index: header.indexOf(field),
        }));
        width = header.length;
        continue;
      }
      if (record.fields.length !== width) {
        throw cliError(`${name}:${record.line}`, `has ${record.fields.length} fields, the header has ${width}`);
      }
      const value: Record<string, unknown> = {};
      for (const { field, index } of columns) {
        const cell = record.fields[index]!;
        // An empty cell is an absent value; the three required ones stay "" to be refused as empty.
        if (cell === "" && !REQUIRED_COLUMNS.includes(field)) continue;
        value[field] = JSON_FIELDS.has(field) ? parseJsonCell(cell) : cell;
      }
      yield { line: record.line, raw: record.raw, value };
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw cliError(`${name}:${error.line}`, error.message);
    throw error;
  }
}

/** JSON in a cell (Arena's CSV export writes conversations so); text that is not JSON stays text, to be refused. */
function parseJsonCell(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}

function* jsonLinesRecords(text: string, name: string): Generator<RawRecord> {
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.endsWith("\r") ? lines[index]!.slice(0, -1) : lines[index]!;
    if (raw.trim() === "") continue;
    yield { line: index + 1, raw, value: parseJson(raw, `${name}:${index + 1}`) };
  }
}

function* jsonArrayRecords(text: string, name: string): Generator<RawRecord> {
  let elements;
  try {
    elements = splitJsonArray(text);
  } catch (error) {
    if (error instanceof JsonArraySyntaxError) throw cliError(`${name}:${error.line}`, error.message);
    throw error;
  }
  for (const element of elements) {
    yield { line: element.line, raw: element.text, value: parseJson(element.text, `${name}:${element.line}`) };
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the offending text in its message; keep only the reason.
    const reason = (error as Error).message.replace(/,\s*"[\s\S]*" is not valid JSON$/, "").slice(0, 120);
    throw cliError(where, `is not valid JSON (${reason})`);
  }
}
