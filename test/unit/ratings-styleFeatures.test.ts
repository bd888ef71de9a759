import assert from "node:assert/strict";

import {
  aggregateStyleData,
  readStyleCount,
  readStyleFeatures,
  StyleBattles,
  styleDifference,
  styleDifferences,
  styleStandardization,
} from "@arena/shared/ratings/styleFeatures";

/** A conv_metadata as FastChat's released battles carry it (add_markdown_info.py's shape). */
const FASTCHAT_METADATA = {
  sum_user_tokens: 750,
  sum_assistant_a_tokens: 786,
  sum_assistant_b_tokens: 578,
  context_a_tokens: 750,
  context_b_tokens: 750,
  turns: 1,
  header_count_a: { h1: 0, h2: 0, h3: 1, h4: 0, h5: 0, h6: 0 },
  list_count_a: { ordered: 12, unordered: 40 },
  bold_count_a: { "**": 53, __: 0 },
  header_count_b: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
  list_count_b: { ordered: 0, unordered: 26 },
  bold_count_b: { "**": 25, __: 2 },
};

describe("readStyleCount", () => {
  it("takes a whole number as it is and sums an object of them, as FastChat's extract_style_feature", () => {
    assert.deepEqual(readStyleCount(7), { ok: true, value: 7 });
    assert.deepEqual(readStyleCount({ h1: 1, h2: 0, h3: 4 }), { ok: true, value: 5 });
    assert.deepEqual(readStyleCount({}), { ok: true, value: 0 });
  });

  it("reads the same from text, as a CSV cell holds it", () => {
    assert.deepEqual(readStyleCount(" 12 "), { ok: true, value: 12 });
    assert.deepEqual(readStyleCount('{"ordered": 2, "unordered": 3}'), { ok: true, value: 5 });
  });

  it("refuses anything else with a reason", () => {
    for (const value of [-1, 1.5, Number.NaN, true, null, [1, 2], "", "many", "{not json", { h1: -1 }, { h1: "2" }]) {
      const result = readStyleCount(value);
      assert.equal(result.ok, false, `${JSON.stringify(value)} was accepted`);
    }
    assert.deepEqual(readStyleCount({ h1: 1, h2: 0.5 }), {
      ok: false,
      error: 'its "h2" must be a whole number ≥ 0, got 0.5',
    });
  });
});

describe("readStyleFeatures", () => {
  it("reads the four pairs from FastChat's conv_metadata", () => {
    assert.deepEqual(readStyleFeatures(FASTCHAT_METADATA), {
      ok: true,
      value: { a: [786, 1, 52, 53], b: [578, 0, 26, 27] },
    });
  });

  it("names the first missing or invalid key", () => {
    const { bold_count_b: _dropped, ...withoutBoldB } = FASTCHAT_METADATA;
    assert.deepEqual(readStyleFeatures(withoutBoldB), { ok: false, error: "conv_metadata.bold_count_b is missing" });
    assert.deepEqual(readStyleFeatures({ ...FASTCHAT_METADATA, header_count_a: null }), {
      ok: false,
      error: "conv_metadata.header_count_a is missing",
    });
    assert.deepEqual(readStyleFeatures({ ...FASTCHAT_METADATA, sum_assistant_b_tokens: "lots" }), {
      ok: false,
      error: 'conv_metadata.sum_assistant_b_tokens must be a whole number ≥ 0 or an object of them, got "lots"',
    });
    assert.deepEqual(readStyleFeatures("nope"), { ok: false, error: 'conv_metadata must be an object, got "nope"' });
  });
});

describe("style differences", () => {
  it("are (a − b)/(a + b + 1), FastChat's ratio with add_one", () => {
    assert.equal(styleDifference(3, 1), 2 / 5);
    assert.equal(styleDifference(0, 0), 0);
    assert.equal(styleDifference(1, 4), -3 / 6);
    assert.deepEqual(
      [...styleDifferences({ a: [786, 1, 52, 53], b: [578, 0, 26, 27] })],
      [208 / 1365, 1 / 2, 26 / 79, 26 / 81],
    );
  });
});

describe("styleStandardization", () => {
  it("is the mean and population standard deviation (numpy's np.std) of each feature, rows counted by their count", () => {
    // Feature 0 takes 0, 0.5, −0.5 and 1 (the last row twice): np.mean 0.4, np.var 0.34.
    const features = Float64Array.from([0, 0.1, 7, 0, 0.5, 0.1, 7, 0, -0.5, 0.1, 7, 0, 1, 0.1, 7, 0]);
    const standardization = styleStandardization({ features, count: Float64Array.from([1, 1, 1, 2]) });
    assert.ok(Math.abs(standardization.mean[0]! - 0.4) < 1e-15);
    assert.ok(Math.abs(standardization.scale[0]! - Math.sqrt(0.34)) < 1e-15);
    assert.ok(Math.abs(standardization.inverseScale[0]! - 1 / Math.sqrt(0.34)) < 1e-12);
  });

  it("gives a feature that never varies scale 0 (it then drops out), even where its mean rounds", () => {
    const features = Float64Array.from([0, 0.1, 7, 0, 0.5, 0.1, 7, 0, -0.5, 0.1, 7, 0]);
    const standardization = styleStandardization({ features, count: Float64Array.from([1, 1, 1]) });
    assert.deepEqual([...standardization.scale.subarray(1)], [0, 0, 0]);
    assert.deepEqual([...standardization.inverseScale.subarray(1)], [0, 0, 0]);
  });

  it("leaves out rows of count 0 (a bootstrap resample's)", () => {
    const features = Float64Array.from([0, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0]);
    const standardization = styleStandardization({ features, count: Float64Array.from([1, 1, 0]) });
    assert.equal(standardization.mean[0], 0.5);
    assert.equal(standardization.scale[0], 0.5);
  });
});

describe("StyleBattles", () => {
  it("keeps one row per battle, models sorted by name", () => {
    const table = new StyleBattles();
    table.add("zeta", "alpha", 1, { a: [10, 0, 0, 0], b: [30, 0, 0, 0] });
    table.add("alpha", "mid", 0.5, { a: [1, 1, 1, 1], b: [1, 1, 1, 1] }, 2);
    const data = table.toData();
    assert.deepEqual(data.models, ["alpha", "mid", "zeta"]);
    assert.deepEqual([...data.a], [2, 0]);
    assert.deepEqual([...data.b], [0, 1]);
    assert.deepEqual([...data.outcome], [1, 0.5]);
    assert.deepEqual([...data.count], [1, 2]);
    assert.deepEqual([...data.features], [-20 / 41, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(table.total, 3);
  });

  it("grows past its first capacity and keeps earlier data valid", () => {
    const table = new StyleBattles();
    table.add("a", "b", 1, { a: [5, 0, 0, 0], b: [1, 0, 0, 0] });
    const early = table.toData();
    for (let i = 0; i < 5000; i++) table.add("a", "b", 0, { a: [i, 0, 0, 0], b: [1, 0, 0, 0] });
    assert.equal(early.count.length, 1);
    assert.equal(early.outcome[0], 1);
    const data = table.toData();
    assert.equal(data.count.length, 5001);
    assert.equal(data.features[5000 * 4], 4998 / 5001);
  });

  it("refuses a score other than 0, ½ or 1 and a count that is not positive", () => {
    const table = new StyleBattles();
    const style = { a: [1, 0, 0, 0], b: [1, 0, 0, 0] } as const;
    assert.throws(() => table.add("a", "b", 0.3 as never, style), RangeError);
    assert.throws(() => table.add("a", "b", 1, style, 0), RangeError);
    assert.throws(() => table.addDifferences("a", "b", 1, [0, Number.NaN, 0, 0]), RangeError);
  });
});

describe("aggregateStyleData", () => {
  it("merges rows with the same models, outcome and differences, summing their counts", () => {
    const table = new StyleBattles();
    const style = { a: [10, 1, 0, 0], b: [20, 0, 0, 0] } as const;
    table.add("x", "y", 1, style);
    table.add("x", "y", 0, style);
    table.add("x", "y", 1, style, 3);
    table.add("y", "x", 1, style);
    const merged = aggregateStyleData(table.toData());
    assert.deepEqual([...merged.count], [4, 1, 1]);
    assert.deepEqual([...merged.outcome], [1, 0, 1]);
    assert.deepEqual([...merged.a], [0, 0, 1]);
    assert.equal(merged.features.length, 12);
  });
});
