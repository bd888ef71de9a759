import assert from "node:assert/strict";

import { emptyBattle, planCsv, readCsvBattle } from "../../server/src/battleFiles/fileBattle.ts";

describe("a CSV battle's fields kept as given", () => {
  const header = ["model_a", "model_b", "winner", "note", "tstamp", "note", "conversation_a", "turn"];
  const plan = planCsv(header, true);
  if (typeof plan === "string") throw new Error(plan);
  const given = (cells: string[]) => {
    const battle = emptyBattle(2);
    assert.equal(readCsvBattle(cells, plan, battle, true), undefined);
    return battle.given;
  };

  it("keeps every column Arena holds no column for, numbers and JSON read as such, empty cells left out", () => {
    assert.deepEqual(given(["x", "y", "model_a", "hi", "1700000000.5", "", '[{"role":"user","content":"q"}]', "2"]), {
      note: "hi",
      tstamp: 1_700_000_000.5,
      conversation_a: [{ role: "user", content: "q" }],
      turn: 2,
    });
  });

  it("takes the first non-empty cell of a repeated column", () => {
    assert.deepEqual(given(["x", "y", "tie", "", "", "second", "", ""]), { note: "second" });
    assert.deepEqual(given(["x", "y", "tie", "first", "", "second", "", ""]), { note: "first" });
  });
});
