import type { Side } from "@arena/shared/protocol";
import type { PoolPrompt } from "../packs/promptPool.ts";

/**
 * A prompt uniformly from the pool, then two different models uniformly among those that answered
 * it, on random sides. Every prompt in the pool has at least two answers.
 */
export function pickBattle(
  prompts: readonly PoolPrompt[],
  random: () => number,
): { prompt: PoolPrompt; models: Record<Side, string> } {
  const prompt = prompts[Math.floor(random() * prompts.length)]!;
  const models = [...prompt.answers.keys()];
  const first = Math.floor(random() * models.length);
  // Drawing the second from the others keeps every ordered pair equally likely.
  let second = Math.floor(random() * (models.length - 1));
  if (second >= first) second++;
  return { prompt, models: { a: models[first]!, b: models[second]! } };
}
