/**
 * A stored battle as FastChat's `clean_battle` record — what its `elo_analysis.py` reads — with
 * Arena's `category`, `tags` and `flag`. An imported battle gives back the fields its file gave
 * (ids, judge, time, turn, language name, whole conversations, any other field) exactly; Arena's
 * own battles are described from what Arena stored. Nothing is invented for an imported battle:
 * a file without times or judges exports `tstamp: null` / `judge: null`.
 */
import type { Winner } from "@arena/shared/protocol";

import type { BattleWithVote, ConversationTurn } from "../domain/battle.ts";
import { fastChatLanguageName } from "./languageNames.ts";

const WINNER_NAMES: Record<Winner, string> = { a: "model_a", b: "model_b", tie: "tie", bothbad: "tie (bothbad)" };

/** A turn as clean_battle_data.py writes it: `num_tokens` is its cl100k_base token count. */
export type FastChatTurn = { role: "user" | "assistant"; content: string; num_tokens?: number };

/**
 * FastChat's fields in the order its `clean_battle_data.py` writes them, then `conv_metadata`,
 * which its later steps (`add_markdown_info.py`) add after them.
 */
export const FASTCHAT_FIELDS = [
  "question_id",
  "model_a",
  "model_b",
  "winner",
  "judge",
  "conversation_a",
  "conversation_b",
  "turn",
  "anony",
  "language",
  "tstamp",
  "conv_metadata",
] as const;

/**
 * Arena's own fields. They come last, after an imported record's other fields (FastChat's
 * `dedup_tag`, `category_tag`, …), so that a FastChat record comes back with its keys in its order.
 */
export const ARENA_FIELDS = ["category", "tags", "flag", "reasons"] as const;

/**
 * `countTokens` gives Arena's own battles' turns their `num_tokens` (FastChat's `long` category
 * sums them); imported conversations come back as their file gave them.
 */
export function toFastChatRecord(
  battle: BattleWithVote,
  countTokens?: (text: string) => number,
): Record<string, unknown> {
  const given = battle.fileFields ?? null;
  const imported = battle.source === "import";
  const turns = storedTurnsOf(battle);
  const record: Record<string, unknown> = {
    question_id: given?.question_id ?? battle.id,
    model_a: battle.modelA,
    model_b: battle.modelB,
    winner: WINNER_NAMES[battle.winner],
    judge: imported ? (given?.judge ?? null) : battle.sessionHash,
    conversation_a: given?.conversation_a ?? conversationOf(turns, "a", countTokens),
    conversation_b: given?.conversation_b ?? conversationOf(turns, "b", countTokens),
    turn: given?.turn ?? (turns.length > 0 ? turns.length : null),
    // Arena's battles are anonymous until the vote; an imported record says for itself.
    anony: given?.anony ?? true,
    language: given?.language ?? fastChatLanguageName(battle.language),
    tstamp: imported ? (given?.tstamp ?? null) : battle.votedAt.getTime() / 1000,
    conv_metadata: battle.convMetadata ?? undefined,
  };
  if (record.conversation_a === undefined) delete record.conversation_a;
  if (record.conversation_b === undefined) delete record.conversation_b;
  if (record.conv_metadata === undefined) delete record.conv_metadata;
  if (given) for (const key in given) if (!KNOWN_FIELD_SET.has(key)) record[key] = given[key];
  record.category = battle.category;
  record.tags = battle.tags;
  record.flag = battle.flag;
  // The voter's reason ids (credited to a model by their polarity and the winner: see catalog.ts).
  record.reasons = battle.reasons ?? [];
  return record;
}

const KNOWN_FIELD_SET: ReadonlySet<string> = new Set([...FASTCHAT_FIELDS, ...ARENA_FIELDS]);

/** Every voter turn with both answers, as far as they are known. */
function storedTurnsOf(battle: BattleWithVote): Array<{ prompt: string; a: string | null; b: string | null }> {
  if (battle.conversation && battle.conversation.length > 0) return battle.conversation as ConversationTurn[];
  if (battle.prompt === "" && battle.answerA === null && battle.answerB === null) return [];
  return [{ prompt: battle.prompt, a: battle.answerA, b: battle.answerB }];
}

function conversationOf(
  turns: ReadonlyArray<{ prompt: string; a: string | null; b: string | null }>,
  side: "a" | "b",
  countTokens?: (text: string) => number,
): FastChatTurn[] | undefined {
  if (turns.length === 0) return undefined;
  const conversation: FastChatTurn[] = [];
  const push = (role: FastChatTurn["role"], content: string) =>
    conversation.push(countTokens ? { role, content, num_tokens: countTokens(content) } : { role, content });
  for (const turn of turns) {
    push("user", turn.prompt);
    const answer = turn[side];
    if (answer !== null) push("assistant", answer);
  }
  return conversation;
}
