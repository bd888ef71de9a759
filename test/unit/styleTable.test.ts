import assert from "node:assert/strict";

import { rateWithStyleControl } from "@arena/shared/ratings/rateStyleControl";
import { StyleBattles, type StylePair } from "@arena/shared/ratings/styleFeatures";

import { StyleTable } from "../../server/src/leaderboard/styleTable.ts";

/** A pack-like arena: few prompts, so the same battle (pair, outcome, answers) comes back often. */
function packBattles(count: number): Array<{ a: string; b: string; score: 0 | 0.5 | 1; style: StylePair }> {
  const models = ["alpha", "beta", "gamma", "delta"];
  const styles: StylePair[] = Array.from({ length: 5 }, (_, prompt) => ({
    a: [100 + 40 * prompt, prompt % 3, 2 * prompt, prompt % 2],
    b: [300 - 30 * prompt, 1, prompt, 3 - (prompt % 2)],
  }));
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: count }, () => {
    const i = Math.floor(random() * 4);
    const j = (i + 1 + Math.floor(random() * 3)) % 4;
    const r = random();
    // Better models win more, and longer answers a little more still.
    const score = r < 0.45 + 0.1 * (j - i) ? 1 : r < 0.85 ? 0 : 0.5;
    return { a: models[i]!, b: models[j]!, score, style: styles[Math.floor(random() * styles.length)]! };
  });
}

describe("StyleTable", () => {
  it("keeps one row per distinct battle, however many votes repeat it", () => {
    const table = new StyleTable();
    for (const battle of packBattles(20_000)) table.add(battle.a, battle.b, battle.score, battle.style);
    const fit = table.rated({ ci: "sandwich", rounds: 100, seed: 42 })!;
    assert.equal(table.total, 20_000);
    assert.ok(fit.data.count.length <= 12 * 3 * 5, `${fit.data.count.length} rows`);
    assert.equal(
      fit.data.count.reduce((sum, count) => sum + count, 0),
      20_000,
    );
  });

  it("rates grouped battles as it rates them one row each, to far below a displayed digit", () => {
    const battles = packBattles(5_000);
    const table = new StyleTable();
    const rows = new StyleBattles();
    for (const { a, b, score, style } of battles) {
      table.add(a, b, score, style);
      rows.add(a, b, score, style);
    }
    const grouped = table.rated({ ci: "sandwich", rounds: 100, seed: 42 })!;
    const single = rateWithStyleControl(rows.toData(), { ci: "sandwich" });
    assert.deepEqual(grouped.rated.models, single.models);
    assert.deepEqual(Array.from(grouped.rated.rank), Array.from(single.rank));
    for (const [mine, theirs] of [
      [grouped.rated.ratings, single.ratings],
      [grouped.rated.lower, single.lower],
      [grouped.rated.upper, single.upper],
    ] as const) {
      mine.forEach((value, index) =>
        assert.ok(Math.abs(value - theirs[index]!) < 1e-6, `${value} vs ${theirs[index]}`),
      );
    }
    for (const feature of ["length", "headers", "lists", "bold"] as const) {
      assert.ok(Math.abs(grouped.rated.styleCoefficients[feature] - single.styleCoefficients[feature]) < 1e-9);
    }
    assert.deepEqual(Array.from(grouped.wins), [
      ...[...single.models].map(
        (model) => battles.filter((x) => (x.a === model && x.score === 1) || (x.b === model && x.score === 0)).length,
      ),
    ]);
  });
});
