import assert from "node:assert/strict";

import {
  type ChatTurn,
  conversationMetadata,
  countMarkdownElements,
  loadTokenCounter,
  removeCodeBlocks,
  type TokenCounter,
} from "@arena/shared/ratings/markdownStyle";

type Expected = [text: string, headers: number[], lists: [number, number], bold: [number, number]];

/**
 * Texts where JavaScript's regular expressions would count differently from Python's, with the
 * counts of FastChat's own `count_markdown_elements(remove_pattern(text, …))` under Python 3.11.
 */
const FASTCHAT_COUNTS: Expected[] = [
  [
    "# Title\n## Sub\n### Three\n#### 4\n##### 5\n###### 6\n####### 7\n#NoSpace\n #Indented",
    [1, 1, 1, 1, 1, 1],
    [0, 0],
    [0, 0],
  ],
  // Python's MULTILINE ^ follows "\n" only: not "\r", U+2028 or U+2029.
  ["# a\r# b\r\n# c\u2028# d\n\u2028# e", [2, 0, 0, 0, 0, 0], [0, 0], [0, 0]],
  // Python's \s includes U+001C and U+0085 but not U+FEFF.
  ["#\u00a0nbsp\n#\u001cfs\n#\u0085nel\n#\ufeffbom\n#\u3000ideo", [4, 0, 0, 0, 0, 0], [0, 0], [0, 0]],
  // ^\s*\d+\.\s: \s* runs over blank lines, so "3." after them counts once.
  ["1. one\n2. two\n 10. ten\n1.no\n1) paren\n\n\n3. after blank lines", [0, 0, 0, 0, 0, 0], [4, 0], [0, 0]],
  // \d is any Unicode decimal digit.
  ["\u0663. arabic-indic\n\uff13. fullwidth\n\ud835\udfce. math", [0, 0, 0, 0, 0, 0], [3, 0], [0, 0]],
  ["- a\n* b\n+ c\n-no\n  - nested\n\t* tab\n\u001c- fs start", [0, 0, 0, 0, 0, 0], [0, 6], [0, 0]],
  ["**bold** and **more**\n**not\nbold** ***triple*** ****", [0, 0, 0, 0, 0, 0], [0, 0], [4, 0]],
  ["__u__ and __two words__ __a_b__ ____", [0, 0, 0, 0, 0, 0], [0, 0], [0, 3]],
  ["text\n```python\n# not a header\n- not a list\n```\nafter\n# real", [1, 0, 0, 0, 0, 0], [0, 0], [0, 0]],
  ["```\n# x\n``` then # x again? no: \n# x\n", [0, 0, 0, 0, 0, 0], [0, 0], [0, 0]],
  ["````\n- a\n````\n- b", [0, 0, 0, 0, 0, 0], [0, 1], [0, 0]],
  ["``````\n# empty block", [1, 0, 0, 0, 0, 0], [0, 0], [0, 0]],
  ["\n\n  \n- item after blank lines\n", [0, 0, 0, 0, 0, 0], [0, 1], [0, 0]],
  ["1.\n2. x", [0, 0, 0, 0, 0, 0], [2, 0], [0, 0]],
];

describe("markdown counts (FastChat's add_markdown_info.py)", () => {
  it("count what FastChat's Python regular expressions count, where JavaScript's would not", () => {
    for (const [text, [h1, h2, h3, h4, h5, h6], [ordered, unordered], [stars, underscores]] of FASTCHAT_COUNTS) {
      assert.deepEqual(
        countMarkdownElements(removeCodeBlocks(text)),
        {
          header_count: { h1, h2, h3, h4, h5, h6 },
          list_count: { ordered, unordered },
          bold_count: { "**": stars, __: underscores },
        },
        JSON.stringify(text),
      );
    }
  });

  it("remove each code block's inside everywhere in the text and keep the fences, as remove_pattern does", () => {
    assert.equal(removeCodeBlocks("text\n```python\n# h\n```\nafter"), "text\n``````\nafter");
    assert.equal(removeCodeBlocks("```a``` a is gone everywhere: a a"), "``````  is gone everywhere:  ");
    assert.equal(removeCodeBlocks("````\n- a\n````\n- b"), "````````\n- b");
    assert.equal(removeCodeBlocks("``````"), "``````");
    assert.equal(removeCodeBlocks("no code"), "no code");
  });
});

describe("token counts (cl100k_base, as clean_battle_data.py's num_tokens)", function () {
  this.timeout(10_000);
  let countTokens: TokenCounter;
  before(async () => {
    countTokens = await loadTokenCounter();
  });

  it("give tiktoken's cl100k_base counts", () => {
    // The counts OpenAI's cookbook shows for cl100k_base.
    assert.equal(countTokens("tiktoken is great!"), 6);
    assert.equal(countTokens("antidisestablishmentarianism"), 6);
    assert.equal(countTokens("2 + 2 = 4"), 7);
    assert.equal(countTokens("お誕生日おめでとう"), 9);
    assert.equal(countTokens(""), 0);
  });

  it('count each special token as one wherever it stands, as allowed_special="all" does, and <|im_start|> as text', () => {
    assert.equal(countTokens("<|endoftext|>"), 1);
    assert.equal(countTokens("a<|endoftext|>b"), 3);
    assert.equal(countTokens("<|endofprompt|> x <|fim_prefix|>"), 4);
    assert.equal(countTokens("<|im_start|>"), 6);
  });

  it("load once", async () => {
    assert.equal(await loadTokenCounter(), countTokens);
  });
});

describe("conversationMetadata", function () {
  this.timeout(10_000);
  let countTokens: TokenCounter;
  before(async () => {
    countTokens = await loadTokenCounter();
  });

  const conversationA: ChatTurn[] = [
    { role: "user", content: "Write a function." },
    { role: "assistant", content: "## Plan\n1. Think\n2. Write\n```python" },
    { role: "user", content: "Go on." },
    { role: "assistant", content: "# not a header, inside the code\n```\n**Done** and __done__." },
  ];
  const conversationB: ChatTurn[] = [
    { role: "user", content: "Write a function." },
    { role: "assistant", content: "Sure." },
    { role: "user", content: "Go on." },
    { role: "assistant", content: "- one\n- two\n# Header" },
  ];

  it("sums tokens per turn and counts markdown over each side's answers joined with a newline", () => {
    const metadata = conversationMetadata(conversationA, conversationB, countTokens);
    const tokens = (conversation: ChatTurn[], roles: string[], upTo = conversation.length) =>
      conversation
        .slice(0, upTo)
        .reduce((sum, turn) => (roles.includes(turn.role) ? sum + countTokens(turn.content) : sum), 0);
    assert.deepEqual(metadata, {
      sum_user_tokens: tokens(conversationA, ["user"]),
      sum_assistant_a_tokens: tokens(conversationA, ["assistant"]),
      sum_assistant_b_tokens: tokens(conversationB, ["assistant"]),
      context_a_tokens: tokens(conversationA, ["user", "assistant"], 3),
      context_b_tokens: tokens(conversationB, ["user", "assistant"], 3),
      turns: 2,
      // The code block opens in the first answer and closes in the second: joined, its inside
      // (with the "# not a header" line) is removed.
      header_count_a: { h1: 0, h2: 1, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count_a: { ordered: 2, unordered: 0 },
      bold_count_a: { "**": 1, __: 1 },
      header_count_b: { h1: 1, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count_b: { ordered: 0, unordered: 2 },
      bold_count_b: { "**": 0, __: 0 },
    });
    assert.equal(metadata.sum_user_tokens, 4 + 3);
  });

  it("gives a one-turn battle context tokens equal to its user tokens", () => {
    const metadata = conversationMetadata(conversationA.slice(0, 2), conversationB.slice(0, 2), countTokens);
    assert.equal(metadata.turns, 1);
    assert.equal(metadata.context_a_tokens, metadata.sum_user_tokens);
    assert.equal(metadata.context_b_tokens, metadata.sum_user_tokens);
  });
});
