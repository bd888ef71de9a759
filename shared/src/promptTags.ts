/**
 * Automatic categories of a battle, beside the pack's own: they let the leaderboard answer
 * "which model is best at code / long prompts / conversations" whatever the prompt's source.
 */

export const AUTOMATIC_TAGS = ["coding", "long", "multiturn"] as const;
export type AutomaticTag = (typeof AUTOMATIC_TAGS)[number];

/** Roughly 500 tokens of a typical tokenizer. */
export const LONG_PROMPT_TOKENS = 500;

const FENCED_CODE = /```|~~~/;
/** Lines that read as code rather than prose: statements, blocks, declarations, markup. */
const CODE_LINE =
  /^\s*(?:(?:def|class|import|from|return|if|for|while|function|const|let|var|public|private|#include|SELECT|INSERT|UPDATE)\b.*|.*[;{}]\s*$|.*\)\s*(?:=>|:)\s*$|<\/?[a-zA-Z][^>]*>\s*$)/;

/** Whether a prompt carries code: a fenced block, or at least two lines that read as code. */
export function containsCode(prompt: string): boolean {
  if (FENCED_CODE.test(prompt)) return true;
  let codeLines = 0;
  for (const line of prompt.split("\n")) {
    if (CODE_LINE.test(line) && ++codeLines >= 2) return true;
  }
  return false;
}

/**
 * A tokenizer-free estimate: about 4 characters per token for alphabetic scripts, about one token
 * per character for Chinese, Japanese and Korean.
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/g)?.length ?? 0;
  return Math.ceil(cjk + (text.length - cjk) / 4);
}

/** The automatic tags of a battle from its first prompt and its number of voter turns. */
export function tagPrompt(prompt: string, turns = 1): AutomaticTag[] {
  const tags: AutomaticTag[] = [];
  if (containsCode(prompt)) tags.push("coding");
  if (estimateTokens(prompt) > LONG_PROMPT_TOKENS) tags.push("long");
  if (turns > 1) tags.push("multiturn");
  return tags;
}
