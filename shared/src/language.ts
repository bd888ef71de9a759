/**
 * Language of a prompt, as the leaderboard filters it: an ISO 639-1 code when the detector is
 * confident, `und` otherwise. eld's "medium" n-gram set is the accuracy/memory middle ground
 * (large adds ~3x the memory for a gain that matters little on chat prompts).
 */
import { eld } from "eld/medium";

export const UNDETERMINED = "und";

/** Fenced code says nothing about the language a person wrote in, and sways the detector. */
const CODE_BLOCK = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

export function detectLanguage(text: string): string {
  const prose = text.replace(CODE_BLOCK, " ").trim();
  if (prose.length === 0) return UNDETERMINED;
  const result = eld.detect(prose);
  if (!result.isReliable() || !/^[a-z]{2}$/.test(result.language)) return UNDETERMINED;
  return result.language;
}
