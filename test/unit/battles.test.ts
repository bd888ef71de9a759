import assert from "node:assert/strict";

import { splitIntoPieces } from "../../server/src/battles/paceText.ts";
import { pickBattle } from "../../server/src/battles/pickBattle.ts";
import type { PoolPrompt } from "../../server/src/packs/promptPool.ts";

/** Deterministic uniform numbers (mulberry32), so the counts below are the same on every run. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("pickBattle", () => {
  const prompt = (key: string, models: string[]): PoolPrompt => ({
    key,
    prompt: key,
    language: "en",
    category: null,
    tags: [],
    answers: new Map(models.map((m) => [m, `${m} answer`])),
  });

  it("always picks two different models that answered the prompt", () => {
    const prompts = [prompt("p1", ["x", "y"]), prompt("p2", ["x", "y", "z", "w"])];
    const random = seededRandom(1);
    for (let i = 0; i < 2000; i++) {
      const { prompt: picked, models } = pickBattle(prompts, random);
      assert.notEqual(models.a, models.b);
      assert.ok(picked.answers.has(models.a) && picked.answers.has(models.b));
    }
  });

  it("draws every ordered pair about equally often", () => {
    const random = seededRandom(7);
    const counts = new Map<string, number>();
    const draws = 12000;
    for (let i = 0; i < draws; i++) {
      const { models } = pickBattle([prompt("p", ["x", "y", "z", "w"])], random);
      counts.set(`${models.a}${models.b}`, (counts.get(`${models.a}${models.b}`) ?? 0) + 1);
    }
    assert.equal(counts.size, 12);
    // Each pair expects 1000; 5 standard deviations is about ±150.
    for (const [pair, count] of counts) assert.ok(Math.abs(count - 1000) < 150, `${pair}: ${count}`);
  });
});

describe("splitIntoPieces", () => {
  it("cuts an answer into pieces that join back to it exactly", () => {
    const text = "Voici une réponse assez longue, avec `du code` et des emoji 🌊🌊🌊, sur plusieurs lignes.\n\n".repeat(
      20,
    );
    const pieces = splitIntoPieces(text);
    assert.equal(pieces.join(""), text);
    assert.ok(pieces.length > 1 && pieces.length <= 90, `${pieces.length} pieces`);
    for (const piece of pieces)
      assert.ok(!/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(piece), "a surrogate pair was split");
  });

  it("sends a short answer in one or a few pieces, and nothing for an empty one", () => {
    assert.deepEqual(splitIntoPieces("Yes."), ["Yes."]);
    assert.deepEqual(splitIntoPieces(""), []);
  });

  it("cuts text without spaces (Chinese, Japanese) too", () => {
    const text = "这是一个没有空格的很长的中文句子，用来检查分段。".repeat(10);
    const pieces = splitIntoPieces(text);
    assert.ok(pieces.length > 5);
    assert.equal(pieces.join(""), text);
  });
});
