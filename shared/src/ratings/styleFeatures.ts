/**
 * The four style features of FastChat's style control (fastchat/serve/monitor/rating_systems.py,
 * `preprocess_for_style`): how long each answer is and how much markdown it uses, read from a
 * battle's `conv_metadata`, turned into one number per feature and battle, z = (a − b)/(a + b + 1),
 * and standardized over the table's battles.
 */
import type { Score } from "./pairCounts.ts";

/** The features, in the order of every 4-vector here (FastChat's `STYLE_CONTROL_ELEMENTS_V1`). */
export const STYLE_FEATURES = ["length", "headers", "lists", "bold"] as const;
export type StyleFeature = (typeof STYLE_FEATURES)[number];
export const STYLE_FEATURE_COUNT = STYLE_FEATURES.length;

/** The `conv_metadata` keys of each feature, side a then side b. */
export const STYLE_METADATA_KEYS: Readonly<Record<StyleFeature, readonly [string, string]>> = {
  length: ["sum_assistant_a_tokens", "sum_assistant_b_tokens"],
  headers: ["header_count_a", "header_count_b"],
  lists: ["list_count_a", "list_count_b"],
  bold: ["bold_count_a", "bold_count_b"],
};

/** One answer's counts in `STYLE_FEATURES` order: tokens, headers, list items, bold spans. */
export type StyleCounts = readonly [length: number, headers: number, lists: number, bold: number];

/** Both answers' counts of one battle. */
export interface StylePair {
  readonly a: StyleCounts;
  readonly b: StyleCounts;
}

/** A value read from untrusted input, or why it could not be. */
export type StyleReadResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * One feature's count as FastChat's `extract_style_feature` reads it: an integer as it is, or an
 * object of integers summed (`{"h1": 0, "h2": 3, …}` → 3; `{}` → 0). Counts are whole numbers ≥ 0:
 * a negative one could make a + b + 1 zero. Text (a CSV cell) may hold either form.
 */
export function readStyleCount(value: unknown): StyleReadResult<number> {
  if (typeof value === "string") return readStyleCountText(value);
  if (isCount(value)) return { ok: true, value };
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    let sum = 0;
    for (const [key, part] of Object.entries(value)) {
      if (!isCount(part)) return { ok: false, error: `its "${key}" must be a whole number ≥ 0, got ${describe(part)}` };
      sum += part;
    }
    return { ok: true, value: sum };
  }
  return { ok: false, error: `must be a whole number ≥ 0 or an object of them, got ${describe(value)}` };
}

/**
 * A battle's four feature pairs from FastChat's `conv_metadata` (other keys are ignored).
 * The error names the first key that is missing or invalid.
 */
export function readStyleFeatures(metadata: unknown): StyleReadResult<StylePair> {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    return { ok: false, error: `conv_metadata must be an object, got ${describe(metadata)}` };
  }
  const record = metadata as Record<string, unknown>;
  const a: number[] = [];
  const b: number[] = [];
  for (const feature of STYLE_FEATURES) {
    for (const [side, key] of [
      [a, STYLE_METADATA_KEYS[feature][0]],
      [b, STYLE_METADATA_KEYS[feature][1]],
    ] as const) {
      if (!Object.hasOwn(record, key) || record[key] === undefined || record[key] === null) {
        return { ok: false, error: `conv_metadata.${key} is missing` };
      }
      const count = readStyleCount(record[key]);
      if (!count.ok) return { ok: false, error: `conv_metadata.${key} ${count.error}` };
      side.push(count.value);
    }
  }
  return { ok: true, value: { a: a as unknown as StyleCounts, b: b as unknown as StyleCounts } };
}

/** A battle's style counts from its `conv_metadata`, or null when it has none or they are invalid. */
export function styleOfMetadata(metadata: unknown): StylePair | null {
  if (metadata === null || metadata === undefined) return null;
  const read = readStyleFeatures(metadata);
  return read.ok ? read.value : null;
}

/** FastChat's per-feature difference (a − b)/(a + b + 1): in (−1, 1), 0 when both sides agree. */
export function styleDifference(a: number, b: number): number {
  return (a - b) / (a + b + 1);
}

/** The four differences of a battle, written to `into` from `offset` (default a new 4-vector). */
export function styleDifferences(
  pair: StylePair,
  into = new Float64Array(STYLE_FEATURE_COUNT),
  offset = 0,
): Float64Array {
  for (let k = 0; k < STYLE_FEATURE_COUNT; k++) into[offset + k] = styleDifference(pair.a[k]!, pair.b[k]!);
  return into;
}

/**
 * Battles as columns, like `PairData` but one row per battle (or per group of identical battles)
 * with its four style differences. Row i: `count[i]` battles showed model `a[i]` first and `b[i]`
 * second, scored model a `outcome[i]`, and had differences `features[4i … 4i + 3]`
 * (z = (a − b)/(a + b + 1), not yet standardized).
 */
export interface StyleData {
  /** Model names sorted by UTF-16 code units, as in `PairData`. */
  readonly models: readonly string[];
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** Model a's score: 1, 0.5 (tie or both bad) or 0. */
  readonly outcome: Float64Array;
  /** Row-major rows × 4, in `STYLE_FEATURES` order. */
  readonly features: Float64Array;
  /** Battles the row stands for (≥ 0; a bootstrap resample may hold 0). */
  readonly count: Float64Array;
}

/**
 * How each feature is standardized: x = (z − mean) · inverseScale. `scale` is the population
 * standard deviation (numpy's `np.std`) over the battles; a feature that never varies gets scale 0
 * and inverseScale 0, so it drops out of the fit (FastChat divides by zero there).
 */
export interface StyleStandardization {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly inverseScale: Float64Array;
}

/** Mean and population standard deviation of each feature, each row counted `count` times. */
export function styleStandardization(data: Pick<StyleData, "features" | "count">): StyleStandardization {
  const rows = data.count.length;
  if (data.features.length !== rows * STYLE_FEATURE_COUNT) throw new RangeError("features must hold 4 values per row");
  const mean = new Float64Array(STYLE_FEATURE_COUNT);
  const scale = new Float64Array(STYLE_FEATURE_COUNT);
  const inverseScale = new Float64Array(STYLE_FEATURE_COUNT);
  let total = 0;
  for (let row = 0; row < rows; row++) total += data.count[row]!;
  if (!(total > 0)) return { mean, scale, inverseScale };

  for (let k = 0; k < STYLE_FEATURE_COUNT; k++) {
    let sum = 0;
    let first = NaN;
    let varies = false;
    for (let row = 0; row < rows; row++) {
      const count = data.count[row]!;
      if (count === 0) continue;
      const z = data.features[row * STYLE_FEATURE_COUNT + k]!;
      if (!Number.isFinite(z)) throw new RangeError(`feature ${STYLE_FEATURES[k]} of row ${row} is not finite`);
      if (Number.isNaN(first)) first = z;
      else if (z !== first) varies = true;
      sum += count * z;
    }
    mean[k] = sum / total;
    // Decided exactly rather than from the computed deviation: the mean of identical values can
    // be off by an ulp, which would leave a tiny nonzero "spread" to divide by.
    if (!varies) continue;
    let squares = 0;
    for (let row = 0; row < rows; row++) {
      const deviation = data.features[row * STYLE_FEATURE_COUNT + k]! - mean[k]!;
      squares += data.count[row]! * deviation * deviation;
    }
    scale[k] = Math.sqrt(squares / total);
    inverseScale[k] = 1 / scale[k]!;
  }
  return { mean, scale, inverseScale };
}

/**
 * Accumulates battles one at a time (amortised O(1) each, no per-battle objects) and hands out
 * `StyleData`. Rows are kept as added, one per `add`; `aggregateStyleData` merges identical ones.
 */
export class StyleBattles {
  private readonly idOf = new Map<string, number>();
  private readonly names: string[] = [];
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private outcome = new Float64Array(1024);
  private features = new Float64Array(1024 * STYLE_FEATURE_COUNT);
  private count = new Float64Array(1024);
  private rows = 0;
  private totalBattles = 0;

  /** Battles added (the sum of their counts). */
  get total(): number {
    return this.totalBattles;
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Makes sure a model is in the data even with no battles (it then rates exactly 1000). */
  addModel(model: string): void {
    this.modelId(model);
  }

  /**
   * Records `count` battles that showed `modelA` first and `modelB` second, scored modelA
   * `scoreA` (1 won, 0 lost, ½ tie or both bad), with answers of the given style counts.
   */
  add(modelA: string, modelB: string, scoreA: Score, style: StylePair, count = 1): void {
    this.addDifferences(modelA, modelB, scoreA, styleDifferences(style), count);
  }

  /** The same with the four differences z already computed (e.g. `styleDifferences`). */
  addDifferences(modelA: string, modelB: string, scoreA: Score, differences: ArrayLike<number>, count = 1): void {
    if (!(count > 0 && Number.isFinite(count))) throw new RangeError(`count must be finite and > 0, got ${count}`);
    if (scoreA !== 0 && scoreA !== 0.5 && scoreA !== 1)
      throw new RangeError(`score must be 0, 0.5 or 1, got ${scoreA}`);
    if (differences.length !== STYLE_FEATURE_COUNT) throw new RangeError("differences must hold 4 values");
    for (let k = 0; k < STYLE_FEATURE_COUNT; k++) {
      if (!Number.isFinite(differences[k])) throw new RangeError(`difference ${STYLE_FEATURES[k]} is not finite`);
    }
    if (this.rows === this.count.length) this.grow();
    const row = this.rows++;
    this.a[row] = this.modelId(modelA);
    this.b[row] = this.modelId(modelB);
    this.outcome[row] = scoreA;
    for (let k = 0; k < STYLE_FEATURE_COUNT; k++) this.features[row * STYLE_FEATURE_COUNT + k] = differences[k]!;
    this.count[row] = count;
    this.totalBattles += count;
  }

  /** Counts `count` more battles on row `row`: the same models, outcome and differences as it has. */
  addToRow(row: number, count = 1): void {
    if (!(Number.isInteger(row) && row >= 0 && row < this.rows)) throw new RangeError(`no row ${row}`);
    if (!(count > 0 && Number.isFinite(count))) throw new RangeError(`count must be finite and > 0, got ${count}`);
    this.count[row]! += count;
    this.totalBattles += count;
  }

  /**
   * The battles so far, models sorted by name. The columns other than `a` and `b` are views of
   * this accumulator's storage (rows are never changed once added, so they stay valid), which
   * keeps a refit of 1.5 M battles from copying 60 MB first.
   */
  toData(): StyleData {
    const models = [...this.names].sort();
    const sortedIndexOfId = new Int32Array(this.names.length);
    models.forEach((name, index) => {
      sortedIndexOfId[this.idOf.get(name)!] = index;
    });
    const a = new Int32Array(this.rows);
    const b = new Int32Array(this.rows);
    for (let row = 0; row < this.rows; row++) {
      a[row] = sortedIndexOfId[this.a[row]!]!;
      b[row] = sortedIndexOfId[this.b[row]!]!;
    }
    return {
      models,
      a,
      b,
      outcome: this.outcome.subarray(0, this.rows),
      features: this.features.subarray(0, this.rows * STYLE_FEATURE_COUNT),
      count: this.count.subarray(0, this.rows),
    };
  }

  private grow(): void {
    const capacity = this.count.length * 2;
    const grown = <T extends Int32Array | Float64Array>(old: T, size: number): T => {
      const next = new (old.constructor as new (length: number) => T)(size);
      next.set(old);
      return next;
    };
    this.a = grown(this.a, capacity);
    this.b = grown(this.b, capacity);
    this.outcome = grown(this.outcome, capacity);
    this.features = grown(this.features, capacity * STYLE_FEATURE_COUNT);
    this.count = grown(this.count, capacity);
  }

  private modelId(model: string): number {
    let id = this.idOf.get(model);
    if (id === undefined) {
      id = this.names.length;
      this.idOf.set(model, id);
      this.names.push(model);
    }
    return id;
  }
}

/**
 * Merges rows with the same (a, b, outcome, four differences) into one with their summed count.
 * The fit and its intervals depend on the rows only through these sums, so the answer is the
 * same, in time proportional to the distinct rows. Real answers' lengths make almost every
 * battle distinct; this pays off for data with few distinct feature values. Rows keep the
 * order of their first appearance.
 */
export function aggregateStyleData(data: StyleData): StyleData {
  const rowOfKey = new Map<string, number>();
  const firstRow: number[] = [];
  const merged: number[] = [];
  for (let row = 0; row < data.count.length; row++) {
    const base = row * STYLE_FEATURE_COUNT;
    const key =
      `${data.a[row]},${data.b[row]},${data.outcome[row]},${data.features[base]},` +
      `${data.features[base + 1]},${data.features[base + 2]},${data.features[base + 3]}`;
    const existing = rowOfKey.get(key);
    if (existing === undefined) {
      rowOfKey.set(key, firstRow.length);
      firstRow.push(row);
      merged.push(data.count[row]!);
    } else {
      merged[existing] = merged[existing]! + data.count[row]!;
    }
  }
  const rows = firstRow.length;
  const features = new Float64Array(rows * STYLE_FEATURE_COUNT);
  firstRow.forEach((row, index) => {
    features.set(
      data.features.subarray(row * STYLE_FEATURE_COUNT, (row + 1) * STYLE_FEATURE_COUNT),
      index * STYLE_FEATURE_COUNT,
    );
  });
  return {
    models: data.models,
    a: Int32Array.from(firstRow, (row) => data.a[row]!),
    b: Int32Array.from(firstRow, (row) => data.b[row]!),
    outcome: Float64Array.from(firstRow, (row) => data.outcome[row]!),
    features,
    count: Float64Array.from(merged),
  };
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function readStyleCountText(text: string): StyleReadResult<number> {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return readStyleCount(Number(trimmed));
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return { ok: false, error: `is not valid JSON: ${describe(text)}` };
    }
    return readStyleCount(parsed);
  }
  return { ok: false, error: `must be a whole number ≥ 0 or an object of them, got ${describe(text)}` };
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value); // a BigInt or a cycle
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
