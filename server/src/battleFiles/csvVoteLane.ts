/**
 * The fast lane of rating a CSV battle file: rows without quotes whose only columns Arena reads
 * are the model ids, the winner, the language and free text (ids, judges) are counted straight
 * from the file's bytes — no string per cell, no object per row: the rows come out as columns of
 * small ids (LaneRows), which the lane's `modelOf`, `winnerOf` and `languageOf` turn into values.
 * Model ids, winners and languages take a few distinct values over millions of rows: each is
 * decoded and checked once, then known by its bytes (ByteInterner); commas and line ends are
 * found four bytes at a time (commaSearch.ts).
 *
 * The lane only ever takes a row it can check exactly as the general reader would: at the first
 * row it cannot (a quote, a wrong number of fields, an empty or unknown value) it stops and says
 * where, and the general reader goes on from there — with the same messages and the same result.
 */
import type { Winner } from "@arena/shared/protocol";

import { ByteInterner } from "./byteInterner.ts";
import { commasToLineEnd, fieldEnd, type LineEnd } from "./commaSearch.ts";
import { checkedModelId, checkedWinner, type CsvPlan } from "./fileBattle.ts";
import { languageCodeOf } from "./languageNames.ts";

/**
 * The rows the lane took from a piece, in file order, as columns of the lane's ids: equal ids,
 * equal values. Reused piece after piece (read it before the next `take`).
 */
export class LaneRows {
  length = 0;
  modelA = new Int32Array(1024);
  modelB = new Int32Array(1024);
  winner = new Int32Array(1024);
  /** -1 where the file has no language column. */
  language = new Int32Array(1024);

  push(modelA: number, modelB: number, winner: number, language: number): void {
    if (this.length === this.modelA.length) this.grow();
    const row = this.length++;
    this.modelA[row] = modelA;
    this.modelB[row] = modelB;
    this.winner[row] = winner;
    this.language[row] = language;
  }

  private grow(): void {
    const grown = (column: Int32Array) => {
      const larger = new Int32Array(column.length * 2);
      larger.set(column);
      return larger;
    };
    this.modelA = grown(this.modelA);
    this.modelB = grown(this.modelB);
    this.winner = grown(this.winner);
    this.language = grown(this.language);
  }
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Columns the lane can take: their cells need no check per row, or one per distinct value. */
const FREE_TEXT = new Set(["battle_id", "question_id", "id", "judge"]);

type Role = "modelA" | "modelB" | "winner" | "language" | null;

export class CsvVoteLane {
  private readonly roles: Role[];
  private readonly width: number;
  /** The last field the lane reads (model_a, model_b and winner are always there). */
  private readonly lastRole: number;
  private readonly interner = new ByteInterner();
  private readonly lineEnd: LineEnd = { at: 0 };
  /** Per interned value: what it means in the column it came from (filled at first sight). */
  private readonly models: Array<string | null | undefined> = [];
  private readonly winners: Array<Winner | null | undefined> = [];
  private readonly languages: Array<string | null | undefined> = [];

  private constructor(plan: CsvPlan) {
    this.width = plan.names.length;
    this.roles = plan.names.map((name, index) => {
      if (plan.names.indexOf(name) !== index) return null;
      if (name === "model_a") return "modelA";
      if (name === "model_b") return "modelB";
      if (name === "winner" || name === "language") return name;
      return null;
    });
    this.lastRole = this.roles.findLastIndex((role) => role !== null);
  }

  /** A lane for files of this header, or null when some column it reads needs a check per row. */
  static for(plan: CsvPlan): CsvVoteLane | null {
    const lanes = plan.read.every(
      ({ name }) => FREE_TEXT.has(name) || ["model_a", "model_b", "winner", "language"].includes(name),
    );
    return lanes ? new CsvVoteLane(plan) : null;
  }

  /**
   * Takes the rows of `bytes[from, to)` (whole lines) from line `line` on into `rows`. Returns
   * where it stopped: `to` when it took every row, else the start of the first row it left to
   * the general reader, with that row's line.
   */
  take(bytes: Uint8Array, from: number, to: number, line: number, rows: LaneRows): { at: number; line: number } {
    const roles = this.roles;
    const lastRole = this.lastRole;
    const lineEnd = this.lineEnd;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Quotes are rare: one native search finds the next, and the rows before it need no look.
    let nextQuote = bytes.indexOf(QUOTE, from);
    if (nextQuote < 0) nextQuote = to;
    let position = from;
    while (position < to) {
      const rowStart = position;
      let field = 0;
      let fieldStart = position;
      let modelA = -1;
      let modelB = -1;
      let winner = -1;
      let language = -1;
      let end: number;
      // Field by field up to the last one the lane reads; past it, only the commas are counted.
      for (;;) {
        const stop = fieldEnd(view, bytes, fieldStart, to);
        const lineEnds = stop === to || bytes[stop] === LF;
        const role = roles[field]!;
        if (role !== null) {
          // A CR before the line feed belongs to the line end, not to the last cell.
          const cellEnd = lineEnds && stop > fieldStart && bytes[stop - 1] === CR ? stop - 1 : stop;
          const id = this.interner.intern(view, bytes, fieldStart, cellEnd);
          if (id < 0) return { at: rowStart, line };
          if (role === "modelA") modelA = id;
          else if (role === "modelB") modelB = id;
          else if (role === "winner") winner = id;
          else language = id;
        }
        field++;
        if (lineEnds) {
          end = stop;
          break;
        }
        fieldStart = stop + 1;
        if (field > lastRole) {
          field += commasToLineEnd(view, bytes, fieldStart, to, lineEnd) + 1;
          end = lineEnd.at;
          break;
        }
      }
      // The rows before it ended before it: it is in this one.
      if (nextQuote < end) return { at: rowStart, line };
      position = end + 1;
      // A blank line (or one holding only CR) is no record.
      const rowEnd = end > rowStart && bytes[end - 1] === CR ? end - 1 : end;
      if (rowEnd === rowStart) {
        line++;
        continue;
      }
      // A value is checked at its first sight only (`?? checked…`; again if it failed, which
      // ends the lane here anyway).
      if (
        field !== this.width ||
        (this.models[modelA] ?? this.checkedModel(modelA)) === null ||
        (this.models[modelB] ?? this.checkedModel(modelB)) === null ||
        (this.winners[winner] ?? this.checkedWinner(winner)) === null
      ) {
        return { at: rowStart, line };
      }
      if (language >= 0 && this.languages[language] === undefined) this.checkedLanguage(language);
      rows.push(modelA, modelB, winner, language);
      line++;
    }
    return { at: to, line };
  }

  /** The model id of a model in rows the lane took. */
  modelOf(id: number): string {
    return this.models[id]!;
  }

  winnerOf(id: number): Winner {
    return this.winners[id]!;
  }

  /** The language code of a row (`LaneRows.language`); null when the file gives none. */
  languageOf(id: number): string | null {
    return id < 0 ? null : this.languages[id]!;
  }

  private checkedModel(id: number): string | null {
    return this.meaning(this.models, id, checkedModelId);
  }

  private checkedWinner(id: number): Winner | null {
    return this.meaning(this.winners, id, checkedWinner);
  }

  private checkedLanguage(id: number): string | null {
    return this.meaning(this.languages, id, (value) => (value === "" ? null : languageCodeOf(value)));
  }

  /** What an interned value means in one column, worked out at its first sight only. */
  private meaning<T>(known: Array<T | undefined>, id: number, read: (value: string) => T): T {
    let meaning = known[id];
    if (meaning === undefined) {
      meaning = read(this.interner.valueOf(id));
      known[id] = meaning;
    }
    return meaning;
  }
}
