/**
 * Seeded synthetic battles with style features, in FastChat's shape (`conv_metadata` with token
 * sums as integers and markdown counts as objects, as its released data has them). Each model has
 * a true rating and answering habits; each battle draws two models, their answers' counts, and
 * a vote from the true ratings plus the voter's taste for each style difference.
 */
import type { ConvMetadata } from "@arena/shared/ratings/markdownStyle";
import type { Score } from "@arena/shared/ratings/pairCounts";
import { createRandom, type RandomSource } from "@arena/shared/ratings/random";
import { StyleBattles, type StyleCounts, type StyleData } from "@arena/shared/ratings/styleFeatures";

export interface SyntheticModel {
  name: string;
  /** True rating, Elo points (400 per factor 10 in the odds). */
  rating: number;
  /** Median answer length, tokens (each answer varies around it by a factor of e^±0.5). */
  tokens: number;
  /** Mean headers, list items and bold spans per answer. */
  headers: number;
  lists: number;
  bold: number;
}

export interface SyntheticOptions {
  seed: number;
  battles: number;
  models: readonly SyntheticModel[];
  /**
   * The voter's log-odds per unit of each raw difference z = (a − b)/(a + b + 1), in the order
   * length, headers, lists, bold.
   */
  taste: readonly [number, number, number, number];
  /** Share of votes that are ties (default 0.2). */
  tieShare?: number;
}

export type SyntheticWinner = "model_a" | "model_b" | "tie";

export interface SyntheticBattle {
  model_a: string;
  model_b: string;
  winner: SyntheticWinner;
  conv_metadata: Pick<
    ConvMetadata,
    | "sum_assistant_a_tokens"
    | "sum_assistant_b_tokens"
    | "header_count_a"
    | "header_count_b"
    | "list_count_a"
    | "list_count_b"
    | "bold_count_a"
    | "bold_count_b"
  >;
}

const SCORE: Record<SyntheticWinner, Score> = { model_a: 1, model_b: 0, tie: 0.5 };

/**
 * The synthetic data set of test/fixtures/style-control/fastchat-expected.json: eight models
 * whose answers differ in every feature, voters with a taste for each, a fifth of votes tied.
 */
export const FIXTURE_SYNTHETIC: SyntheticOptions = {
  seed: 3585,
  battles: 4000,
  models: [
    { name: "model-a", rating: 1150, tokens: 300, headers: 0.5, lists: 3, bold: 1 },
    { name: "model-b", rating: 1100, tokens: 600, headers: 2, lists: 6, bold: 4 },
    { name: "model-c", rating: 1050, tokens: 200, headers: 0.2, lists: 1, bold: 0.5 },
    { name: "model-d", rating: 1000, tokens: 900, headers: 3, lists: 10, bold: 8 },
    { name: "model-e", rating: 1000, tokens: 400, headers: 1, lists: 4, bold: 2 },
    { name: "model-f", rating: 950, tokens: 700, headers: 0, lists: 2, bold: 6 },
    { name: "model-g", rating: 900, tokens: 150, headers: 0.1, lists: 0.5, bold: 0.2 },
    { name: "model-h", rating: 850, tokens: 1200, headers: 4, lists: 12, bold: 10 },
  ],
  taste: [2, 0.8, 0.5, 0.6],
};

export function syntheticStyleBattles(options: SyntheticOptions): SyntheticBattle[] {
  const random = createRandom(options.seed);
  const tieShare = options.tieShare ?? 0.2;
  const models = options.models;
  const battles: SyntheticBattle[] = [];
  for (let index = 0; index < options.battles; index++) {
    const first = Math.floor(random.uniform() * models.length);
    let second = Math.floor(random.uniform() * (models.length - 1));
    if (second >= first) second++;
    const modelA = models[first]!;
    const modelB = models[second]!;
    const a = answerCounts(random, modelA);
    const b = answerCounts(random, modelB);
    let logit = (Math.LN10 * (modelA.rating - modelB.rating)) / 400;
    for (let k = 0; k < 4; k++) logit += options.taste[k]! * ((a[k]! - b[k]!) / (a[k]! + b[k]! + 1));
    const winner: SyntheticWinner =
      random.uniform() < tieShare ? "tie" : random.uniform() < 1 / (1 + Math.exp(-logit)) ? "model_a" : "model_b";
    battles.push({
      model_a: modelA.name,
      model_b: modelB.name,
      winner,
      conv_metadata: {
        sum_assistant_a_tokens: a[0],
        sum_assistant_b_tokens: b[0],
        header_count_a: spread(a[1], ["h1", "h2", "h3", "h4", "h5", "h6"]),
        header_count_b: spread(b[1], ["h1", "h2", "h3", "h4", "h5", "h6"]),
        list_count_a: spread(a[2], ["ordered", "unordered"]),
        list_count_b: spread(b[2], ["ordered", "unordered"]),
        bold_count_a: spread(a[3], ["**", "__"]),
        bold_count_b: spread(b[3], ["**", "__"]),
      },
    });
  }
  return battles;
}

/** The battles as style data, with the same counts (summed as FastChat sums them). */
export function syntheticStyleData(battles: readonly SyntheticBattle[]): StyleData {
  const table = new StyleBattles();
  for (const { model_a, model_b, winner, conv_metadata: m } of battles) {
    const sum = (counts: object) => Object.values(counts).reduce((total: number, count: number) => total + count, 0);
    table.add(model_a, model_b, SCORE[winner], {
      a: [m.sum_assistant_a_tokens, sum(m.header_count_a), sum(m.list_count_a), sum(m.bold_count_a)],
      b: [m.sum_assistant_b_tokens, sum(m.header_count_b), sum(m.list_count_b), sum(m.bold_count_b)],
    });
  }
  return table.toData();
}

function answerCounts(random: RandomSource, model: SyntheticModel): StyleCounts {
  return [
    Math.max(1, Math.round(model.tokens * Math.exp(0.5 * standardNormal(random)))),
    poisson(random, model.headers),
    poisson(random, model.lists),
    poisson(random, model.bold),
  ];
}

/** Box–Muller: one standard normal draw. */
function standardNormal(random: RandomSource): number {
  return Math.sqrt(-2 * Math.log(random.uniform())) * Math.cos(2 * Math.PI * random.uniform());
}

/** Knuth's product of uniforms (small means only). */
function poisson(random: RandomSource, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.uniform();
  while (product > limit) {
    count++;
    product *= random.uniform();
  }
  return count;
}

/** A count split over named parts (a third in the second, the rest in the first): FastChat sums them. */
function spread<K extends string>(total: number, keys: readonly K[]): Record<K, number> {
  const second = Math.floor(total / 3);
  return Object.fromEntries(
    keys.map((key, index) => [key, index === 0 ? total - second : index === 1 ? second : 0]),
  ) as Record<K, number>;
}
