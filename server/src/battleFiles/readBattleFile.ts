/**
 * Reads a battle file in any of the three shapes in use — CSV with a header (LMArena's
 * datasets), FastChat's `clean_battle` JSON array, or JSONL — as validated battles in file order,
 * piece by piece: memory follows the piece (a few MiB), not the file, so a file of millions of
 * battles can be rated or imported as it is read. The first problem stops it, named as
 * `file:line: problem`; callers that write do so in one transaction, so nothing is kept then.
 */
import fs from "node:fs";

import type { Winner } from "@arena/shared/protocol";

import { BattleFileError } from "./battleFileError.ts";
import { type CsvPosition, CsvSyntaxError, scanCsv, TextInterner } from "./csv.ts";
import { CsvVoteLane, LaneRows } from "./csvVoteLane.ts";
import { type CsvPlan, emptyBattle, type FileBattle, planCsv, readCsvBattle, readJsonBattle } from "./fileBattle.ts";
import { type BattleFileFormat, formatOfFirstCharacter } from "./formats.ts";
import { JsonArraySplitter, JsonArraySyntaxError } from "./jsonArray.ts";

/** What rating needs of a battle; one object reused for every vote (copy what you keep). */
export type RateVote = {
  modelA: string;
  modelB: string;
  winner: Winner;
  /** ISO 639-1 code or `und`; null when the file says nothing. */
  language: string | null;
  tstamp: number | null;
  flag: string | null;
  /** The whole battle, when the general reader made one. */
  battle: FileBattle | null;
};

export type ReadOptions = {
  /**
   * Keep each record's own text and every field Arena holds no column for (`FileBattle.raw`,
   * `given`): what an import needs to give the file back on export. Rating needs neither.
   */
  keepGiven?: boolean;
  /** Bytes read at a time (default 64 KiB: V8 makes strings that size fast, larger ones far slower); a record longer than that grows it. */
  pieceBytes?: number;
};

const LF = 10;
const ALL_COLUMNS = new Uint8Array(0);

export class BattleFileReader implements Iterable<FileBattle> {
  readonly format: BattleFileFormat;
  private readonly fd: number;
  private buffer: Buffer;
  private filled = 0;
  private ended = false;
  private consumed = false;
  /** One string per model id (and winner, language): later lookups find its hash already computed. */
  private readonly interner = new TextInterner();

  /** `name` is how the file is called in messages (the path as the person typed it). */
  constructor(
    file: string,
    private readonly name: string = file,
    private readonly options: ReadOptions = {},
  ) {
    try {
      this.fd = fs.openSync(file, "r");
      if (fs.fstatSync(this.fd).isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new BattleFileError(name, "no such file");
      if (code === "EISDIR") throw new BattleFileError(name, "is a directory");
      throw new BattleFileError(name, `cannot be read (${code})`);
    }
    this.buffer = Buffer.allocUnsafe(options.pieceBytes ?? 64 << 10);
    this.fill();
    let start = this.buffer[0] === 0xef && this.buffer[1] === 0xbb && this.buffer[2] === 0xbf ? 3 : 0;
    if (start > 0) this.buffer.copy(this.buffer, 0, start, this.filled);
    this.filled -= start;
    start = 0;
    while (start < this.filled && /\s/.test(String.fromCharCode(this.buffer[start]!))) start++;
    this.format = formatOfFirstCharacter(start < this.filled ? String.fromCharCode(this.buffer[start]!) : undefined);
  }

  *[Symbol.iterator](): Generator<FileBattle> {
    if (this.consumed) throw new Error("a battle file is read once");
    this.consumed = true;
    try {
      if (this.format === "csv") yield* this.csvBattles();
      else if (this.format === "jsonl") yield* this.jsonLinesBattles();
      else yield* this.jsonArrayBattles();
    } finally {
      fs.closeSync(this.fd);
    }
  }

  /**
   * Every counted vote's essentials, in file order, the fastest way the file allows: plain CSV
   * rows straight from their bytes, a piece's worth at a time (`onLaneRows`, see CsvVoteLane),
   * everything else one validated battle at a time (`onVote`; `vote.battle` is there to read a
   * prompt's language). Without `onLaneRows` the file is only checked (import's first pass).
   */
  forEachVote(
    onVote: (vote: RateVote) => void,
    onLaneRows: (rows: LaneRows, lane: CsvVoteLane) => void = () => {},
  ): void {
    if (this.consumed) throw new Error("a battle file is read once");
    this.consumed = true;
    const vote: RateVote = {
      modelA: "",
      modelB: "",
      winner: "tie",
      language: null,
      tstamp: null,
      flag: null,
      battle: null,
    };
    const fromBattle = (battle: FileBattle) => {
      vote.modelA = battle.modelA;
      vote.modelB = battle.modelB;
      vote.winner = battle.winner;
      vote.language = battle.language;
      vote.tstamp = battle.tstamp;
      vote.flag = battle.flag;
      vote.battle = battle;
      onVote(vote);
    };
    try {
      if (this.format !== "csv") {
        for (const battle of this.format === "jsonl" ? this.jsonLinesBattles() : this.jsonArrayBattles())
          fromBattle(battle);
        return;
      }
      for (const found of this.csvPieces(onLaneRows)) for (const battle of found) fromBattle(battle);
    } finally {
      fs.closeSync(this.fd);
    }
  }

  /**
   * Pieces of the file that end at a line end (the last one wherever the file ends), as bytes
   * valid until the next piece is asked for.
   */
  private *pieces(headerAlone = false): Generator<{ bytes: Buffer; final: boolean }> {
    let first = headerAlone;
    for (;;) {
      let cut = this.ended ? this.filled : this.buffer.lastIndexOf(LF, this.filled - 1) + 1;
      // The first line alone: the rows after a CSV header then start a piece the fast lane can take.
      if (first && cut > 0) cut = this.buffer.indexOf(LF) + 1 || cut;
      first = false;
      if (cut === 0 && !this.ended) {
        // Not one whole line in the buffer: make room and read on.
        if (this.filled === this.buffer.length)
          this.buffer = Buffer.concat([this.buffer, Buffer.allocUnsafe(this.buffer.length)]);
        this.fill();
        continue;
      }
      const final = this.ended && cut === this.filled;
      yield { bytes: this.buffer.subarray(0, cut), final };
      if (final) return;
      this.buffer.copy(this.buffer, 0, cut, this.filled);
      this.filled -= cut;
      this.fill();
    }
  }

  /** The pieces as text. */
  private *texts(): Generator<{ text: string; final: boolean }> {
    for (const piece of this.pieces()) yield { text: piece.bytes.toString("utf8"), final: piece.final };
  }

  private fill(): void {
    while (!this.ended && this.filled < this.buffer.length) {
      const read = fs.readSync(this.fd, this.buffer, this.filled, this.buffer.length - this.filled, null);
      if (read === 0) this.ended = true;
      this.filled += read;
    }
  }

  private *csvBattles(): Generator<FileBattle> {
    for (const found of this.csvPieces(null)) yield* found;
  }

  /**
   * The battles of each piece of a CSV file. With `onLaneRows`, rows the fast lane can take (see
   * CsvVoteLane) go there instead, before the battles of the same piece; so all stay in order.
   */
  private *csvPieces(onLaneRows: ((rows: LaneRows, lane: CsvVoteLane) => void) | null): Generator<FileBattle[]> {
    const keepGiven = this.options.keepGiven ?? false;
    let plan: CsvPlan | undefined;
    let lane: CsvVoteLane | null = null;
    let carry = "";
    let line = 1;
    let failure: BattleFileError | undefined;
    const found: FileBattle[] = [];
    const rows = new LaneRows();
    for (const piece of this.pieces(onLaneRows !== null)) {
      let from = 0;
      const laneNow = lane as CsvVoteLane | null; // set by the header's callback below
      if (laneNow && onLaneRows && carry === "") {
        const taken = laneNow.take(piece.bytes, 0, piece.bytes.length, line, rows);
        onLaneRows(rows, laneNow);
        rows.length = 0;
        from = taken.at;
        line = taken.line;
        if (from === piece.bytes.length) continue;
      }
      const text = carry + piece.bytes.toString("utf8", from);
      let at: CsvPosition = { position: 0, line };
      try {
        at = scanCsv(
          text,
          at,
          piece.final,
          plan?.columns ?? ALL_COLUMNS,
          this.interner,
          (fields, recordLine, start, end) => {
            if (failure) return;
            if (!plan) {
              const planned = planCsv(fields, keepGiven);
              if (typeof planned === "string") failure = new BattleFileError(`${this.name}:${recordLine}`, planned);
              else {
                plan = planned;
                lane = CsvVoteLane.for(plan);
              }
              return;
            }
            const battle = emptyBattle(recordLine);
            const problem = readCsvBattle(fields, plan, battle, keepGiven);
            if (problem !== undefined) {
              failure = new BattleFileError(`${this.name}:${recordLine}`, problem);
              return;
            }
            if (keepGiven) battle.raw = text.slice(start, end);
            found.push(battle);
          },
        );
      } catch (error) {
        if (error instanceof CsvSyntaxError)
          failure ??= new BattleFileError(`${this.name}:${error.line}`, error.message);
        else throw error;
      }
      // Battles before the problem are handed out; their reader stops at the throw.
      yield found;
      found.length = 0;
      if (failure) throw failure;
      carry = text.slice(at.position);
      line = at.line;
    }
  }

  private *jsonLinesBattles(): Generator<FileBattle> {
    const keepGiven = this.options.keepGiven ?? false;
    let line = 0;
    for (const piece of this.texts()) {
      let start = 0;
      while (start < piece.text.length) {
        let end = piece.text.indexOf("\n", start);
        if (end < 0) end = piece.text.length;
        line++;
        const raw =
          piece.text.charCodeAt(end - 1) === 13 ? piece.text.slice(start, end - 1) : piece.text.slice(start, end);
        start = end + 1;
        if (raw.trim() === "") continue;
        yield this.jsonBattle(raw, line, keepGiven);
      }
    }
  }

  private *jsonArrayBattles(): Generator<FileBattle> {
    const keepGiven = this.options.keepGiven ?? false;
    const splitter = new JsonArraySplitter();
    try {
      for (const piece of this.texts()) {
        const elements = splitter.push(piece.text);
        if (piece.final) elements.push(...splitter.finish());
        for (const element of elements) yield this.jsonBattle(element.text, element.line, keepGiven);
      }
    } catch (error) {
      if (error instanceof JsonArraySyntaxError) throw new BattleFileError(`${this.name}:${error.line}`, error.message);
      throw error;
    }
  }

  private jsonBattle(text: string, line: number, keepGiven: boolean): FileBattle {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      // V8 quotes the offending text in its message; keep only the reason.
      const reason = (error as Error).message.replace(/,\s*"[\s\S]*" is not valid JSON$/, "").slice(0, 120);
      throw new BattleFileError(`${this.name}:${line}`, `is not valid JSON (${reason})`);
    }
    const battle = emptyBattle(line);
    const problem = readJsonBattle(record, battle, keepGiven);
    if (problem !== undefined) throw new BattleFileError(`${this.name}:${line}`, problem);
    if (keepGiven) battle.raw = text;
    this.internModels(battle);
    return battle;
  }

  /** CSV cells are interned as they are cut out (scanCsv); a JSON record's model ids here. */
  private internModels(battle: FileBattle): void {
    battle.modelA = this.interner.intern(battle.modelA, 0, battle.modelA.length);
    battle.modelB = this.interner.intern(battle.modelB, 0, battle.modelB.length);
  }
}
