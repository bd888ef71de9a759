/**
 * eld's n-gram database held compactly. eld ships it as one JavaScript object literal,
 * `{ngram: {languageId: score}}` (105,548 n-grams for the "medium" set); evaluated by V8, that is
 * hundreds of thousands of small objects, ~190 MiB. Here the source text is read once into typed
 * arrays (~3 MiB, and nothing for the garbage collector to walk): each n-gram becomes a number, an
 * open-addressing hash table maps it to its entry, and each entry's (language, score) pairs sit in
 * two byte arrays.
 *
 * eld (https://github.com/nitotm/efficient-language-detector-js) is © Nito T.M., Apache-2.0.
 */

/** eld's n-grams are at most 6 characters, each one byte (eld maps UTF-8 bytes to single characters). */
const MAX_NGRAM_LENGTH = 6;

export type EldNgrams = {
  /** eld's name for the set, e.g. `M60` (medium, 60 languages). */
  type: string;
  /** ISO 639-1 code of each language id, in id order. */
  languages: string[];
  table: NgramTable;
};

export class NgramTable {
  /**
   * @param keys each entry's n-gram as a number (see `ngramKey`)
   * @param firstPair where each entry's pairs start in `pairLanguages` / `pairScores`; one more
   *   element than entries, so entry i's pairs are [firstPair[i], firstPair[i + 1])
   * @param slots the hash table: entry index + 1, or 0 for an empty slot; its length a power of two
   */
  private constructor(
    private readonly keys: Float64Array,
    private readonly firstPair: Uint32Array,
    readonly pairLanguages: Uint8Array,
    readonly pairScores: Uint8Array,
    private readonly slots: Int32Array,
  ) {}

  static build(
    keys: Float64Array,
    firstPair: Uint32Array,
    pairLanguages: Uint8Array,
    pairScores: Uint8Array,
  ): NgramTable {
    // At most half full: probes stay short, and the table is 4 bytes a slot.
    let capacity = 1;
    while (capacity < keys.length * 2) capacity *= 2;
    const table = new NgramTable(keys, firstPair, pairLanguages, pairScores, new Int32Array(capacity));
    keys.forEach((key, entry) => {
      const slot = table.slotOf(key);
      if (table.slots[slot] !== 0) throw new Error(`eld n-grams: the n-gram ${key} appears twice`);
      table.slots[slot] = entry + 1;
    });
    return table;
  }

  get size(): number {
    return this.keys.length;
  }

  /** The entry of an n-gram (eld's characters), or -1 when the database does not hold it. */
  find(ngram: string): number {
    const key = ngramKey(ngram);
    if (key < 0) return -1;
    return this.slots[this.slotOf(key)]! - 1;
  }

  /** The pairs of entry `entry`: indices into `pairLanguages` / `pairScores`. */
  pairsOf(entry: number): [start: number, end: number] {
    return [this.firstPair[entry]!, this.firstPair[entry + 1]!];
  }

  /** The slot that holds `key`, or the empty slot where it would go. */
  private slotOf(key: number): number {
    const mask = this.slots.length - 1;
    // Keys are below 2^51: mix the high and low 32 bits (Fibonacci hashing), then probe linearly.
    let slot = Math.imul((key >>> 0) ^ Math.imul(Math.floor(key / 2 ** 32), 0x9e3779b1), 0x85ebca6b) >>> 0;
    for (slot &= mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0 || this.keys[entry - 1] === key) return slot;
    }
  }
}

/**
 * An n-gram as a number: its character codes as base-256 digits, plus its length above them (so
 * that a trailing NUL could not make two n-grams one number; at most 7·2^48, exact in a double).
 * -1 for a string no n-gram of the database can equal (too long, or a character above one byte).
 */
export function ngramKey(ngram: string): number {
  const length = ngram.length;
  if (length > MAX_NGRAM_LENGTH) return -1;
  let key = length * 2 ** (8 * MAX_NGRAM_LENGTH);
  let digit = 1;
  for (let i = 0; i < length; i++) {
    const code = ngram.charCodeAt(i);
    if (code > 0xff) return -1;
    key += code * digit;
    digit *= 256;
  }
  return key;
}

/**
 * Reads eld's n-gram module (`eld/src/ngrams/<size>.js`, as text) without evaluating it. The file
 * is generated, one line of `export const ngramsData = {type:'M60',languages:{0:'am',…},
 * isSubset:false,ngrams:{' Lé4L':{0:176},…,L_QL:{0:148},…}}`: keys are single-quoted strings
 * (`\'` their only escape) or bare identifiers, values small integers. Anything else throws, so a
 * new eld whose format moved fails loudly instead of detecting differently.
 */
export function parseEldNgrams(source: string): EldNgrams {
  const reader = new LiteralReader(source);
  reader.skipTo("ngramsData = {");
  let type: string | undefined;
  let languages: string[] | undefined;
  let table: NgramTable | undefined;
  reader.readObject((field) => {
    if (field === "type") type = reader.readString();
    else if (field === "isSubset") reader.readWord();
    else if (field === "languages") languages = readLanguages(reader);
    else if (field === "ngrams") table = readNgrams(reader, source.length);
    else throw reader.error(`unknown field ${field}`);
  });
  if (type === undefined || languages === undefined || table === undefined) {
    throw reader.error("missing type, languages or ngrams");
  }
  if (table.pairLanguages.some((language) => language >= languages!.length))
    throw reader.error("an n-gram names an unknown language");
  return { type, languages, table };
}

function readLanguages(reader: LiteralReader): string[] {
  const languages: string[] = [];
  reader.readObject((id) => {
    if (Number(id) !== languages.length) throw reader.error(`language id ${id} out of order`);
    languages.push(reader.readString());
  });
  return languages;
}

function readNgrams(reader: LiteralReader, sourceLength: number): NgramTable {
  // Sized for the worst case (an entry takes at least 8 characters of source, a pair 4), trimmed at the end.
  let keys = new Float64Array(sourceLength >> 3);
  let firstPair = new Uint32Array(sourceLength >> 3);
  const pairLanguages = new Uint8Array(sourceLength >> 2);
  const pairScores = new Uint8Array(sourceLength >> 2);
  let entries = 0;
  let pairs = 0;
  reader.readObject((ngram) => {
    const key = ngramKey(ngram);
    if (key < 0) throw reader.error(`n-gram ${JSON.stringify(ngram)} is not 1–${MAX_NGRAM_LENGTH} one-byte characters`);
    keys[entries] = key;
    firstPair[entries] = pairs;
    entries++;
    // {language: score, …}, read without the generic readObject: this loop runs 172,419 times.
    reader.expect("{");
    do {
      pairLanguages[pairs] = reader.byte(reader.readInteger());
      reader.expect(":");
      pairScores[pairs] = reader.byte(reader.readInteger());
      pairs++;
    } while (reader.skip(","));
    reader.expect("}");
  });
  firstPair[entries] = pairs;
  keys = keys.slice(0, entries);
  firstPair = firstPair.slice(0, entries + 1);
  return NgramTable.build(keys, firstPair, pairLanguages.slice(0, pairs), pairScores.slice(0, pairs));
}

const QUOTE = 0x27;
const BACKSLASH = 0x5c;

/** [A-Za-z0-9_$] */
function isWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f ||
    code === 0x24
  );
}

/** Just enough of JavaScript's literal syntax for eld's generated data files. */
class LiteralReader {
  private at = 0;

  constructor(private readonly source: string) {}

  skipTo(marker: string): void {
    const found = this.source.indexOf(marker, this.at);
    if (found < 0) throw this.error(`no ${JSON.stringify(marker)}`);
    this.at = found + marker.length - 1;
  }

  /** `{key: value, …}`: calls `readValue(key)` with the reader on each value. */
  readObject(readValue: (key: string) => void): void {
    this.expect("{");
    if (this.source[this.at] === "}") {
      this.at++;
      return;
    }
    for (;;) {
      const key = this.source[this.at] === "'" ? this.readString() : this.readWord();
      this.expect(":");
      readValue(key);
      const next = this.source[this.at++];
      if (next === "}") return;
      if (next !== ",") throw this.error(`expected , or } after ${JSON.stringify(key)}`, this.at - 1);
    }
  }

  /** A single-quoted string. */
  readString(): string {
    this.expect("'");
    let text = "";
    let start = this.at;
    for (;;) {
      const code = this.source.charCodeAt(this.at);
      if (Number.isNaN(code)) throw this.error("unterminated string");
      if (code === QUOTE) break;
      if (code === BACKSLASH) {
        const escaped = this.source[this.at + 1];
        if (escaped !== "'" && escaped !== "\\") throw this.error(`unsupported escape \\${escaped}`);
        text += this.source.slice(start, this.at) + escaped;
        this.at += 2;
        start = this.at;
      } else {
        this.at++;
      }
    }
    text += this.source.slice(start, this.at);
    this.at++;
    return text;
  }

  /** A bare identifier, number or keyword. */
  readWord(): string {
    const start = this.at;
    while (isWordChar(this.source.charCodeAt(this.at))) this.at++;
    if (this.at === start) throw this.error("expected a key or a value");
    return this.source.slice(start, this.at);
  }

  /** Decimal digits. */
  readInteger(): number {
    const start = this.at;
    let value = 0;
    for (
      let code = this.source.charCodeAt(this.at);
      code >= 0x30 && code <= 0x39;
      code = this.source.charCodeAt(++this.at)
    ) {
      value = value * 10 + (code - 0x30);
    }
    if (this.at === start) throw this.error("expected an integer");
    return value;
  }

  byte(value: number): number {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw this.error(`${value} does not fit a byte`);
    return value;
  }

  error(message: string, at = this.at): Error {
    return new Error(`eld n-grams, at character ${at}: ${message}`);
  }

  expect(char: string): void {
    if (this.source[this.at] !== char) throw this.error(`expected ${char}`);
    this.at++;
  }

  /** Steps over `char` if it comes next. */
  skip(char: string): boolean {
    if (this.source[this.at] !== char) return false;
    this.at++;
    return true;
  }
}
