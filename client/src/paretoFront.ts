/**
 * Rating against price: which models no other model beats on both at once. A model is on the Pareto
 * front when no other model is at most as expensive and at least as well rated, and better on one
 * of the two. The leaderboard's price chart highlights these.
 */

/** A model with a price (USD per million tokens) and a rating. */
export type PricedModel = { model: string; price: number; rating: number };

// Chat traffic reads far more than it writes: the usual blend (three input tokens to one output
// token, as Artificial Analysis quotes prices) ranks models the way a bill would.
const INPUT_SHARE = 3;
const OUTPUT_SHARE = 1;

/**
 * One price per model from the catalogue's input and output prices: their 3:1 blend when both are
 * given, the one given otherwise, null when neither is (or one is not a finite, non-negative number).
 */
export function blendedPrice(input: number | null | undefined, output: number | null | undefined): number | null {
  const valid = (value: number | null | undefined): value is number =>
    typeof value === "number" && Number.isFinite(value) && value >= 0;
  if (valid(input) && valid(output)) {
    return (input * INPUT_SHARE + output * OUTPUT_SHARE) / (INPUT_SHARE + OUTPUT_SHARE);
  }
  if (valid(input)) return input;
  if (valid(output)) return output;
  return null;
}

/**
 * The models on the Pareto front, cheapest first (so also worst rated first: along the front, each
 * step up in rating costs more). Two models equal in both price and rating are both on it.
 */
export function paretoFront(models: readonly PricedModel[]): PricedModel[] {
  // Cheapest first; at one price the best rated first, so it dominates the others at that price.
  const sorted = [...models].sort((x, y) => x.price - y.price || y.rating - x.rating);
  const front: PricedModel[] = [];
  for (const candidate of sorted) {
    const last = front.at(-1);
    const equalToLast = last !== undefined && last.price === candidate.price && last.rating === candidate.rating;
    if (last === undefined || candidate.rating > last.rating || equalToLast) front.push(candidate);
  }
  return front;
}
