/**
 * The identity-leak guard. An answer that names a model of the arena, its own model or a model
 * maker lets the voter guess who is who, so the vote is not blind any more: it is still recorded,
 * flagged, and counted in no table (as Chatbot Arena's data cleaning drops such votes).
 */

/** Makers and model families that give an answer away, whatever the arena's own models are. */
export const DEFAULT_IDENTITY_WORDS = [
  "OpenAI",
  "ChatGPT",
  "GPT-3.5",
  "GPT-4",
  "GPT-4o",
  "Anthropic",
  "Claude",
  "Google",
  "DeepMind",
  "Gemini",
  "Gemma",
  "Bard",
  "PaLM",
  "Meta AI",
  "Llama",
  "Mistral",
  "Mixtral",
  "Qwen",
  "Alibaba",
  "DeepSeek",
  "Microsoft",
  "Phi-3",
  "Cohere",
  "Command R",
  "Grok",
  "xAI",
  "Vicuna",
  "LMSYS",
] as const;

/**
 * A matcher for any of `words`, case-insensitive, as whole words: "Claude" matches "I am Claude."
 * but not "Claudette"; ids with punctuation ("gpt-4o-mini") match literally.
 */
export function identityMatcher(words: Iterable<string>): (text: string) => string | null {
  const unique = [...new Set([...words].map((word) => word.trim()).filter((word) => word.length >= 2))];
  if (unique.length === 0) return () => null;
  // Longest first, so "GPT-4o" is reported rather than "GPT-4".
  unique.sort((x, y) => y.length - x.length);
  const escaped = unique.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})(?![\\p{L}\\p{N}])`, "iu");
  return (text) => pattern.exec(text)?.[0] ?? null;
}
