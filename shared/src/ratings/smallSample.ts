import { penaltyFor, RATING_SCALE } from "./bradleyTerry.ts";
import { connectedComponents } from "./components.ts";
import { logisticBoth } from "./logistic.ts";
import { normalQuantile } from "./normalQuantile.ts";
import type { PairData } from "./pairCounts.ts";
import { voteWeights, type Weighting } from "./weighting.ts";

/**
 * The small-sample floor under every rating interval (sandwich and bootstrap).
 *
 * Why one is needed. Both arena-rank intervals read a model's spread off its own residuals
 * y − p. With a handful of votes those say little, and in two common cases nothing: votes that
 * are all ties at p ≈ ½ (residuals ≈ 0), and a model that won (or lost) every vote — its θ runs
 * off to where p ≈ 1 and the residuals vanish again (separation). The sandwich then shrinks to a
 * few points and the bootstrap does the same (resampling two ties gives two ties): in simulation
 * the intervals of models with 2–8 votes held the truth 60–90% of the time, not 95%.
 *
 * The floor: for each model k, the score-test (Rao) interval of its strength with the other
 * strengths held at the fit — every θ at which the fit's own estimating equation for k,
 * U(θ) = Σ w·(y − p) − λθ (the penalised score, λ from `priorVotes`), is within z standard
 * deviations of 0:  |U(θ)| ≤ z·√(φₖ·Σ w²·p·q).  The spread comes from the model (p·q at each θ),
 * not from the residuals, so it cannot collapse; and it is evaluated along θ, not only at the
 * fit, so a model that won all its votes gets a lower end where its wins stop being surprising
 * and an upper end far above (the unbounded side, made finite as the fit makes θ finite). Against
 * a single opponent this is Wilson's interval, which stays close to its level down to a couple
 * of votes, where the Wald interval (rating ± z·σ at the fit) does not.
 *
 * The dispersion φₖ. Ties score ½, so a vote varies less than a Bernoulli one (by about the tie
 * share); φ, the quasi-likelihood dispersion of the whole table (`tableDispersion`), measures
 * that. Only a model's few votes are the problem, so the floor carries only the table's share of
 * a pooled (moderated, as in limma) variance estimate, φₖ = φ·ν₀ / (νₖ + ν₀): νₖ is the model's own
 * information in even-odds votes (4·Σp·q, less the one its θ uses up), and ν₀ =
 * `FLOOR_PRIOR_VOTES`. Two ties (νₖ = 1) get ~95% of φ; a model with a few hundred votes under 10%,
 * so its floor is a third of its interval or less and never reaches beyond it — which keeps
 * arena-rank's (and LMArena's published) numbers wherever a model's own votes speak. A model whose
 * information has collapsed (separation: p·q ≈ 0) counts as having none, whatever its vote count.
 *
 * On the rating scale, the ends sit at r + α·(θ_end − θ̂)·(1 − πₖ): moving θₖ moves the model
 * against the others as the table shows them, less the share πₖ of the table's centre it
 * carries itself — its share of its component's information: ½ for each of two models and 1/m
 * when m models are measured alike, which is the sandwich's own centring; ≈ 0 for a newcomer
 * among established models, so its interval is read against them as shown (which also keeps it
 * right when a runaway θ has dragged the plain mean of the table along — under plain maximum
 * likelihood a model that won all its votes shifts every other rating by its θ/m, a matter of the
 * fit's centring that no interval of the other models can absorb).
 *
 * Coverage (test/unit/ratings-simulation.test.ts: 20 established models with ~300 votes, newcomers
 * with 2, 3, 5, 8 votes, 30% ties): the newcomers' sandwich intervals hold the truth 93–97% of the
 * time with and without `priorVotes` (58–92% before), bootstrap intervals 91–99%; the
 * established models' intervals are unchanged to the bit.
 */

/**
 * ν₀: how many votes' worth of evidence the table-wide dispersion counts for, against a model's
 * own. 20 votes: by then a model's residuals carry half the weight of its spread.
 */
export const FLOOR_PRIOR_VOTES = 20;

/**
 * The quasi-likelihood dispersion of the table: Σ(y − p)² / Σp·q over all votes (Pearson's
 * ratio of observed to Bernoulli variance), times N / (N − d) for the d free strengths, pooled
 * with one vote's worth of the Bernoulli value 1 so that a table of a few ties does not conclude
 * that votes cannot vary. ≈ 1 − tie share when ties are half wins (0.71 on arena-140k).
 * Vote weights do not enter: the dispersion is a property of single votes.
 */
export function tableDispersion(data: PairData, theta: Float64Array, offset?: Float64Array): number {
  const atFit = rowsAtFit(data, theta, offset);
  return dispersionOf(atFit, connectedComponents(data.models.length, data.a, data.b, data.count));
}

/**
 * One pass over the rows at the fit (self-matches left out: they cannot move θ), summing what the
 * dispersion and the floor need: Σ count·(y − p)², Σ count·p·q and the votes; per model, its rows
 * and its information in votes (unweighted, for νₖ) and as the fit weighs it (for its share πₖ of
 * the centre).
 */
function rowsAtFit(data: PairData, theta: Float64Array, offset?: Float64Array, voteWeight?: Float64Array) {
  const size = data.models.length;
  let squares = 0;
  let expected = 0;
  let votes = 0;
  const rowsOfModel = new Int32Array(size);
  const votesInformation = new Float64Array(size);
  const fitInformation = new Float64Array(size);
  // σ(θa − θb) and σ(θb − θa): the second difference is the first negated, bit for bit.
  const both = new Float64Array(2);
  for (let row = 0; row < data.count.length; row++) {
    const a = data.a[row]!;
    const b = data.b[row]!;
    const count = data.count[row]!;
    if (a === b || !(count > 0)) continue;
    rowsOfModel[a]!++;
    rowsOfModel[b]!++;
    logisticBoth(theta[a]! - theta[b]! + (offset?.[row] ?? 0), both);
    const p = both[0]!;
    const residual = data.outcome[row]! - p;
    squares += count * residual * residual;
    expected += count * p * both[1]!;
    votes += count;
    const pq = p * both[1]!;
    const weighted = (voteWeight?.[row] ?? 1) * count * pq;
    votesInformation[a] = votesInformation[a]! + count * pq;
    votesInformation[b] = votesInformation[b]! + count * pq;
    fitInformation[a] = fitInformation[a]! + weighted;
    fitInformation[b] = fitInformation[b]! + weighted;
  }
  return { squares, expected, votes, rowsOfModel, votesInformation, fitInformation };
}

/** The dispersion from the sums at the fit and the table's connected components. */
function dispersionOf(atFit: ReturnType<typeof rowsAtFit>, component: Int32Array): number {
  const { squares, expected, votes, rowsOfModel } = atFit;
  // d = models with votes − groups of them: each group's shift is not estimated. (A self-match
  // links a model to itself, which changes no group.)
  const groups = new Set<number>();
  let parameters = 0;
  for (let model = 0; model < rowsOfModel.length; model++) {
    if (rowsOfModel[model] === 0) continue;
    parameters++;
    groups.add(component[model]!);
  }
  parameters -= groups.size;
  const freedom = Math.max(votes - parameters, 0);
  const observed = expected > 0 && freedom > 0 ? (squares / expected) * (votes / freedom) : 1;
  return (freedom * observed + 1) / (freedom + 1);
}

export interface FloorOptions {
  weighting?: Weighting;
  minPairCount?: number;
  level?: number;
  priorVotes?: number;
  /**
   * Per row, what the fit adds to θa − θb beyond the strengths (natural log-odds): the style
   * fit's γ·x, so that each battle's p is the fit's own and the floor is centred on it.
   */
  offset?: Float64Array;
  /** The −λθ of the fit's estimating equation on the summed score, when not from `priorVotes`. */
  penalty?: number;
}

/** The floor where it matters: `beyond[k]` = 1 where model k's floor reaches outside `reference`. */
export interface SmallSampleFloor {
  /** The floor's ends on the rating scale where `beyond` is 1 (the reference's ends elsewhere). */
  lower: Float64Array;
  upper: Float64Array;
  beyond: Uint8Array;
}

/**
 * The small-sample floor of every model (see the top of this file), compared with `reference`
 * (the fit's plain sandwich intervals). Cheap where it does not matter: a model whose floor lies
 * inside the reference is settled by two evaluations of its score; only the others are solved
 * for their ends (bisection over the model's own rows).
 */
export function smallSampleFloor(
  data: PairData,
  fit: { theta: Float64Array; ratings: Float64Array },
  reference: { lower: Float64Array; upper: Float64Array },
  options: FloorOptions = {},
): SmallSampleFloor {
  const size = data.models.length;
  const theta = fit.theta;
  const level = options.level ?? 0.95;
  const z = normalQuantile(1 - (1 - level) / 2);
  const voteWeight = voteWeights(data, options.weighting, options.minPairCount);
  const lower = Float64Array.from(reference.lower);
  const upper = Float64Array.from(reference.upper);
  const beyond = new Uint8Array(size);

  let totalWeight = 0;
  let totalVotes = 0;
  for (let row = 0; row < data.count.length; row++) {
    totalWeight += voteWeight[row]! * data.count[row]!;
    totalVotes += data.count[row]!;
  }
  if (!(totalVotes > 0)) return { lower, upper, beyond };
  // The fit's penalty on the summed (not mean) loss: the −λθ in each model's estimating equation.
  const penalty = options.penalty ?? penaltyFor(options.priorVotes ?? 0, totalVotes) * totalWeight;
  const offset = options.offset;
  const atFit = rowsAtFit(data, theta, offset, voteWeight);
  const { rowsOfModel, votesInformation, fitInformation } = atFit;
  const component = connectedComponents(size, data.a, data.b, data.count);
  const dispersion = dispersionOf(atFit, component);
  const both = new Float64Array(2);
  const informationOfComponent = new Float64Array(size);
  for (let model = 0; model < size; model++) {
    informationOfComponent[component[model]!] = informationOfComponent[component[model]!]! + fitInformation[model]!;
  }

  // Per model: its share of the pooled dispersion, rating points per unit of θ, and where the
  // reference's two ends sit in θ.
  const modelDispersion = new Float64Array(size);
  const pointsPerTheta = new Float64Array(size);
  const endTheta = new Float64Array(2 * size); // [lower, upper] per model
  for (let model = 0; model < size; model++) {
    const freedom = Math.max(4 * votesInformation[model]! - 1, 0);
    modelDispersion[model] = (dispersion * FLOOR_PRIOR_VOTES) / (freedom + FLOOR_PRIOR_VOTES);
    const share = fitInformation[model]! / informationOfComponent[component[model]!]!;
    pointsPerTheta[model] = RATING_SCALE * (1 - (share > 0 && share < 1 ? share : 0));
    endTheta[2 * model] = theta[model]! + (reference.lower[model]! - fit.ratings[model]!) / pointsPerTheta[model]!;
    endTheta[2 * model + 1] = theta[model]! + (reference.upper[model]! - fit.ratings[model]!) / pointsPerTheta[model]!;
  }

  // side = −1: g = U − z·s, > 0 below the lower end; side = +1: g = −U − z·s, > 0 above the upper end.
  const rejects = (model: number, side: -1 | 1, score: number, variance: number) =>
    -side * score - z * Math.sqrt(modelDispersion[model]! * variance) > 0;

  // Most models' floors lie inside the reference, which the score at the reference's two ends
  // tells: one pass over the rows sums it for every model at once, without gathering the rows.
  const atEnds = new Float64Array(4 * size); // score and variance at the lower end, then the upper
  for (let model = 0; model < size; model++) {
    atEnds[4 * model] = -penalty * endTheta[2 * model]!;
    atEnds[4 * model + 2] = -penalty * endTheta[2 * model + 1]!;
  }
  const addAtEnds = (model: number, against: number, y: number, weight: number, squaredWeight: number) => {
    for (let end = 0; end < 2; end++) {
      logisticBoth(endTheta[2 * model + end]! - against, both);
      const p = both[0]!;
      const q = both[1]!;
      const cell = 4 * model + 2 * end;
      atEnds[cell] = atEnds[cell]! + weight * (y * q - (1 - y) * p); // w·(y − p), without cancellation
      atEnds[cell + 1] = atEnds[cell + 1]! + squaredWeight * p * q;
    }
  };
  for (let row = 0; row < data.count.length; row++) {
    const a = data.a[row]!;
    const b = data.b[row]!;
    const count = data.count[row]!;
    if (a === b || !(count > 0)) continue;
    const shift = offset?.[row] ?? 0;
    const w = voteWeight[row]!;
    const y = data.outcome[row]!;
    addAtEnds(a, theta[b]! - shift, y, w * count, w * w * count);
    addAtEnds(b, theta[a]! + shift, 1 - y, w * count, w * w * count);
  }
  const unsettled = new Uint8Array(size);
  for (let model = 0; model < size; model++) {
    if (rowsOfModel[model] === 0) continue;
    const settled =
      rejects(model, -1, atEnds[4 * model]!, atEnds[4 * model + 1]!) &&
      rejects(model, 1, atEnds[4 * model + 2]!, atEnds[4 * model + 3]!);
    if (!settled) unsettled[model] = 1;
  }

  // The others are solved for their ends, by bisection over their own rows, gathered once.
  const sides = modelSides(data, theta, voteWeight, offset, unsettled);
  for (let model = 0; model < size; model++) {
    if (unsettled[model] === 0) continue;
    const first = sides.start[model]!;
    const last = sides.start[model + 1]!;
    const outside = (at: number, side: -1 | 1): boolean => {
      let score = -penalty * at;
      let variance = 0;
      for (let index = first; index < last; index++) {
        logisticBoth(at - sides.against[index]!, both);
        const p = both[0]!;
        const q = both[1]!;
        const y = sides.score[index]!;
        score += sides.weight[index]! * (y * q - (1 - y) * p);
        variance += sides.squaredWeight[index]! * p * q;
      }
      return rejects(model, side, score, variance);
    };

    const centre = theta[model]!;
    const endOn = (side: -1 | 1): number => {
      // Step out until past the end (doubling, up to 2¹⁴ θ: far beyond any finite fit), then bisect.
      let inner = centre;
      let outer = Number.NaN;
      for (let step = 1; step <= 16384; step *= 2) {
        const at = centre + side * step;
        if (outside(at, side)) {
          outer = at;
          break;
        }
        inner = at;
      }
      if (Number.isNaN(outer)) return inner;
      while (Math.abs(outer - inner) > 1e-9 * (1 + Math.abs(inner))) {
        const middle = (inner + outer) / 2;
        if (outside(middle, side)) outer = middle;
        else inner = middle;
      }
      return (inner + outer) / 2;
    };
    const rating = fit.ratings[model]!;
    beyond[model] = 1;
    lower[model] = rating + (endOn(-1) - centre) * pointsPerTheta[model]!;
    upper[model] = rating + (endOn(1) - centre) * pointsPerTheta[model]!;
  }
  return { lower, upper, beyond };
}

/**
 * The rows of the `wanted` models, each seen from the model (grouped by model: `start[k]` to
 * `start[k + 1]`): what its strength is measured against (the opponent's θ less the row's offset
 * as the model sees it), its score, and the row's weight·count and weight²·count — so that the
 * bisection's many evaluations of one model's score read consecutive numbers.
 */
function modelSides(
  data: PairData,
  theta: Float64Array,
  voteWeight: Float64Array,
  offset: Float64Array | undefined,
  wanted: Uint8Array,
) {
  const size = data.models.length;
  const rows = data.count.length;
  const counted = (row: number) => data.a[row] !== data.b[row] && data.count[row]! > 0;
  const start = new Int32Array(size + 1);
  for (let row = 0; row < rows; row++) {
    if (!counted(row)) continue;
    const a = data.a[row]!;
    const b = data.b[row]!;
    if (wanted[a]) start[a + 1] = start[a + 1]! + 1;
    if (wanted[b]) start[b + 1] = start[b + 1]! + 1;
  }
  for (let model = 0; model < size; model++) start[model + 1] = start[model + 1]! + start[model]!;
  const total = start[size]!;
  const against = new Float64Array(total);
  const score = new Float64Array(total);
  const weight = new Float64Array(total);
  const squaredWeight = new Float64Array(total);
  const next = start.slice(0, size);
  const put = (model: number, opponentAt: number, y: number, w: number, count: number) => {
    const index = next[model]!;
    next[model] = index + 1;
    against[index] = opponentAt;
    score[index] = y;
    weight[index] = w * count;
    squaredWeight[index] = w * w * count;
  };
  for (let row = 0; row < rows; row++) {
    if (!counted(row)) continue;
    const a = data.a[row]!;
    const b = data.b[row]!;
    const shift = offset?.[row] ?? 0;
    if (wanted[a]) put(a, theta[b]! - shift, data.outcome[row]!, voteWeight[row]!, data.count[row]!);
    if (wanted[b]) put(b, theta[a]! + shift, 1 - data.outcome[row]!, voteWeight[row]!, data.count[row]!);
  }
  return { start, against, score, weight, squaredWeight };
}
