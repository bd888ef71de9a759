import assert from "node:assert/strict";

import { judgedKeysOf } from "../../server/src/judges/judgeBattleFile.ts";
import { judgePairs, pairCount } from "../../server/src/judges/judgePairs.ts";
import { judgingKey } from "../../server/src/judges/packJudgings.ts";

const names = (pairs: Array<{ a: string; b: string }>) => pairs.map(({ a, b }) => `${a}-${b}`);

describe("judgePairs", () => {
  it("gives every pair once, each with its models in order", () => {
    const pairs = judgePairs(["d", "b", "a", "c", "e", "f"]);
    assert.equal(pairs.length, pairCount(6));
    assert.equal(new Set(names(pairs)).size, 15);
    assert.ok(pairs.every(({ a, b }) => a < b));
  });

  it("starts with a ring that connects every model, each in two pairs", () => {
    assert.deepEqual(names(judgePairs(["a", "b", "c", "d", "e"], 5)), ["a-b", "b-c", "c-d", "d-e", "a-e"]);
  });

  it("keeps the models' numbers of pairs within two of each other at any length", () => {
    const models = ["m1", "m2", "m3", "m4", "m5", "m6", "m7"];
    for (let limit = 1; limit <= pairCount(models.length); limit++) {
      const perModel = new Map<string, number>(models.map((model) => [model, 0]));
      for (const { a, b } of judgePairs(models, limit)) {
        perModel.set(a, perModel.get(a)! + 1);
        perModel.set(b, perModel.get(b)! + 1);
      }
      const counts = [...perModel.values()];
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 2, `limit ${limit}: ${counts}`);
    }
  });

  it("makes a larger limit the smaller one plus more pairs", () => {
    const models = ["a", "b", "c", "d", "e", "f"];
    assert.deepEqual(judgePairs(models, 4), judgePairs(models, 9).slice(0, 4));
  });
});

describe("judge battle files (resume)", () => {
  const problem = (line: number, message: string) => new Error(`line ${line}: ${message}`);
  const record = (modelA: string, modelB: string, turn = 1) =>
    JSON.stringify({ judge: "j", question_id: 81, model_a: modelA, model_b: modelB, turn, winner: "tie" });

  it("knows a judging whichever model its record names first", () => {
    const { keys, partialLine } = judgedKeysOf(`${record("y", "x")}\n${record("x", "y", 2)}\n`, problem);
    assert.equal(partialLine, false);
    assert.ok(keys.has(judgingKey("j", "81", "x", "y", 1)));
    assert.ok(keys.has(judgingKey("j", "81", "y", "x", 2)));
  });

  it("leaves out an unfinished last line and says where the whole lines end", () => {
    const whole = `${record("x", "y")}\n`;
    const read = judgedKeysOf(`${whole}{"judge":"j","quest`, problem);
    assert.equal(read.keys.size, 1);
    assert.equal(read.partialLine, true);
    assert.equal(read.completeBytes, Buffer.byteLength(whole));
  });

  it("names a line that is not a judge battle", () => {
    assert.throws(() => judgedKeysOf(`${record("x", "y")}\nnot json\n`, problem), /line 2: not valid JSON/);
    assert.throws(() => judgedKeysOf(`{"judge":"j"}\n`, problem), /line 1: not a judge battle/);
  });
});
