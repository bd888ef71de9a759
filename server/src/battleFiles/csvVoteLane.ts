/**
 * The fast lane of rating a CSV battle file: rows without quotes whose only columns Arena reads
 * are the model ids, the winner, the language and free text (ids, judges) are counted straight
 * from the file's bytes — no string per cell, no object per row. Model ids, winners and languages
 * take a few distinct values over millions of rows: each is decoded and checked once, then known
 * by its bytes (ByteInterner), and commas are found four bytes at a time (commaSearch.ts).
 *
 * The lane only ever takes a row it can check exactly as the general reader would: at the first
 * row it cannot (a quote, a wrong number of fields, an empty or unknown value) it stops and says
 * where, and the general reader goes on from there — with the same messages and the same result.
 */
import type { Winner } from "@arena/shared/protocol";
import { ByteInterner } from "./byteInterner.ts";
import { commaOrEnd, countCommas } from "./commaSearch.ts";
import { type CsvPlan, checkedModelId, checkedWinner } from "./fileBattle.ts";
import { languageCodeOf } from "./languageNames.ts";

/** A vote as rating needs it; one object, reused for every row (copy what you keep). */
export type LaneVote = {
  modelA: string;
  modelB: string;
  /** Small ids of the two model ids' texts in this file (equal ids, equal models): for callers' own indexes. */
  keyA: number;
  keyB: number;
  winner: Winner;
  language: string | null;
  line: number;
};

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
  /** Per interned value: what it means in the column it came from (filled at first sight). */
  private readonly models: Array<string | null | undefined> = [];
  private readonly winners: Array<Winner | null | undefined> = [];
  private readonly languages: Array<string | null | undefined> = [];
  private readonly vote: LaneVote = { modelA: "", modelB: "", keyA: -1, keyB: -1, winner: "tie", language: null, line: 0 };

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
    const lanes = plan.read.every(({ name }) => FREE_TEXT.has(name) || ["model_a", "model_b", "winner", "language"].includes(name));
    return lanes ? new CsvVoteLane(plan) : null;
  }

  /**
   * Counts the rows of `bytes[from, to)` (whole lines) from line `line` on, calling `onVote` for
   * each. Returns where it stopped: `to` when it took every row, else the start of the first row
   * it left to the general reader, with that row's line.
   */
  take(bytes: Uint8Array, from: number, to: number, line: number, onVote: (vote: LaneVote) => void): { at: number; line: number } {
    const roles = this.roles;
    const lastRole = this.lastRole;
    const vote = this.vote;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let position = from;
    let nextQuote = -1;
    while (position < to) {
      const rowStart = position;
      // The line end and the next quote by the native search; then commas, a word at a time.
      let end = bytes.indexOf(LF, position);
      if (end < 0 || end > to) end = to;
      if (nextQuote < position) {
        nextQuote = bytes.indexOf(QUOTE, position);
        if (nextQuote < 0) nextQuote = Number.MAX_SAFE_INTEGER;
      }
      if (nextQuote < end) return { at: rowStart, line };
      const rowEnd = end > position && bytes[end - 1] === CR ? end - 1 : end;
      // A blank line (or one holding only CR) is no record.
      if (rowEnd === rowStart) {
        position = end + 1;
        line++;
        continue;
      }
      let field = 0;
      let fieldStart = position;
      let modelA = -1;
      let modelB = -1;
      let winner = -1;
      let language = -1;
      // Field by field up to the last one the lane reads; past it, only the commas are counted.
      for (;;) {
        const comma = commaOrEnd(view, bytes, fieldStart, rowEnd);
        const role = roles[field]!;
        if (role !== null) {
          const id = this.interner.intern(view, bytes, fieldStart, comma);
          if (id < 0) return { at: rowStart, line };
          if (role === "modelA") modelA = id;
          else if (role === "modelB") modelB = id;
          else if (role === "winner") winner = id;
          else language = id;
        }
        field++;
        if (comma === rowEnd) break;
        fieldStart = comma + 1;
        if (field > lastRole) {
          field += countCommas(view, bytes, fieldStart, rowEnd) + 1;
          break;
        }
      }
      if (field !== this.width) return { at: rowStart, line };
      const a = this.modelOf(modelA);
      const b = this.modelOf(modelB);
      const w = this.winnerOf(winner);
      if (a === null || b === null || w === null) return { at: rowStart, line };
      vote.modelA = a;
      vote.modelB = b;
      vote.keyA = modelA;
      vote.keyB = modelB;
      vote.winner = w;
      vote.language = language < 0 ? null : this.languageOf(language);
      vote.line = line;
      onVote(vote);
      position = end + 1;
      line++;
    }
    return { at: to, line };
  }

  private modelOf(id: number): string | null {
    return this.meaning(this.models, id, checkedModelId);
  }

  private winnerOf(id: number): Winner | null {
    return this.meaning(this.winners, id, checkedWinner);
  }

  private languageOf(id: number): string | null {
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
