import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { loadPack, PackError } from "../../server/src/packs/loadPack.ts";
import { buildPromptPool } from "../../server/src/packs/promptPool.ts";
import { DEMO_PACK, MT_BENCH } from "../support/server.ts";

describe("answer packs", () => {
  it("loads FastChat's MT-bench folder: 80 questions, 6 models, first turns", () => {
    const pack = loadPack(MT_BENCH);
    assert.equal(pack.questions.length, 80);
    assert.equal(pack.answers.length, 480);
    const pool = buildPromptPool([pack]);
    assert.equal(pool.prompts.length, 80);
    assert.deepEqual(pool.models, [
      "alpaca-13b",
      "claude-v1",
      "gpt-3.5-turbo",
      "gpt-4",
      "llama-13b",
      "vicuna-13b-v1.2",
    ]);
    const first = pool.prompts.find((p) => p.key === "0:81")!;
    assert.match(first.prompt, /^Compose an engaging travel blog post about a recent trip to Hawaii/);
    assert.equal(first.category, "writing");
    assert.equal(first.language, "en");
    assert.match(first.answers.get("gpt-4")!, /Aloha/);
    assert.deepEqual(
      new Set(pool.prompts.map((p) => p.category)),
      new Set(["writing", "roleplay", "reasoning", "math", "coding", "extraction", "stem", "humanities"]),
    );
  });

  it("bundles a demo pack of ≥ 48 prompts in ≥ 6 languages answered by ≥ 4 demo models", () => {
    const pool = buildPromptPool([loadPack(DEMO_PACK)]);
    assert.ok(pool.prompts.length >= 48, `${pool.prompts.length} prompts`);
    const demoModels = pool.models.filter((m) => m.startsWith("demo-"));
    assert.equal(demoModels.length, pool.models.length);
    assert.ok(demoModels.length >= 4);
    const languages = new Set(pool.prompts.map((p) => p.language));
    for (const language of ["en", "fr", "zh", "es", "de", "ja"])
      assert.ok(languages.has(language), `no ${language} prompt`);
    assert.ok(!languages.has("und"), "every demo prompt's language is detected");
    const categories = new Set(pool.prompts.map((p) => p.category));
    for (const category of ["coding", "math", "writing"]) assert.ok(categories.has(category), `no ${category} prompt`);
    for (const prompt of pool.prompts)
      assert.equal(prompt.answers.size, demoModels.length, `prompt ${prompt.key} is not answered by every model`);
    const meanLength = (model: string) =>
      pool.prompts.reduce((sum, p) => sum + p.answers.get(model)!.length, 0) / pool.prompts.length;
    assert.ok(meanLength("demo-thorough") > 2 * meanLength("demo-concise"), "answers differ honestly in length");
  });

  it("keeps only questions that at least two models answered", () => {
    const folder = makePack({
      questions: [
        { question_id: 1, turns: ["One"] },
        { question_id: 2, turns: ["Two"] },
      ],
      answers: { m1: { 1: "a", 2: "b" }, m2: { 1: "c" } },
    });
    const pool = buildPromptPool([loadPack(folder)]);
    assert.deepEqual(
      pool.prompts.map((p) => p.key),
      ["0:1"],
    );
    assert.equal(pool.prompts[0]!.category, null);
  });

  it("names the file and line of a malformed pack", () => {
    const folder = makePack({ questions: [{ question_id: 1, turns: ["One"] }], answers: { m1: { 1: "a" } } });
    fs.appendFileSync(path.join(folder, "question.jsonl"), '{"question_id": 2, "turns": []}\n');
    assert.throws(
      () => loadPack(folder),
      (error: Error) =>
        error instanceof PackError && /question\.jsonl:2: turns: needs at least one turn/.test(error.message),
    );
    fs.writeFileSync(path.join(folder, "model_answer", "m1.jsonl"), "{not json\n");
    fs.writeFileSync(path.join(folder, "question.jsonl"), '{"question_id": 1, "turns": ["x"]}\n');
    assert.throws(() => loadPack(folder), /m1\.jsonl:1: not valid JSON/);
    assert.throws(() => loadPack(path.join(folder, "missing")), /question\.jsonl: not found/);
  });
});

function makePack({
  questions,
  answers,
}: {
  questions: object[];
  answers: Record<string, Record<number, string>>;
}): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "arena-pack-"));
  fs.mkdirSync(path.join(folder, "model_answer"));
  fs.writeFileSync(path.join(folder, "question.jsonl"), questions.map((q) => JSON.stringify(q)).join("\n") + "\n");
  for (const [model, byQuestion] of Object.entries(answers)) {
    const lines = Object.entries(byQuestion).map(([id, text]) =>
      JSON.stringify({
        question_id: Number(id),
        answer_id: `${model}-${id}`,
        model_id: model,
        choices: [{ index: 0, turns: [text] }],
      }),
    );
    fs.writeFileSync(path.join(folder, "model_answer", `${model}.jsonl`), lines.join("\n") + "\n");
  }
  return folder;
}
