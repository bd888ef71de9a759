/**
 * The style counts of a battle's answers — FastChat's `conv_metadata`: tokens (cl100k_base) and
 * markdown headers, list items and bold spans per side — computed when a battle is voted, and once
 * at start for battles voted before Arena counted them. Style control rates from these; exports
 * carry them.
 */
import {
  answerMarkdownCounts,
  type ChatTurn,
  conversationMetadata,
  type ConvMetadata,
  loadTokenCounter,
  type MarkdownCounts,
} from "@arena/shared/ratings/markdownStyle";

import type { ConversationTurn } from "../domain/battle.ts";
import type { Logger } from "../logger.ts";
import type { ArenaStore } from "../store/store.ts";
import { TextMemo } from "./textMemo.ts";

export class AnswerStyle {
  private readonly tokens: TextMemo<number>;
  private readonly markdown = new TextMemo(answerMarkdownCounts);

  private constructor(private readonly countTokens: (text: string) => number) {
    this.tokens = new TextMemo(countTokens);
  }

  /** Loads the tokenizer (a fraction of a second, once per process). */
  static async load(): Promise<AnswerStyle> {
    return new AnswerStyle(await loadTokenCounter());
  }

  /**
   * The `conv_metadata` of a conversation as the voter saw it (every turn, both sides).
   * `recurring`: its texts come back in other battles (a pack's), so their counts are remembered;
   * a live conversation's are counted and forgotten.
   */
  metadataOf(conversation: readonly ConversationTurn[], recurring = true): ConvMetadata {
    const side = (answer: (turn: ConversationTurn) => string): ChatTurn[] =>
      conversation.flatMap((turn) => [
        { role: "user", content: turn.prompt },
        { role: "assistant", content: answer(turn) },
      ]);
    return conversationMetadata(
      side((turn) => turn.a),
      side((turn) => turn.b),
      recurring ? (text) => this.tokens.get(text) : this.countTokens,
      recurring ? (text) => copyOf(this.markdown.get(text)) : answerMarkdownCounts,
    );
  }
}

/** A remembered count is shared by every vote on that answer: each metadata gets its own objects. */
function copyOf({ header_count, list_count, bold_count }: MarkdownCounts): MarkdownCounts {
  return { header_count: { ...header_count }, list_count: { ...list_count }, bold_count: { ...bold_count } };
}

/**
 * Counts the style of every voted battle of this arena that has answers but no `conv_metadata`
 * (voted before Arena counted style), so that style control covers them. Imported battles keep
 * what their file gave. Returns how many were counted.
 */
export async function countMissingStyle(
  store: ArenaStore,
  answerStyle: Promise<AnswerStyle>,
  logger: Logger,
): Promise<number> {
  let counted = 0;
  for await (const page of store.battlesWithoutStyle()) {
    const style = await answerStyle;
    const rows = page.map((battle) => ({
      battleId: battle.id,
      convMetadata: style.metadataOf(
        battle.conversation ?? [{ prompt: battle.prompt, a: battle.answerA ?? "", b: battle.answerB ?? "" }],
      ) as unknown as Record<string, unknown>,
    }));
    await store.saveConvMetadata(rows);
    counted += rows.length;
  }
  if (counted > 0) logger.info({ battles: counted }, "style counted for battles voted before style control");
  return counted;
}
