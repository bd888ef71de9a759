/**
 * Which pairs of models an offline judge compares: every pair, or the first N of a balanced,
 * connected design. With M models (sorted), the pairs come by distance on a ring: first every
 * model with its neighbour (i, i+1 mod M) — M pairs that connect them all, each model in two —
 * then distance 2, and so on. Any prefix keeps the models' numbers of pairs within two of each
 * other, and the ratings of a connected design are all defined; a larger N is the smaller one plus
 * more pairs, so `--resume` with a larger N only adds work.
 */

/** A pair of model ids, `a < b`. */
export type ModelPair = { a: string; b: string };

/** How many pairs M models make. */
export function pairCount(models: number): number {
  return (models * (models - 1)) / 2;
}

/** The first `limit` pairs of the design (all of them when `limit` is null); models sorted and deduplicated. */
export function judgePairs(models: readonly string[], limit: number | null = null): ModelPair[] {
  const sorted = [...new Set(models)].sort();
  const count = sorted.length;
  const pairs: ModelPair[] = [];
  const wanted = limit ?? pairCount(count);
  for (let distance = 1; distance <= Math.floor(count / 2); distance++) {
    // At half the ring's length (even M), (i, i + M/2) and (i + M/2, i) are one pair: take each once.
    const starts = 2 * distance === count ? distance : count;
    for (let start = 0; start < starts; start++) {
      if (pairs.length >= wanted) return pairs;
      const x = sorted[start]!;
      const y = sorted[(start + distance) % count]!;
      pairs.push(x < y ? { a: x, b: y } : { a: y, b: x });
    }
  }
  return pairs;
}
