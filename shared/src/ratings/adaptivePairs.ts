/**
 * Adaptive pair sampling in the spirit of the Chatbot Arena paper (arXiv 2403.04132 §5): draw the
 * next pair with probability proportional to how much one more vote on it is expected to shrink
 * the standard errors of its two models, rather than uniformly.
 *
 * A model's Bradley–Terry standard error is about 1/√I, with I its Fisher information
 * Σ_j n_ij·p_ij·(1−p_ij) (n_ij votes against j, p_ij its win probability under the current fit).
 * One more vote between i and j adds p_ij·(1−p_ij) to both I_i and I_j, so its expected gain is
 * (1/√I_i − 1/√(I_i+q)) + (1/√I_j − 1/√(I_j+q)) with q = p_ij·(1−p_ij). Sampling in proportion to
 * the gain (not always the best pair) keeps every pair possible, which the inverse-pair weighting
 * of the fit relies on to correct for the unequal sampling.
 */

/** Information every model starts with, so models without votes get a large but finite gain. */
const PRIOR_INFORMATION = 0.25;

/**
 * Weights for every pair (i < j), in the row-major order of the upper triangle.
 * `ratings` on the Elo scale (400 points = 10:1 odds); `battles[i][j]` votes between i and j.
 */
export function adaptivePairWeights(ratings: readonly number[], battles: readonly (readonly number[])[]): number[] {
  const size = ratings.length;
  const winProbability = (i: number, j: number) => 1 / (1 + 10 ** ((ratings[j]! - ratings[i]!) / 400));
  const information = ratings.map((_, i) => {
    let total = PRIOR_INFORMATION;
    for (let j = 0; j < size; j++) {
      if (j === i) continue;
      const p = winProbability(i, j);
      total += (battles[i]![j] ?? 0) * p * (1 - p);
    }
    return total;
  });
  const gain = (info: number, q: number) => 1 / Math.sqrt(info) - 1 / Math.sqrt(info + q);
  const weights: number[] = [];
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const p = winProbability(i, j);
      const q = p * (1 - p);
      weights.push(gain(information[i]!, q) + gain(information[j]!, q));
    }
  }
  return weights;
}

/** Index drawn with probability proportional to its weight (weights ≥ 0, not all 0). */
export function drawWeighted(weights: readonly number[], random: () => number): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let target = random() * total;
  for (let index = 0; index < weights.length; index++) {
    target -= weights[index]!;
    if (target < 0) return index;
  }
  return weights.length - 1;
}
