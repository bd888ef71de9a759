import assert from "node:assert/strict";

import { conversationMetadata, loadTokenCounter } from "@arena/shared/ratings/markdownStyle";

import { AnswerStyle } from "../../server/src/battles/answerStyle.ts";
import { TextMemo } from "../../server/src/battles/textMemo.ts";

describe("TextMemo", () => {
  it("computes a value once per text, null values included", () => {
    const computed: string[] = [];
    const memo = new TextMemo((text) => {
      computed.push(text);
      return text.includes("Claude") ? "Claude" : null;
    });
    assert.equal(memo.get("I am Claude."), "Claude");
    assert.equal(memo.get("Paris."), null);
    assert.equal(memo.get("I am Claude."), "Claude");
    assert.equal(memo.get("Paris."), null);
    assert.deepEqual(computed, ["I am Claude.", "Paris."]);
  });

  it("forgets everything once full, and still answers right", () => {
    let calls = 0;
    const memo = new TextMemo((text) => {
      calls++;
      return text.length;
    }, 2);
    assert.equal(memo.get("a"), 1);
    assert.equal(memo.get("bb"), 2);
    assert.equal(memo.get("ccc"), 3); // full: forgets "a" and "bb"
    assert.equal(memo.get("a"), 1);
    assert.equal(calls, 4);
  });
});

describe("AnswerStyle", () => {
  const conversation = [
    { prompt: "Plan a trip", a: "# Day 1\n- **Louvre**\n- Seine\n```\n# not a header\n```", b: "1. Go\n2. Come back" },
  ];
  const chat = (side: "a" | "b") =>
    conversation.flatMap((turn) => [
      { role: "user", content: turn.prompt },
      { role: "assistant", content: turn[side] },
    ]);

  it("gives the same counts for recurring texts (remembered) as for live ones (counted afresh)", async () => {
    const style = await AnswerStyle.load();
    const expected = conversationMetadata(chat("a"), chat("b"), await loadTokenCounter());
    assert.deepEqual(style.metadataOf(conversation, false), expected);
    assert.deepEqual(style.metadataOf(conversation, true), expected);
    assert.deepEqual(style.metadataOf(conversation, true), expected);
  });

  it("never lets one vote's metadata change a remembered count", async () => {
    const style = await AnswerStyle.load();
    const first = style.metadataOf(conversation, true);
    first.header_count_a.h1 = 99;
    first.list_count_b.ordered = 99;
    const second = style.metadataOf(conversation, true);
    assert.equal(second.header_count_a.h1, 1);
    assert.equal(second.list_count_b.ordered, 2);
  });
});
