/**
 * The style-controlled side of one table: every counted battle that has style counts, kept as a
 * row — the style fit cannot be summed to pair counts, since every battle's answers differ — and
 * refitted when read after a change, warm-started from the previous fit, so that a few new
 * battles cost a Newton step or two.
 */
import { createHash } from "node:crypto";

import type { Score } from "@arena/shared/ratings/pairCounts";
import { rateWithStyleControl, type StyleRatedBattles } from "@arena/shared/ratings/rateStyleControl";
import { StyleBattles, type StyleData, type StylePair } from "@arena/shared/ratings/styleFeatures";

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

export class StyleTable {
  private readonly battles = new StyleBattles();
  private fit: (StyleFit & { battles: number; optionsKey: string }) | undefined;

  /** Battles counted under style control (those with style counts). */
  get total(): number {
    return this.battles.total;
  }

  add(modelA: string, modelB: string, scoreA: Score, style: StylePair): void {
    this.battles.add(modelA, modelB, scoreA, style);
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
