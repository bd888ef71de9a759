import type { Leaderboard, LeaderboardMatrix, Side } from "@arena/shared/protocol";
import { adaptivePairWeights, drawWeighted } from "@arena/shared/ratings/adaptivePairs";

import type { PoolPrompt, PromptPool } from "../packs/promptPool.ts";

export type PickedBattle = { prompt: PoolPrompt; models: Record<Side, string> };
export type BattlePicker = (random: () => number) => PickedBattle;

/**
 * The pool battles draw from: `isDrawn` models only (the catalogue's paused and archived ones are
 * never drawn), and only prompts that still have two answers of them.
 */
export function drawablePool(pool: PromptPool, isDrawn: (model: string) => boolean): PromptPool {
  if (pool.models.every(isDrawn)) return pool;
  const prompts = pool.prompts.flatMap((prompt) => {
    const answers = new Map([...prompt.answers].filter(([model]) => isDrawn(model)));
    return answers.size >= 2 ? [{ ...prompt, answers }] : [];
  });
  return { prompts, models: pool.models.filter(isDrawn) };
}

/**
 * A prompt uniformly from the pool, then two different models uniformly among those that answered
 * it, on random sides. Every prompt in the pool has at least two answers.
 */
export function pickBattle(prompts: readonly PoolPrompt[], random: () => number): PickedBattle {
  const prompt = prompts[Math.floor(random() * prompts.length)]!;
  const models = [...prompt.answers.keys()];
  const first = Math.floor(random() * models.length);
  // Drawing the second from the others keeps every ordered pair equally likely.
  let second = Math.floor(random() * (models.length - 1));
  if (second >= first) second++;
  return { prompt, models: { a: models[first]!, b: models[second]! } };
}

/**
 * Adaptive sampling: the pair first, weighted by how much a vote on it is expected to shrink the
 * overall table's intervals (see adaptivePairWeights), then a prompt both models answered, then
 * random sides. `overall` gives the current table and its head-to-head counts.
 */
export function adaptivePicker(
  pool: PromptPool,
  overall: () => { table: Leaderboard; matrix: LeaderboardMatrix },
): BattlePicker {
  const models = pool.models;
  const promptsOfPair = new Map<string, PoolPrompt[]>();
  for (const prompt of pool.prompts) {
    for (const [i, a] of models.entries()) {
      for (const b of models.slice(i + 1)) {
        if (!prompt.answers.has(a) || !prompt.answers.has(b)) continue;
        const key = `${a}\n${b}`;
        promptsOfPair.set(key, [...(promptsOfPair.get(key) ?? []), prompt]);
      }
    }
  }

  return (random) => {
    const { table, matrix } = overall();
    const ratingOf = new Map(table.rows.map((row) => [row.model, row.rating]));
    const position = new Map(matrix.models.map((model, index) => [model, index]));
    const battlesBetween = (a: string, b: string) => {
      const i = position.get(a);
      const j = position.get(b);
      return i === undefined || j === undefined ? 0 : matrix.battles[i]![j]!;
    };
    const ratings = models.map((model) => ratingOf.get(model) ?? 1000);
    const battles = models.map((a) => models.map((b) => battlesBetween(a, b)));
    const pairs = models.flatMap((a, i) => models.slice(i + 1).map((b) => [a, b] as const));
    const weights = adaptivePairWeights(ratings, battles).map((weight, index) => {
      const [a, b] = pairs[index]!;
      return promptsOfPair.has(`${a}\n${b}`) ? weight : 0;
    });
    const [a, b] = pairs[drawWeighted(weights, random)]!;
    const prompts = promptsOfPair.get(`${a}\n${b}`)!;
    const prompt = prompts[Math.floor(random() * prompts.length)]!;
    return random() < 0.5 ? { prompt, models: { a, b } } : { prompt, models: { a: b, b: a } };
  };
}
