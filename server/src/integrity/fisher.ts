/**
 * Fisher's method: k independent p-values, each uniform when nothing is going on, combine into
 * X = −2 Σ ln pᵢ, which is then χ² with 2k degrees of freedom. Many mildly surprising votes add
 * up to one very surprising session, which no single vote could show.
 */
import { chiSquareSurvival } from "./chiSquare.ts";

export type FisherCombination = {
  /** −2 Σ ln pᵢ. */
  statistic: number;
  /** 2k. */
  degreesOfFreedom: number;
  /** P(χ²_2k ≥ statistic); 1 for no p-values at all. */
  pValue: number;
};

export function fisherCombine(pValues: readonly number[]): FisherCombination {
  let statistic = 0;
  for (const p of pValues) {
    if (!(p > 0 && p <= 1)) throw new RangeError(`a p-value must be in (0, 1], got ${p}`);
    statistic -= 2 * Math.log(p);
  }
  return fisherFromStatistic(statistic, pValues.length);
}

/** The same, from a running −2 Σ ln pᵢ over `count` p-values (no array kept per session). */
export function fisherFromStatistic(statistic: number, count: number): FisherCombination {
  const degreesOfFreedom = 2 * count;
  return { statistic, degreesOfFreedom, pValue: count === 0 ? 1 : chiSquareSurvival(statistic, degreesOfFreedom) };
}
