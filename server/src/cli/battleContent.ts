/**
 * What a file battle says about its first prompt, its answers and its language, from FastChat's
 * `conversation_a` / `conversation_b` (`[{role: "user", …}, {role: "assistant", …}, …]`), and
 * when it was voted.
 */
import type { FileBattle, Turn } from "./battleRecord.ts";
import { UNDETERMINED } from "./languageNames.ts";

export type LanguageDetector = (text: string) => string;

/** The first user turn of `conversation_a`, or "" when the file has no conversation. */
export function promptOf(battle: FileBattle): string {
  return battle.conversationA?.find((turn) => turn.role === "user")?.content ?? "";
}

/** The answer to the first user turn, or null when the conversation does not hold one. */
export function answerOf(conversation: Turn[] | null): string | null {
  if (!conversation) return null;
  const question = conversation.findIndex((turn) => turn.role === "user");
  const answer = conversation.slice(question + 1).find((turn) => turn.role === "assistant");
  return answer?.content ?? null;
}

/** How many times the voter wrote: the file's `turn`, or its user turns. */
export function turnsOf(battle: FileBattle): number {
  const userTurns = battle.conversationA?.filter((turn) => turn.role === "user").length ?? 0;
  return Math.max(battle.turn ?? 1, userTurns, 1);
}

/** The file's language; else the detector's reading of the prompt; else `und`. */
export function languageOf(battle: FileBattle, detect: LanguageDetector): string {
  if (battle.language !== null) return battle.language;
  const prompt = promptOf(battle);
  return prompt === "" ? UNDETERMINED : detect(prompt);
}

/**
 * The language detector, loaded only when some battle needs it: its n-gram tables take about half
 * a second to load, more than rating a small file.
 */
export async function languageDetectorFor(battles: readonly FileBattle[]): Promise<LanguageDetector> {
  if (!battles.some((battle) => battle.language === null && promptOf(battle) !== "")) return () => UNDETERMINED;
  const { detectLanguage } = await import("@arena/shared/language");
  return detectLanguage;
}

/** A file's `tstamp` (seconds, often fractional) as a Date, to the millisecond. */
export function secondsToDate(seconds: number): Date {
  return new Date(Math.round(seconds * 1000));
}
