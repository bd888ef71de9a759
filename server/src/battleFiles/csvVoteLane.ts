/**
 * The fast lane of rating a CSV battle file: rows without quotes whose only columns Arena reads
 * are the model ids, the winner, the language and free text (ids, judges) are counted straight
 * from the file's bytes — no string per cell, no object per row. Model ids, winners and languages
 * take a few distinct values over millions of rows: each is decoded and checked once, then known
 * by its bytes (ByteInterner).
 *
 * The lane only ever takes a row it can check exactly as the general reader would: at the first
 * row it cannot (a quote, a wrong number of fields, an empty or unknown value) it stops and says
 * where, and the general reader goes on from there — with the same messages and the same result.
 */
import type { Winner } from "@arena/shared/protocol";
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

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Columns the lane can take: their cells need no check per row, or one per distinct value. */
const FREE_TEXT = new Set(["battle_id", "question_id", "id", "judge"]);

type Role = "modelA" | "modelB" | "winner" | "language" | null;

export class CsvVoteLane {
  private readonly roles: Role[];
  private readonly width: number;
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
    const vote = this.vote;
    let position = from;
    let nextQuote = -1;
    while (position < to) {
      const rowStart = position;
      // The line end and the next quote by the native search; then only commas, byte by byte.
      let end = bytes.indexOf(LF, position);
      if (end < 0 || end > to) end = to;
      if (nextQuote < position) {
        nextQuote = bytes.indexOf(QUOTE, position);
        if (nextQuote < 0) nextQuote = Number.MAX_SAFE_INTEGER;
      }
      if (nextQuote < end) return { at: rowStart, line };
      const rowEnd = end > position && bytes[end - 1] === CR ? end - 1 : end;
      let field = 0;
      let fieldStart = position;
      let modelA = -1;
      let modelB = -1;
      let winner = -1;
      let language = -1;
      for (let index = position; index <= rowEnd; index++) {
        if (index < rowEnd && bytes[index] !== COMMA) continue;
        const role = field < roles.length ? roles[field] : null;
        if (role !== null) {
          const id = this.interner.intern(bytes, fieldStart, index);
          if (id < 0) return { at: rowStart, line };
          if (role === "modelA") modelA = id;
          else if (role === "modelB") modelB = id;
          else if (role === "winner") winner = id;
          else language = id;
        }
        field++;
        fieldStart = index + 1;
      }
      // A blank line (or one holding only CR) is no record.
      if (rowEnd === rowStart) {
        position = end + 1;
        line++;
        continue;
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

/**
 * Distinct byte strings, each given a small id at first sight: an open-addressing table of
 * FNV-1a hashes, checked byte by byte. Full (past `limit` values) it answers -1.
 */
export class ByteInterner {
  private slots = new Int32Array(1024);
  private readonly hashes: number[] = [];
  private readonly texts: Uint8Array[] = [];
  private readonly values: string[] = [];

  constructor(private readonly limit = 100_000) {}

  intern(bytes: Uint8Array, from: number, to: number): number {
    let hash = 0x811c9dc5;
    for (let index = from; index < to; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] === hash && equalBytes(this.texts[id]!, bytes, from, to)) return id;
      slot = (slot + 1) & mask;
    }
    if (this.values.length >= this.limit) return -1;
    const id = this.values.length;
    const text = Uint8Array.prototype.slice.call(bytes, from, to);
    this.hashes.push(hash);
    this.texts.push(text);
    this.values.push(Buffer.from(text.buffer, text.byteOffset, text.length).toString("utf8"));
    this.slots[slot] = id + 1;
    if (this.values.length * 2 > this.slots.length) this.grow();
    return id;
  }

  valueOf(id: number): string {
    return this.values[id]!;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.values.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function equalBytes(text: Uint8Array, bytes: Uint8Array, from: number, to: number): boolean {
  if (text.length !== to - from) return false;
  for (let index = 0; index < text.length; index++) if (text[index] !== bytes[from + index]) return false;
  return true;
}
