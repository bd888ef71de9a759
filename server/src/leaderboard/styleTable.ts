/**
 * The style-controlled side of one table: every counted battle that has style counts, kept as a
 * row — the style fit cannot be summed to pair counts, since every battle's answers differ — and
 * refitted when read after a change, warm-started from the previous fit, so that a few new
 * battles cost a Newton step or two.
 */
import { createHash } from "node:crypto";

import type { Score } from "@arena/shared/ratings/pairCounts";
import { rateWithStyleControl, type StyleRatedBattles } from "@arena/shared/ratings/rateStyleControl";
import {
  STYLE_FEATURE_COUNT,
  StyleBattles,
  type StyleData,
  styleDifferences,
  type StylePair,
} from "@arena/shared/ratings/styleFeatures";

export type StyleFitOptions = { ci: "sandwich" | "bootstrap"; rounds: number; seed: number };

/** One fit, kept until the next battle or other options. */
export type StyleFit = {
  rated: StyleRatedBattles;
  data: StyleData;
  /** Per model of `data.models`: its record in these battles. */
  wins: Int32Array;
  losses: Int32Array;
  ties: Int32Array;
  votesHash: string;
};

/**
 * Distinct battles grouped into rows, at most. A pack's battles repeat (the same prompt, pair,
 * outcome and answers, hence the same style differences), so their rows stay a few thousand
 * however many votes come; live answers never repeat, and past this many the rows that follow are
 * kept apart rather than remembered, so the map stops growing.
 */
const GROUPED_ROWS = 100_000;

export class StyleTable {
  private readonly battles = new StyleBattles();
  private fit: (StyleFit & { battles: number; optionsKey: string }) | undefined;
  /** Row of each distinct battle so far: models, outcome and both answers' style counts. */
  private readonly rowOf = new Map<string, number>();
  private readonly modelIds = new Map<string, number>();
  private readonly differences = new Float64Array(STYLE_FEATURE_COUNT);

  /** Battles counted under style control (those with style counts). */
  get total(): number {
    return this.battles.total;
  }

  /**
   * Counts a battle: on the row of an equal one when there is one (it then weighs twice: the fit
   * is the same up to floating-point rounding, far below the tables' precision), else on a row of
   * its own. Without grouping, every vote added 56 bytes per table it counts in.
   */
  add(modelA: string, modelB: string, scoreA: Score, style: StylePair): void {
    // Keyed by the raw counts, small integers that print fast: equal counts, equal differences.
    const { a, b } = style;
    const key = `${this.modelId(modelA)},${this.modelId(modelB)},${scoreA},${a[0]},${a[1]},${a[2]},${a[3]},${b[0]},${b[1]},${b[2]},${b[3]}`;
    const row = this.rowOf.get(key);
    if (row !== undefined) {
      this.battles.addToRow(row);
      return;
    }
    const next = this.battles.rowCount;
    // Throws on a bad battle, which is then not remembered either.
    this.battles.addDifferences(modelA, modelB, scoreA, styleDifferences(style, this.differences));
    if (this.rowOf.size < GROUPED_ROWS) this.rowOf.set(key, next);
  }

  private modelId(model: string): number {
    let id = this.modelIds.get(model);
    if (id === undefined) {
      id = this.modelIds.size;
      this.modelIds.set(model, id);
    }
    return id;
  }

  /** The fit of the battles so far; null while there are none. */
  rated(options: StyleFitOptions): StyleFit | null {
    const total = this.battles.total;
    if (total === 0) return null;
    const optionsKey = `${options.ci}:${options.rounds}:${options.seed}`;
    if (this.fit && this.fit.battles === total && this.fit.optionsKey === optionsKey) return this.fit;
    const data = this.battles.toData();
    const rated = rateWithStyleControl(data, { ...options, ...(this.fit ? { initial: this.fit.rated } : {}) });
    this.fit = { battles: total, optionsKey, rated, data, ...recordsOf(data), votesHash: hashRows(data) };
    return this.fit;
  }
}

function recordsOf(data: StyleData): Pick<StyleFit, "wins" | "losses" | "ties"> {
  const size = data.models.length;
  const wins = new Int32Array(size);
  const losses = new Int32Array(size);
  const ties = new Int32Array(size);
  for (let row = 0; row < data.count.length; row++) {
    const a = data.a[row]!;
    const b = data.b[row]!;
    const count = data.count[row]!;
    const outcome = data.outcome[row]!;
    if (outcome === 1) {
      wins[a]! += count;
      losses[b]! += count;
    } else if (outcome === 0) {
      wins[b]! += count;
      losses[a]! += count;
    } else {
      ties[a]! += count;
      ties[b]! += count;
    }
  }
  return { wins, losses, ties };
}

/** SHA-256 over the models and every row's columns, as bytes: equal hashes, equal inputs. */
function hashRows(data: StyleData): string {
  const hash = createHash("sha256").update(data.models.join("\n")).update("\0");
  for (const column of [data.a, data.b, data.outcome, data.features, data.count]) {
    hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  }
  return hash.digest("hex");
}
