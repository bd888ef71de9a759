import assert from "node:assert/strict";
import fs from "node:fs";

import {
  buildPairwisePrompt,
  combineOrders,
  parseVerdict,
  shownTurns,
  toBattleSides,
} from "../../server/src/judges/pairwisePrompt.ts";

/** MT-bench's two pairwise templates, as FastChat's judge_prompts.jsonl publishes them. */
const MT_BENCH = JSON.parse(
  fs.readFileSync(new URL("../fixtures/judges/mt-bench-pair-prompts.json", import.meta.url), "utf8"),
) as Record<"pair-v2" | "pair-v2-multi-turn", { system_prompt: string; prompt_template: string }>;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

describe("buildPairwisePrompt", () => {
  it("builds MT-bench's pair-v2 prompt, word for word, for one turn", () => {
    const messages = buildPairwisePrompt({ turns: [{ question: "Why?", answerA: "Because.", answerB: "No idea." }] });
    assert.deepEqual(messages, [
      { role: "system", content: MT_BENCH["pair-v2"].system_prompt },
      {
        role: "user",
        content: fill(MT_BENCH["pair-v2"].prompt_template, {
          question: "Why?",
          answer_a: "Because.",
          answer_b: "No idea.",
        }),
      },
    ]);
    assert.match(
      messages[1]!.content,
      /\[The Start of Assistant A's Answer\]\nBecause\.\n\[The End of Assistant A's Answer\]/,
    );
  });

  it("builds MT-bench's pair-v2-multi-turn prompt, word for word, for two turns", () => {
    const messages = buildPairwisePrompt({
      turns: [
        { question: "Q1", answerA: "A1", answerB: "B1" },
        { question: "Q2", answerA: "A2", answerB: "B2" },
      ],
    });
    const template = MT_BENCH["pair-v2-multi-turn"];
    assert.deepEqual(messages, [
      { role: "system", content: template.system_prompt },
      {
        role: "user",
        content: fill(template.prompt_template, {
          question_1: "Q1",
          question_2: "Q2",
          answer_a_1: "A1",
          answer_a_2: "A2",
          answer_b_1: "B1",
          answer_b_2: "B2",
        }),
      },
    ]);
  });

  it("shows every turn of a longer conversation and asks about the last question", () => {
    const turns = [1, 2, 3].map((n) => ({ question: `Q${n}`, answerA: `A${n}`, answerB: `B${n}` }));
    const [system, user] = buildPairwisePrompt({ turns });
    assert.match(system!.content, /better answer to the last user question\./);
    for (const n of [1, 2, 3]) {
      assert.ok(user!.content.includes(`### User:\nQ${n}\n\n### Assistant A:\nA${n}\n\n`));
      assert.ok(user!.content.includes(`### User:\nQ${n}\n\n### Assistant B:\nB${n}\n\n`));
    }
    assert.ok(user!.content.indexOf("A3") < user!.content.indexOf("<|The Start of Assistant B's Conversation"));
  });

  it("refuses a battle without turns", () => {
    assert.throws(() => buildPairwisePrompt({ turns: [] }), /at least one turn/);
  });
});

describe("shownTurns and toBattleSides", () => {
  const turns = [{ question: "Q", answerA: "left", answerB: "right" }];

  it("keeps the sides in order ab and swaps them in order ba", () => {
    assert.deepEqual(shownTurns(turns, "ab"), turns);
    assert.deepEqual(shownTurns(turns, "ba"), [{ question: "Q", answerA: "right", answerB: "left" }]);
  });

  it("reads a ba verdict back into the battle's sides", () => {
    assert.equal(toBattleSides("a", "ba"), "b");
    assert.equal(toBattleSides("b", "ba"), "a");
    assert.equal(toBattleSides("tie", "ba"), "tie");
    assert.equal(toBattleSides(null, "ba"), null);
    assert.equal(toBattleSides("a", "ab"), "a");
  });
});

describe("parseVerdict", () => {
  it("reads [[A]], [[B]] and [[C]]", () => {
    assert.equal(parseVerdict("Assistant A is more precise.\n\n[[A]]"), "a");
    assert.equal(parseVerdict("B explains the steps. Final verdict: [[B]]"), "b");
    assert.equal(parseVerdict("Both are equally good. [[C]]"), "tie");
  });

  it("reads a marker repeated alike", () => {
    assert.equal(parseVerdict("[[B]] ... so again: [[B]]"), "b");
  });

  it("gives no verdict without a marker, or with a near miss", () => {
    assert.equal(parseVerdict(""), null);
    assert.equal(parseVerdict("I prefer A."), null);
    assert.equal(parseVerdict("[A]"), null);
    assert.equal(parseVerdict("[[a]]"), null);
    assert.equal(parseVerdict("[[ A ]]"), null);
  });

  it("gives no verdict when two different markers appear", () => {
    assert.equal(parseVerdict('The format is "[[A]]" or "[[B]]"; my verdict: [[B]]'), null);
    assert.equal(parseVerdict("[[A]] [[C]]"), null);
  });
});

describe("combineOrders", () => {
  it("keeps a verdict both orders agree on", () => {
    assert.equal(combineOrders("a", "a"), "a");
    assert.equal(combineOrders("b", "b"), "b");
    assert.equal(combineOrders("tie", "tie"), "tie");
  });

  it("counts orders that disagree as a tie", () => {
    assert.equal(combineOrders("a", "b"), "tie");
    assert.equal(combineOrders("b", "tie"), "tie");
    assert.equal(combineOrders("tie", "a"), "tie");
  });

  it("has no verdict when either order has none", () => {
    assert.equal(combineOrders(null, "a"), null);
    assert.equal(combineOrders("tie", null), null);
    assert.equal(combineOrders(null, null), null);
  });
});
