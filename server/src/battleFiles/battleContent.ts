/**
 * What a file battle says about its prompts, its answers and its language, from FastChat's
 * `conversation_a` / `conversation_b` (`[{role: "user", …}, {role: "assistant", …}, …]`).
 */
import type { ConversationTurn } from "../domain/battle.ts";
import type { FileBattle, FileTurn } from "./fileBattle.ts";
import { UNDETERMINED } from "./languageNames.ts";

export type LanguageDetector = (text: string) => string;

/** A turn's text: content is a string in text battles; FastChat's vision battles hold [text, images]. */
export function textOfTurn(turn: FileTurn): string {
  const content = turn.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.find((part): part is string => typeof part === "string") ?? "";
  return "";
}

/** The first user turn of `conversation_a`, or "" when the file has no conversation. */
export function promptOf(battle: FileBattle): string {
  const turn = battle.conversationA?.find((entry) => entry.role === "user");
  return turn ? textOfTurn(turn) : "";
}

/** The answer to the first user turn, or null when the conversation does not hold one. */
export function answerOf(conversation: FileTurn[] | null): string | null {
  if (!conversation) return null;
  const question = conversation.findIndex((turn) => turn.role === "user");
  const answer = conversation.slice(question + 1).find((turn) => turn.role === "assistant");
  return answer ? textOfTurn(answer) : null;
}

/**
 * Every voter turn with both answers, when the two conversations hold the same prompts (as they
 * do in an arena): what Arena stores for a battle of several turns. Null otherwise.
 */
export function turnsOfConversations(battle: FileBattle): ConversationTurn[] | null {
  const sideA = exchanges(battle.conversationA);
  const sideB = exchanges(battle.conversationB);
  if (!sideA || !sideB || sideA.length !== sideB.length) return null;
  const turns: ConversationTurn[] = [];
  for (let index = 0; index < sideA.length; index++) {
    if (sideA[index]!.prompt !== sideB[index]!.prompt) return null;
    turns.push({ prompt: sideA[index]!.prompt, a: sideA[index]!.answer, b: sideB[index]!.answer });
  }
  return turns;
}

function exchanges(conversation: FileTurn[] | null): Array<{ prompt: string; answer: string }> | null {
  if (!conversation) return null;
  const found: Array<{ prompt: string; answer: string }> = [];
  for (const turn of conversation) {
    if (turn.role === "user") found.push({ prompt: textOfTurn(turn), answer: "" });
    else if (turn.role === "assistant" && found.length > 0) found[found.length - 1]!.answer += textOfTurn(turn);
  }
  return found;
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

/** Whether reading the battle's language takes the detector (it has a prompt and no language). */
export function needsDetector(battle: FileBattle): boolean {
  return battle.language === null && promptOf(battle) !== "";
}

/** The language detector, imported on first need (its n-gram tables load on its first call). */
export async function loadLanguageDetector(): Promise<LanguageDetector> {
  const { detectLanguage } = await import("../language/detectLanguage.ts");
  return detectLanguage;
}

/** A file's `tstamp` (seconds, often fractional) as a Date, to the millisecond. */
export function secondsToDate(seconds: number): Date {
  return new Date(Math.round(seconds * 1000));
}
