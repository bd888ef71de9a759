import assert from "node:assert/strict";

import { containsCode, estimateTokens, tagPrompt } from "@arena/shared/promptTags";

describe("automatic prompt tags", () => {
  it("tags a prompt with a fenced block or several code lines as coding", () => {
    assert.ok(containsCode("Why does this fail?\n```js\nconst x = 1\n```"));
    assert.ok(containsCode("Fix this:\ndef total(items):\n    return sum(items);\n"));
    assert.ok(containsCode("SELECT name FROM users\nWHERE id = 1;"));
    assert.equal(containsCode("Write a Python function that reverses a list."), false);
    assert.equal(containsCode("Je voudrais un poème sur la mer; avec des rimes."), false);
  });

  it("estimates tokens for alphabetic and CJK text, and tags prompts over ~500 tokens as long", () => {
    assert.equal(estimateTokens("abcd".repeat(10)), 10);
    assert.equal(estimateTokens("你好世界"), 4);
    assert.deepEqual(tagPrompt("word ".repeat(450)), ["long"]);
    assert.deepEqual(tagPrompt("word ".repeat(100)), []);
    assert.deepEqual(tagPrompt("海".repeat(501)), ["long"]);
  });

  it("tags a conversation of more than one voter turn as multiturn", () => {
    assert.deepEqual(tagPrompt("Hello there, how are you?", 2), ["multiturn"]);
    assert.deepEqual(tagPrompt("```\nx\n```", 3), ["coding", "multiturn"]);
  });
});
