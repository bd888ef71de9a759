/**
 * The prompts a battle without a voter prompt draws from: every pack question that at least two
 * models answered, with its language detected once at start.
 */
import { tagPrompt } from "@arena/shared/promptTags";

import { detectLanguage } from "../language/detectLanguage.ts";
import type { Pack } from "./loadPack.ts";

export type PoolPrompt = {
  /** `<pack index>:<question id>`: question ids only need to be unique within one pack. */
  key: string;
  prompt: string;
  language: string;
  category: string | null;
  /** Automatic categories of the prompt (`coding`, `long`). */
  tags: string[];
  /** Model id → answer text; at least two entries. */
  answers: Map<string, string>;
};

export type PromptPool = { prompts: PoolPrompt[]; models: string[] };

export function buildPromptPool(packs: Pack[]): PromptPool {
  const prompts: PoolPrompt[] = [];
  packs.forEach((pack, packIndex) => {
    const answersByQuestion = new Map<string, Map<string, string>>();
    for (const answer of pack.answers) {
      const answers = answersByQuestion.get(answer.questionId) ?? new Map<string, string>();
      answers.set(answer.model, answer.text);
      answersByQuestion.set(answer.questionId, answers);
    }
    for (const question of pack.questions) {
      const answers = answersByQuestion.get(question.id);
      if (!answers || answers.size < 2) continue;
      prompts.push({
        key: `${packIndex}:${question.id}`,
        prompt: question.prompt,
        language: detectLanguage(question.prompt),
        category: question.category,
        tags: tagPrompt(question.prompt),
        answers,
      });
    }
  });
  const models = [...new Set(prompts.flatMap((p) => [...p.answers.keys()]))].sort();
  return { prompts, models };
}
