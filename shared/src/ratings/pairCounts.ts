/**
 * Votes aggregated the way arena-rank's `PairDataset` aggregates them: one row per distinct
 * (model shown first, model shown second, outcome), with how many votes fell in it. Every rating
 * computation then costs time in the number of distinct rows (≤ 3 per ordered pair of models,
 * a few thousand for 50 models) instead of the number of votes (millions).
 */

/** Model A's score in one vote: 1 A won, 0 B won, ½ tie or both bad. */
export type Score = 0 | 0.5 | 1;

/**
 * The votes as columns. Row i says: `count[i]` votes showed model `a[i]` first and model `b[i]`
 * second, and scored model a `outcome[i]`. Models are indices into `models`.
 */
export interface PairData {
  /** Model names sorted by UTF-16 code units (JavaScript's default sort), like pandas' sorted factorize. */
  readonly models: readonly string[];
  /** The model shown first (model_a), as an index into `models`. Not symmetrised: order shown is kept. */
  readonly a: Int32Array;
  /** The model shown second (model_b). */
  readonly b: Int32Array;
  /** Model a's score: 1, 0.5 or 0. */
  readonly outcome: Float64Array;
  /** How many votes the row stands for (> 0 in data from `PairCounts`; a bootstrap resample may hold 0). */
  readonly count: Float64Array;
}

// Model ids go into a numeric row key: (first · 2²⁰ + second) · 3 + outcome stays below 2⁵³.
const MAX_MODELS = 1 << 20;
const OUTCOME_CODES = 3;

function outcomeCode(score: number): number {
  if (score === 0) return 0;
  if (score === 0.5) return 1;
  if (score === 1) return 2;
  throw new RangeError(`score must be 0, 0.5 or 1, got ${score}`);
}

/**
 * Accumulates votes one at a time (O(1) each) and hands out canonical `PairData` whenever a
 * rating is wanted: the same votes added in any order give identical data.
 */
export class PairCounts {
  private readonly idOf = new Map<string, number>();
  private readonly names: string[] = [];
  /** Per row key, its count in a cell of its own: a vote then costs one look-up, not a get and a set. */
  private readonly countOfRow = new Map<number, [number]>();
  private totalVotes = 0;

  /** Total votes added (the sum of their counts). */
  get total(): number {
    return this.totalVotes;
  }

  /** Models seen so far, including those added with `addModel` that have no votes. */
  get modelCount(): number {
    return this.names.length;
  }

  /** Distinct (first, second, outcome) rows so far. */
  get rowCount(): number {
    return this.countOfRow.size;
  }

  /**
   * Makes sure a model is in the data even with no votes (it then rates exactly 1000; see
   * `fitBradleyTerry`). Adding a model twice is harmless. Returns the model's id for `addById`:
   * ids are given in the order models are first seen.
   */
  addModel(model: string): number {
    return this.modelId(model);
  }

  /**
   * Records `count` votes that showed `modelA` first and `modelB` second and scored modelA
   * `scoreA` (1 A won, 0 B won, ½ tie or both bad).
   *
   * A model may meet itself (the arena-140k data has 10 such votes): the row is kept, as
   * arena-rank keeps it, because it still counts in the total of votes, which scales arena-rank's
   * Hessian ridge; it cannot move any rating, since θa − θb is then always 0.
   */
  add(modelA: string, modelB: string, scoreA: Score, count = 1): void {
    this.addById(this.modelId(modelA), this.modelId(modelB), scoreA, count);
  }

  /** As `add`, for models known by the ids `addModel` returned (a caller that keeps its own index). */
  addById(idA: number, idB: number, scoreA: Score, count = 1): void {
    if (!(count > 0 && Number.isFinite(count))) throw new RangeError(`count must be finite and > 0, got ${count}`);
    if (!(idA < this.names.length && idB < this.names.length))
      throw new RangeError(`unknown model id ${idA} or ${idB}`);
    const key = (idA * MAX_MODELS + idB) * OUTCOME_CODES + outcomeCode(scoreA);
    let cell = this.countOfRow.get(key);
    if (cell === undefined) this.countOfRow.set(key, (cell = [0]));
    cell[0] += count;
    this.totalVotes += count;
  }

  /** The votes so far as canonical columns: models sorted, rows sorted by (a, b, outcome). */
  toData(): PairData {
    const models = [...this.names].sort();
    const sortedIndexOfId = new Int32Array(this.names.length);
    const idOfSortedIndex = new Int32Array(this.names.length);
    models.forEach((name, index) => {
      const id = this.idOf.get(name)!;
      sortedIndexOfId[id] = index;
      idOfSortedIndex[index] = id;
    });

    const rowCount = this.countOfRow.size;
    const keys = new Float64Array(rowCount);
    let row = 0;
    for (const key of this.countOfRow.keys()) {
      const code = key % OUTCOME_CODES;
      const pair = (key - code) / OUTCOME_CODES;
      const second = pair % MAX_MODELS;
      const first = (pair - second) / MAX_MODELS;
      // Re-key with sorted indices so that a plain numeric sort gives the canonical order.
      keys[row++] = (sortedIndexOfId[first]! * MAX_MODELS + sortedIndexOfId[second]!) * OUTCOME_CODES + code;
    }
    keys.sort();

    const a = new Int32Array(rowCount);
    const b = new Int32Array(rowCount);
    const outcome = new Float64Array(rowCount);
    const count = new Float64Array(rowCount);
    for (let i = 0; i < rowCount; i++) {
      const key = keys[i]!;
      const code = key % OUTCOME_CODES;
      const pair = (key - code) / OUTCOME_CODES;
      b[i] = pair % MAX_MODELS;
      a[i] = (pair - b[i]!) / MAX_MODELS;
      outcome[i] = code / 2;
      // The count under the row's own key (ids, not sorted indices): no second table to build.
      count[i] = this.countOfRow.get(
        (idOfSortedIndex[a[i]!]! * MAX_MODELS + idOfSortedIndex[b[i]!]!) * OUTCOME_CODES + code,
      )![0];
    }
    return { models, a, b, outcome, count };
  }

  private modelId(model: string): number {
    let id = this.idOf.get(model);
    if (id === undefined) {
      if (this.names.length >= MAX_MODELS) throw new RangeError(`more than ${MAX_MODELS} models`);
      id = this.names.length;
      this.idOf.set(model, id);
      this.names.push(model);
    }
    return id;
  }
}

/**
 * For each row, the votes between its two models in total — all outcomes, both orders shown.
 * This is the pair size that arena-rank's reweighting divides by.
 */
export function pairTotalOfEachRow(data: PairData): Float64Array {
  const size = data.models.length;
  const totalOfPair = new Map<number, number>();
  const pairKey = (row: number) => Math.min(data.a[row]!, data.b[row]!) * size + Math.max(data.a[row]!, data.b[row]!);
  for (let row = 0; row < data.count.length; row++) {
    const key = pairKey(row);
    totalOfPair.set(key, (totalOfPair.get(key) ?? 0) + data.count[row]!);
  }
  return Float64Array.from(data.count, (_, row) => totalOfPair.get(pairKey(row))!);
}

/**
 * Votes between every two models, either order shown, as a symmetric n × n row-major matrix
 * (entry i·n + j for models i and j; the diagonal holds votes of a model against itself).
 */
export function battleCountMatrix(data: PairData): Float64Array {
  const size = data.models.length;
  const matrix = new Float64Array(size * size);
  for (let row = 0; row < data.count.length; row++) {
    const a = data.a[row]!;
    const b = data.b[row]!;
    matrix[a * size + b] = matrix[a * size + b]! + data.count[row]!;
    if (a !== b) matrix[b * size + a] = matrix[b * size + a]! + data.count[row]!;
  }
  return matrix;
}
