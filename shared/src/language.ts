/**
 * Language of a prompt, as the leaderboard filters it: an ISO 639-1 code when the detector is
 * confident, `und` otherwise. The detector is eld's (npm `eld`), with its "medium" n-gram set, the
 * accuracy/memory middle ground (large adds ~3x the memory for a gain that matters little on chat
 * prompts), run by our own code over a compact copy of its data (./language/): the server loads
 * that data (server/src/language/), since shared/ does no I/O.
 */
import { detectWithEld, type EldData } from "./language/eldDetector.ts";

export type { EldData } from "./language/eldDetector.ts";
export { parseEldNgrams } from "./language/ngramTable.ts";

export const UNDETERMINED = "und";

/** Fenced code says nothing about the language a person wrote in, and sways the detector. */
const CODE_BLOCK = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

export function promptLanguage(eld: EldData, text: string): string {
  const prose = text.replace(CODE_BLOCK, " ").trim();
  if (prose.length === 0) return UNDETERMINED;
  const { language, reliable } = detectWithEld(eld, prose);
  if (!reliable || !/^[a-z]{2}$/.test(language)) return UNDETERMINED;
  return language;
}
