import { sampleBinomial } from "./binomial.ts";
import type { RandomSource } from "./random.ts";

/**
 * Draws `draws` items with replacement from categories weighted by `weights`, writing how many
 * landed in each category to `into` (same length as `weights`), and returns `into`.
 *
 * Uses the chain of conditional binomials: category i receives Binomial(draws left,
 * wᵢ / weight left). That is exactly the multinomial distribution, and costs one binomial per
 * category instead of one draw per item — which is what makes a 1.5 M-vote bootstrap cheap.
 */
export function sampleMultinomial(
  random: RandomSource,
  draws: number,
  weights: ArrayLike<number>,
  into: Float64Array = new Float64Array(weights.length),
): Float64Array {
  if (into.length !== weights.length) throw new RangeError("into must have one slot per weight");
  if (!Number.isInteger(draws) || draws < 0) throw new RangeError(`draws must be a whole number ≥ 0, got ${draws}`);
  let weightLeft = 0;
  let lastCategoryWithWeight = -1;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i]!;
    if (!(weight >= 0 && Number.isFinite(weight)))
      throw new RangeError(`weights must be finite and ≥ 0, got ${weight}`);
    weightLeft += weight;
    if (weight > 0) lastCategoryWithWeight = i;
  }
  if (draws > 0 && !(weightLeft > 0)) throw new RangeError("cannot draw from categories that all weigh 0");
  into.fill(0);
  let drawsLeft = draws;
  for (let i = 0; i < weights.length && drawsLeft > 0; i++) {
    const weight = weights[i]!;
    if (weight === 0) continue;
    // With whole-number weights the running subtraction is exact; with fractional ones rounding
    // can leave weightLeft a hair off the last weight, so the last category takes what is left.
    const share = i === lastCategoryWithWeight || weight >= weightLeft ? 1 : weight / weightLeft;
    const drawn = sampleBinomial(random, drawsLeft, share);
    into[i] = drawn;
    drawsLeft -= drawn;
    weightLeft -= weight;
  }
  return into;
}
