/**
 * Style counts of answers, as FastChat counts them for style control:
 * - markdown: fastchat/serve/monitor/add_markdown_info.py (headers h1–h6, ordered and unordered
 *   list items, ** and __ bold spans, after code blocks are removed), over all assistant turns
 *   of one side joined with "\n";
 * - tokens: fastchat/serve/monitor/clean_battle_data.py's `num_tokens`, the length of tiktoken's
 *   `encoding_for_model("gpt-3.5-turbo")` (cl100k_base) encoding with every special token allowed,
 *   per turn, summed over the assistant turns.
 *
 * FastChat's regular expressions run on Python's `re`, whose semantics differ from JavaScript's
 * in ways that change counts, so each is rewritten here to match Python's:
 * - `^` with re.MULTILINE matches only at the start and after "\n"; JavaScript's /m also matches
 *   after "\r", U+2028 and U+2029, so a lookbehind on "\n" replaces it;
 * - `\s` on a Python 3 str is `str.isspace()`: it includes U+001C–U+001F and U+0085, which
 *   JavaScript's `\s` lacks, and excludes U+FEFF, which JavaScript's has;
 * - `\d` on a Python 3 str is any Unicode decimal digit (category Nd), `\p{Nd}` here. Both
 *   follow their runtime's Unicode version (Python 3.11 has 14.0, Node 20 has 15.1 or later), so
 *   digits of scripts added since differ; ASCII, Arabic-Indic, fullwidth and every other long-
 *   standing digit agree.
 */

/** Python's `\s` (str.isspace()), as the inside of a character class. */
const PYTHON_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** Python's `^` under re.MULTILINE: the start of the text or just after "\n". */
const LINE_START = "(?:^|(?<=\\n))";

const HEADER_LEVELS = ["h1", "h2", "h3", "h4", "h5", "h6"] as const;

/** `^#{n}\s` for n = 1 … 6: exactly n hashes (a longer run fails on its next "#"), then a space. */
const HEADER_PATTERNS = HEADER_LEVELS.map(
  (_, index) => new RegExp(`${LINE_START}#{${index + 1}}[${PYTHON_SPACE}]`, "gu"),
);
/** `^\s*\d+\.\s`: note that `\s*` may run over blank lines, as in Python. */
const ORDERED_PATTERN = new RegExp(`${LINE_START}[${PYTHON_SPACE}]*\\p{Nd}+\\.[${PYTHON_SPACE}]`, "gu");
/** `^\s*[-*+]\s`. */
const UNORDERED_PATTERN = new RegExp(`${LINE_START}[${PYTHON_SPACE}]*[-*+][${PYTHON_SPACE}]`, "gu");
/** `\*\*[^*\n]+\*\*` and `__[^_\n]+__`. */
const BOLD_STAR_PATTERN = /\*\*[^*\n]+\*\*/gu;
const BOLD_UNDERSCORE_PATTERN = /__[^_\n]+__/gu;
/** FastChat's code block pattern "```([^`]*)```" (its capture is what gets removed). */
const CODE_BLOCK_PATTERN = /```([^`]*)```/g;

export interface HeaderCounts {
  h1: number;
  h2: number;
  h3: number;
  h4: number;
  h5: number;
  h6: number;
}

export interface ListCounts {
  ordered: number;
  unordered: number;
}

export interface BoldCounts {
  "**": number;
  __: number;
}

/** FastChat's `count_markdown_elements` result, without the side suffix on the keys. */
export interface MarkdownCounts {
  header_count: HeaderCounts;
  list_count: ListCounts;
  bold_count: BoldCounts;
}

/** Counts markdown elements in `text` as it is (FastChat's `count_markdown_elements`). */
export function countMarkdownElements(text: string): MarkdownCounts {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const [h1, h2, h3, h4, h5, h6] = HEADER_PATTERNS.map(count) as [number, number, number, number, number, number];
  return {
    header_count: { h1, h2, h3, h4, h5, h6 },
    list_count: { ordered: count(ORDERED_PATTERN), unordered: count(UNORDERED_PATTERN) },
    bold_count: { "**": count(BOLD_STAR_PATTERN), __: count(BOLD_UNDERSCORE_PATTERN) },
  };
}

/**
 * FastChat's `remove_pattern(answer, re.compile("```([^`]*)```"))`, quirks included: it finds
 * the code blocks, then deletes every occurrence of each block's *inside* from the whole text, one
 * block after another. The fences stay, and the same text outside a block goes too.
 */
export function removeCodeBlocks(answer: string): string {
  const insides = Array.from(answer.matchAll(CODE_BLOCK_PATTERN), (match) => match[1]!);
  let result = answer;
  // split/join is Python's str.replace(old, ""): every non-overlapping occurrence, left to right
  // (and for an empty `old`, no change).
  for (const inside of insides) result = result.split(inside).join("");
  return result;
}

/** One message of a FastChat conversation (`conversation_a` / `conversation_b`). */
export interface ChatTurn {
  readonly role: string;
  readonly content: string;
}

/** What FastChat counts the markdown of for one side: its assistant turns joined with "\n". */
export function assistantText(conversation: readonly ChatTurn[]): string {
  const answers = conversation.filter((turn) => turn.role === "assistant").map((turn) => turn.content);
  return answers.length === 1 ? answers[0]! : answers.join("\n");
}

/** The markdown counts of a side's assistant text (`assistantText`), code blocks removed. */
export function answerMarkdownCounts(text: string): MarkdownCounts {
  return countMarkdownElements(removeCodeBlocks(text));
}

/** The markdown counts of one side: its assistant turns joined with "\n", code blocks removed. */
export function assistantMarkdownCounts(conversation: readonly ChatTurn[]): MarkdownCounts {
  return answerMarkdownCounts(assistantText(conversation));
}

/** Number of cl100k_base tokens in a text. */
export type TokenCounter = (text: string) => number;

let tokenCounter: Promise<TokenCounter> | undefined;

/**
 * tiktoken's cl100k_base special tokens, which `allowed_special="all"` encodes as one token each
 * wherever they occur. (gpt-tokenizer's cl100k_base also knows <|im_start|>, <|im_end|> and
 * <|im_sep|>, which tiktoken reads as plain text.)
 */
const SPECIAL_TOKEN_PATTERN = /<\|endoftext\|>|<\|fim_prefix\|>|<\|fim_middle\|>|<\|fim_suffix\|>|<\|endofprompt\|>/g;

/**
 * Loads the cl100k_base encoding (about 0.3 s the first time, so only when asked for, and once)
 * and returns a counter that gives what tiktoken's `len(encode(text, allowed_special="all"))`
 * gives. The special tokens are split off here rather than left to gpt-tokenizer: its 3.4 search
 * for them is anchored (a sticky regular expression), so it finds one only at the start of the
 * text and counts "a<|endoftext|>b" as 9 tokens of text instead of 3.
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  tokenCounter ??= import("gpt-tokenizer/encoding/cl100k_base").then((encoding) => {
    const plainText = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };
    const countPlain = (text: string) => (text === "" ? 0 : encoding.countTokens(text, plainText));
    return (text: string) => {
      let tokens = 0;
      let start = 0;
      for (const special of text.matchAll(SPECIAL_TOKEN_PATTERN)) {
        tokens += countPlain(text.slice(start, special.index)) + 1;
        start = special.index + special[0].length;
      }
      return tokens + countPlain(text.slice(start));
    };
  });
  return tokenCounter;
}

/** FastChat's `conv_metadata` of a battle, keys in the order of its released data sets. */
export interface ConvMetadata {
  /** Tokens of the user turns (of conversation_a; both sides are asked the same). */
  sum_user_tokens: number;
  sum_assistant_a_tokens: number;
  sum_assistant_b_tokens: number;
  /** Tokens the side's last answer was given as context: every turn before it. */
  context_a_tokens: number;
  context_b_tokens: number;
  /** Turns of the conversation, `len(conversation_a) // 2` as clean_battle_data's `turn`. */
  turns: number;
  header_count_a: HeaderCounts;
  list_count_a: ListCounts;
  bold_count_a: BoldCounts;
  header_count_b: HeaderCounts;
  list_count_b: ListCounts;
  bold_count_b: BoldCounts;
}

/**
 * The `conv_metadata` FastChat's pipeline attaches to a battle, from its two conversations.
 * The token fields follow clean_battle_data's per-turn `num_tokens`; FastChat's public code does
 * not show how it sums them into `sum_user_tokens` and `context_*_tokens`, so those are read
 * from its released data (a one-turn battle has context = user tokens): user turns summed, and
 * the context of a side is every turn before its last assistant turn.
 */
export function conversationMetadata(
  conversationA: readonly ChatTurn[],
  conversationB: readonly ChatTurn[],
  countTokens: TokenCounter,
  /** `answerMarkdownCounts`, or one that remembers texts that recur (a server's pack answers). */
  countMarkdown: (assistantText: string) => MarkdownCounts = answerMarkdownCounts,
): ConvMetadata {
  const a = sideTokens(conversationA, countTokens);
  const b = sideTokens(conversationB, countTokens);
  const markdownA = countMarkdown(assistantText(conversationA));
  const markdownB = countMarkdown(assistantText(conversationB));
  return {
    sum_user_tokens: a.user,
    sum_assistant_a_tokens: a.assistant,
    sum_assistant_b_tokens: b.assistant,
    context_a_tokens: a.context,
    context_b_tokens: b.context,
    turns: Math.floor(conversationA.length / 2),
    header_count_a: markdownA.header_count,
    list_count_a: markdownA.list_count,
    bold_count_a: markdownA.bold_count,
    header_count_b: markdownB.header_count,
    list_count_b: markdownB.list_count,
    bold_count_b: markdownB.bold_count,
  };
}

function sideTokens(
  conversation: readonly ChatTurn[],
  countTokens: TokenCounter,
): { user: number; assistant: number; context: number } {
  const tokens = conversation.map((turn) => countTokens(turn.content));
  let user = 0;
  let assistant = 0;
  let lastAssistant = -1;
  conversation.forEach((turn, index) => {
    if (turn.role === "user") user += tokens[index]!;
    if (turn.role === "assistant") {
      assistant += tokens[index]!;
      lastAssistant = index;
    }
  });
  const before = lastAssistant === -1 ? tokens.length : lastAssistant;
  let context = 0;
  for (let index = 0; index < before; index++) context += tokens[index]!;
  return { user, assistant, context };
}
