import assert from "node:assert/strict";
import fs from "node:fs";

import { PairCounts, type Score } from "@arena/shared/ratings/pairCounts";
import { rateBattles } from "@arena/shared/ratings/rateBattles";
import { rateWithStyleControl } from "@arena/shared/ratings/rateStyleControl";
import { styleBootstrapIntervals } from "@arena/shared/ratings/styleBootstrap";
import { fitStyleControl, STYLE_REGULARISATION } from "@arena/shared/ratings/styleControl";
import {
  aggregateStyleData,
  readStyleFeatures,
  STYLE_FEATURES,
  StyleBattles,
  type StyleData,
} from "@arena/shared/ratings/styleFeatures";
import { styleSandwichIntervals } from "@arena/shared/ratings/styleSandwich";

import { readMtBenchBattles, styleDataOf } from "../support/mtBenchStyleBattles.ts";
import {
  FIXTURE_SYNTHETIC,
  type SyntheticModel,
  syntheticStyleBattles,
  syntheticStyleData,
  type SyntheticWinner,
} from "../support/syntheticStyleBattles.ts";

const EXPECTED = new URL("../fixtures/style-control/fastchat-expected.json", import.meta.url);

interface ExpectedFit {
  ratings: Record<string, number>;
  coefficients: Record<string, number>;
}
interface ExpectedDataset extends ExpectedFit {
  battles: number;
  features_given_to_fastchat: string[];
  lbfgs: { tight_minimum: ExpectedFit };
}
interface Expected {
  datasets: Record<"mt-bench" | "synthetic", ExpectedDataset>;
}

function assertClose(actual: number, expected: number, tolerance: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

/** Largest rating and coefficient differences between a fit and FastChat's numbers. */
function gaps(data: StyleData, fit: { ratings: Float64Array; coefficients: Float64Array }, expected: ExpectedFit) {
  assert.deepEqual([...data.models].sort(), Object.keys(expected.ratings).sort());
  const rating = Math.max(
    ...data.models.map((model, index) => Math.abs(fit.ratings[index]! - expected.ratings[model]!)),
  );
  const coefficient = Math.max(
    ...STYLE_FEATURES.map((feature, k) => Math.abs(fit.coefficients[k]! - expected.coefficients[feature]!)),
  );
  return { rating, coefficient };
}

const scoreOf = (winner: SyntheticWinner): Score => (winner === "model_a" ? 1 : winner === "model_b" ? 0 : 0.5);

const mean = (values: ArrayLike<number>) => Array.from(values).reduce((sum, value) => sum + value, 0) / values.length;

function dataOf(
  battles: ReadonlyArray<readonly [string, string, Score, readonly number[], readonly number[]]>,
): StyleData {
  const table = new StyleBattles();
  for (const [a, b, score, countsA, countsB] of battles) {
    table.add(a, b, score, {
      a: countsA as [number, number, number, number],
      b: countsB as [number, number, number, number],
    });
  }
  return table.toData();
}

describe("style control against FastChat's compute_style_control", function () {
  this.timeout(20_000);
  let expected: Expected;
  let mtBench: StyleData;
  let synthetic: StyleData;

  before(async () => {
    expected = JSON.parse(fs.readFileSync(EXPECTED, "utf8")) as Expected;
    mtBench = styleDataOf(await readMtBenchBattles());
    synthetic = syntheticStyleData(syntheticStyleBattles(FIXTURE_SYNTHETIC));
  });

  it("rates the 3,355 MT-Bench expert votes as FastChat does, leaving out bold, which never varies there", () => {
    const dataset = expected.datasets["mt-bench"];
    assert.equal(mtBench.count.length, dataset.battles);
    // MT-Bench's 2023 answers have no bold at all: FastChat's own function divides by zero
    // there, so it was given the three features that vary (see the README by the fixture).
    assert.deepEqual(dataset.features_given_to_fastchat, ["length", "headers", "lists"]);
    const fit = fitStyleControl(mtBench);
    assert.ok(fit.converged);
    assert.equal(fit.coefficients[3], 0);
    assert.equal(fit.standardization.scale[3], 0);
    const gap = gaps(mtBench, fit, dataset);
    assert.ok(gap.rating <= 0.5, `ratings differ by up to ${gap.rating} points`);
    assert.ok(gap.coefficient <= 0.005, `coefficients differ by up to ${gap.coefficient}`);
  });

  it("rates synthetic battles in which all four features vary as FastChat does", () => {
    const dataset = expected.datasets.synthetic;
    assert.equal(synthetic.count.length, dataset.battles);
    assert.deepEqual(dataset.features_given_to_fastchat, [...STYLE_FEATURES]);
    const fit = fitStyleControl(synthetic);
    assert.ok(fit.converged);
    const gap = gaps(synthetic, fit, dataset);
    assert.ok(gap.rating <= 0.5, `ratings differ by up to ${gap.rating} points`);
    assert.ok(gap.coefficient <= 0.005, `coefficients differ by up to ${gap.coefficient}`);
  });

  it("lands on the minimum of FastChat's objective, which its L-BFGS stops a few thousandths of a point short of", () => {
    for (const [name, data] of [
      ["mt-bench", mtBench],
      ["synthetic", synthetic],
    ] as const) {
      const gap = gaps(data, fitStyleControl(data), expected.datasets[name].lbfgs.tight_minimum);
      assert.ok(gap.rating <= 0.001, `${name}: ratings differ from the tight minimum by up to ${gap.rating} points`);
      assert.ok(
        gap.coefficient <= 1e-5,
        `${name}: coefficients differ from the tight minimum by up to ${gap.coefficient}`,
      );
    }
  });

  it("centres the ratings on a mean of exactly 1000", () => {
    for (const data of [mtBench, synthetic])
      assertClose(mean(fitStyleControl(data).ratings), 1000, 1e-6, "mean rating");
  });
});

describe("fitStyleControl", () => {
  it("solves FastChat's first-order condition for two models whose answers look alike", () => {
    // Equal features make x = 0 for every battle (all but length never vary; length's z is
    // constant too), so only θ is fitted: by symmetry θb = −θa, and the gradient condition
    // ln 10·(W − N·p) = 0.5·θa with p = σ(2·ln 10·θa), W = wins + ties / 2, N = battles.
    const same = [100, 1, 2, 0] as const;
    const data = dataOf([
      ["x", "y", 1, same, same],
      ["x", "y", 1, same, same],
      ["x", "y", 1, same, same],
      ["x", "y", 0.5, same, same],
      ["x", "y", 0, same, same],
    ]);
    const fit = fitStyleControl(data);
    const [wins, battles] = [3.5, 5];
    const condition = (theta: number) =>
      Math.LN10 * (wins - battles / (1 + Math.exp(-2 * Math.LN10 * theta))) - STYLE_REGULARISATION * theta;
    let [low, high] = [0, 5];
    for (let step = 0; step < 200; step++) {
      const middle = (low + high) / 2;
      if (condition(middle) > 0) low = middle;
      else high = middle;
    }
    assertClose(fit.params[0]!, low, 1e-12, "θx");
    assertClose(fit.params[1]!, -low, 1e-12, "θy");
    assert.deepEqual([...fit.coefficients], [0, 0, 0, 0]);
  });

  it("counts a tie as half a win and half a loss", () => {
    const [a, b] = [
      [300, 2, 5, 1],
      [100, 0, 1, 3],
    ] as const;
    const withTies = dataOf([
      ["x", "y", 1, a, b],
      ["x", "y", 0.5, a, b],
      ["x", "y", 0.5, b, a],
      ["y", "x", 1, b, a],
      ["y", "x", 0.5, a, b],
    ]);
    // A tie's loss −½·ln p − ½·ln(1 − p) is half a win's plus half a loss's.
    const halves = new StyleBattles();
    for (const [first, second, score, countsA, countsB, count] of [
      ["x", "y", 1, a, b, 1],
      ["x", "y", 1, a, b, 0.5],
      ["x", "y", 0, a, b, 0.5],
      ["x", "y", 1, b, a, 0.5],
      ["x", "y", 0, b, a, 0.5],
      ["y", "x", 1, b, a, 1],
      ["y", "x", 1, a, b, 0.5],
      ["y", "x", 0, a, b, 0.5],
    ] as const) {
      halves.add(first, second, score, { a: countsA, b: countsB }, count);
    }
    const tied = fitStyleControl(withTies);
    const split = fitStyleControl(halves.toData(), { standardization: tied.standardization });
    for (let i = 0; i < tied.params.length; i++)
      assertClose(split.params[i]!, tied.params[i]!, 1e-12, `parameter ${i}`);
  });

  it("gives a feature that never varies the coefficient 0 and fits the others as without it", () => {
    const battles = syntheticStyleBattles({ ...FIXTURE_SYNTHETIC, battles: 1500 });
    const noBold = battles.map((battle) => ({
      ...battle,
      conv_metadata: { ...battle.conv_metadata, bold_count_a: { "**": 0, __: 0 }, bold_count_b: { "**": 0, __: 0 } },
    }));
    // The same battles with bold at another constant: a feature that never varies says nothing,
    // whatever its value.
    const constantBold = battles.map((battle) => ({
      ...battle,
      conv_metadata: { ...battle.conv_metadata, bold_count_a: { "**": 7, __: 0 }, bold_count_b: { "**": 7, __: 0 } },
    }));
    const fit = fitStyleControl(syntheticStyleData(noBold));
    const other = fitStyleControl(syntheticStyleData(constantBold));
    assert.ok(fit.converged);
    assert.equal(fit.coefficients[3], 0);
    assert.ok(fit.params.every(Number.isFinite));
    assert.ok(fit.coefficients[0]! > 0.3, "length still has its effect");
    for (let i = 0; i < fit.params.length; i++) assertClose(other.params[i]!, fit.params[i]!, 1e-12, `parameter ${i}`);
    // Every feature constant: plain penalised Bradley–Terry, all coefficients 0.
    const flat = new StyleBattles();
    for (const battle of battles) {
      flat.add(battle.model_a, battle.model_b, scoreOf(battle.winner), { a: [10, 0, 0, 0], b: [10, 0, 0, 0] });
    }
    const plain = fitStyleControl(flat.toData());
    assert.ok(plain.converged);
    assert.deepEqual([...plain.coefficients], [0, 0, 0, 0]);
  });

  it("reads a feature given as an integer or as an object of integers alike", () => {
    const battles = syntheticStyleBattles({ ...FIXTURE_SYNTHETIC, battles: 800 });
    const sum = (counts: object) => Object.values(counts).reduce((total: number, count: number) => total + count, 0);
    const fromMetadata = (asIntegers: boolean) => {
      const table = new StyleBattles();
      for (const { model_a, model_b, winner, conv_metadata: metadata } of battles) {
        const given = asIntegers
          ? Object.fromEntries(
              Object.entries(metadata).map(([key, value]) => [key, typeof value === "number" ? value : sum(value)]),
            )
          : metadata;
        const features = readStyleFeatures(given);
        assert.ok(features.ok);
        table.add(model_a, model_b, scoreOf(winner), features.value);
      }
      return fitStyleControl(table.toData());
    };
    assert.deepEqual(fromMetadata(true).params, fromMetadata(false).params);
  });

  it("gives the same answer warm-started from a previous fit as from a cold start, in fewer steps", () => {
    const battles = syntheticStyleBattles({ ...FIXTURE_SYNTHETIC, battles: 3100 });
    const before = syntheticStyleData(battles.slice(0, 3000));
    const after = syntheticStyleData(battles);
    const previous = fitStyleControl(before);
    const cold = fitStyleControl(after);
    const warm = fitStyleControl(after, { initial: previous.params });
    assert.ok(cold.converged && warm.converged);
    assert.ok(warm.iterations < cold.iterations, `warm ${warm.iterations} steps, cold ${cold.iterations}`);
    for (let i = 0; i < cold.params.length; i++) assertClose(warm.params[i]!, cold.params[i]!, 1e-9, `parameter ${i}`);
  });

  it("gives the same fit on rows merged with a count as on the battles one by one", () => {
    const models: SyntheticModel[] = ["p", "q", "r"].map((name, index) => ({
      name,
      rating: 1000 + 60 * index,
      tokens: 3 + index,
      headers: 0.1,
      lists: 0.5 + index / 2,
      bold: 0.1,
    }));
    // Answers of fixed lengths and few markdown elements repeat, so many battles coincide.
    const data = syntheticStyleData(
      syntheticStyleBattles({ seed: 7, battles: 3000, models, taste: [1, 0.5, 0.5, 0.5] }).map((battle) => ({
        ...battle,
        conv_metadata: { ...battle.conv_metadata, sum_assistant_a_tokens: 3, sum_assistant_b_tokens: 4 },
      })),
    );
    const merged = aggregateStyleData(data);
    assert.ok(merged.count.length < data.count.length / 3, `${merged.count.length} rows from ${data.count.length}`);
    const one = fitStyleControl(data);
    const other = fitStyleControl(merged);
    for (let i = 0; i < one.params.length; i++) assertClose(other.params[i]!, one.params[i]!, 1e-12, `parameter ${i}`);
    const sandwich = styleSandwichIntervals(data, one);
    const mergedSandwich = styleSandwichIntervals(merged, other);
    for (let m = 0; m < data.models.length; m++) {
      assertClose(mergedSandwich.variance[m]!, sandwich.variance[m]!, 1e-7 * sandwich.variance[m]!, `variance ${m}`);
    }
  });

  it("rates a model without battles exactly 1000, and an empty table all at 1000", () => {
    const table = new StyleBattles();
    table.addModel("idle");
    table.add("x", "y", 1, { a: [300, 1, 2, 0], b: [100, 0, 0, 1] });
    table.add("x", "y", 0, { a: [200, 0, 2, 0], b: [250, 1, 0, 1] });
    table.add("y", "x", 1, { a: [120, 0, 4, 2], b: [90, 3, 1, 0] });
    const fit = fitStyleControl(table.toData());
    assert.deepEqual(table.toData().models, ["idle", "x", "y"]);
    assert.equal(fit.ratings[0], 1000);
    assertClose(fit.ratings[1]! + fit.ratings[2]!, 2000, 1e-9, "the others' sum");

    const empty = new StyleBattles();
    empty.addModel("alone");
    const nothing = rateWithStyleControl(empty.toData());
    assert.deepEqual([...nothing.ratings, ...nothing.lower, ...nothing.upper], [1000, 1000, 1000]);
    assert.deepEqual(nothing.styleCoefficients, { length: 0, headers: 0, lists: 0, bold: 0 });
  });
});

describe("style-controlled intervals", () => {
  let data: StyleData;
  before(() => {
    data = syntheticStyleData(syntheticStyleBattles({ ...FIXTURE_SYNTHETIC, battles: 2000 }));
  });

  it("sandwich: Var θ = ½·J / (2·H + ½)² for two models whose answers look alike", () => {
    // With x = 0 the θ block is H = ln²10·N·p·q·L + ½·I and J = ln²10·Σ(y − p)²·L, L the pair
    // Laplacian; along (1, −1)/√2 they are 2·ln²10·N·p·q + ½ and 2·ln²10·Σ(y − p)², and e_x
    // has half its weight there and half along (1, 1), where J is 0.
    const same = [100, 1, 2, 0] as const;
    const votes: Array<readonly [string, string, Score, typeof same, typeof same]> = [];
    for (const [score, count] of [
      [1, 6],
      [0.5, 3],
      [0, 2],
    ] as const) {
      for (let i = 0; i < count; i++) votes.push(["x", "y", score, same, same]);
    }
    const twoModels = dataOf(votes);
    const fit = fitStyleControl(twoModels);
    const intervals = styleSandwichIntervals(twoModels, fit);
    const p = 1 / (1 + Math.exp(-Math.LN10 * (fit.params[0]! - fit.params[1]!)));
    const squaredResiduals = 6 * (1 - p) ** 2 + 3 * (0.5 - p) ** 2 + 2 * p ** 2;
    const ln2 = Math.LN10 ** 2;
    const varianceTheta = (0.5 * 2 * ln2 * squaredResiduals) / (2 * ln2 * 11 * p * (1 - p) + 0.5) ** 2;
    assertClose(intervals.variance[0]!, 400 ** 2 * varianceTheta, 1e-9 * 400 ** 2 * varianceTheta, "variance");
    const halfWidth = 1.959963984540054 * 400 * Math.sqrt(varianceTheta);
    assertClose(intervals.upper[0]! - fit.ratings[0]!, halfWidth, 1e-9, "half-width");
    assertClose(fit.ratings[0]! - intervals.lower[0]!, halfWidth, 1e-9, "half-width");
  });

  it("sandwich and bootstrap intervals contain every rating and coefficient", () => {
    const fit = fitStyleControl(data);
    for (const intervals of [
      styleSandwichIntervals(data, fit),
      styleBootstrapIntervals(data, fit, { seed: 1, rounds: 60 }),
    ]) {
      for (let m = 0; m < data.models.length; m++) {
        assert.ok(intervals.lower[m]! < fit.ratings[m]! && fit.ratings[m]! < intervals.upper[m]!, `model ${m}`);
        assert.ok(intervals.variance[m]! > 0);
      }
      for (let k = 0; k < 4; k++) {
        const coefficient = fit.coefficients[k]!;
        assert.ok(
          intervals.coefficientLower[k]! < coefficient && coefficient < intervals.coefficientUpper[k]!,
          `feature ${k}`,
        );
      }
    }
  });

  it("bootstrap intervals are the same for the same seed and differ for another", () => {
    const fit = fitStyleControl(data);
    const first = styleBootstrapIntervals(data, fit, { seed: 42, rounds: 40 });
    const again = styleBootstrapIntervals(data, fit, { seed: 42, rounds: 40 });
    const other = styleBootstrapIntervals(data, fit, { seed: 43, rounds: 40 });
    assert.deepEqual(again, first);
    assert.notDeepEqual(other.lower, first.lower);
    // The sandwich is deterministic by construction, and the bootstrap's widths are close to it.
    const sandwich = styleSandwichIntervals(data, fit);
    assert.deepEqual(styleSandwichIntervals(data, fit), sandwich);
    for (let m = 0; m < data.models.length; m++) {
      const ratio = (first.upper[m]! - first.lower[m]!) / (sandwich.upper[m]! - sandwich.lower[m]!);
      assert.ok(ratio > 0.6 && ratio < 1.6, `model ${m}: bootstrap / sandwich width ${ratio}`);
    }
  });

  it("rateWithStyleControl ranks by the intervals and warm-starts from a previous result by model name", () => {
    const rated = rateWithStyleControl(data);
    assert.deepEqual(Object.keys(rated.styleCoefficients), [...STYLE_FEATURES]);
    assert.equal(rated.styleCoefficients.length, rated.params[data.models.length]);
    const best = rated.ratings.indexOf(Math.max(...rated.ratings));
    assert.equal(rated.rank[best], 1);
    const bootstrap = rateWithStyleControl(data, { ci: "bootstrap", rounds: 30, seed: 5 });
    assert.deepEqual(bootstrap.ratings, rated.ratings);
    // A previous result over fewer models (model-h missing), matched by name.
    const previousData = syntheticStyleData(
      syntheticStyleBattles({ ...FIXTURE_SYNTHETIC, battles: 1500, models: FIXTURE_SYNTHETIC.models.slice(0, 7) }),
    );
    const previous = rateWithStyleControl(previousData);
    const warm = rateWithStyleControl(data, { initial: previous });
    for (let i = 0; i < rated.params.length; i++)
      assertClose(warm.params[i]!, rated.params[i]!, 1e-9, `parameter ${i}`);
  });
});

describe("style-controlled intervals of rare models", () => {
  it("give a model with two ties the small-sample floor, as wide as the plain fit's, and leave the others as the sandwich says", () => {
    const style = new StyleBattles();
    const plain = new PairCounts();
    const add = (a: string, b: string, score: Score, i: number) => {
      style.addDifferences(a, b, score, [Math.sin(i), Math.cos(3 * i) / 2, (i % 7) / 10 - 0.3, 0]);
      plain.add(a, b, score);
    };
    const models = ["m1", "m2", "m3", "m4"];
    for (let i = 0; i < 2000; i++) {
      const a = models[i % 4]!;
      const b = models[(i + 1 + (i % 3)) % 4]!;
      add(a, b, ([1, 0, 0.5, 1, 0] as Score[])[i % 5]!, i);
    }
    add("rare", "m1", 0.5, 1);
    add("m2", "rare", 0.5, 2);
    const styled = rateWithStyleControl(style.toData());
    const sandwichOnly = styleSandwichIntervals(style.toData(), fitStyleControl(style.toData()));
    const plainRated = rateBattles(plain.toData());
    const rare = styled.models.indexOf("rare");
    const halfWidth = (lower: ArrayLike<number>, upper: ArrayLike<number>, index: number) =>
      (upper[index]! - lower[index]!) / 2;
    const styledRare = halfWidth(styled.lower, styled.upper, rare);
    assert.ok(
      styledRare > 2 * halfWidth(sandwichOnly.lower, sandwichOnly.upper, rare),
      `the floor widens: ${styledRare}`,
    );
    assert.ok(
      styledRare >= 0.5 * halfWidth(plainRated.lower, plainRated.upper, plainRated.models.indexOf("rare")),
      `${styledRare}`,
    );
    for (const model of models) {
      const index = styled.models.indexOf(model);
      assertClose(styled.lower[index]!, sandwichOnly.lower[index]!, 1e-9, `${model}: well measured, untouched`);
    }
  });
});

describe("style-controlled intervals of well-measured models", () => {
  it("are the sandwich's when votes follow length: the floor scores each battle with its style term", () => {
    // Voters with a strong taste for length: without its style terms a battle's p is far from
    // the fit's, and a floor scored that way lands off-centre and widens established models.
    const data = syntheticStyleData(
      syntheticStyleBattles({ ...FIXTURE_SYNTHETIC, battles: 20_000, taste: [3, 0.5, 0.3, 0.3] }),
    );
    const rated = rateWithStyleControl(data);
    const sandwich = styleSandwichIntervals(data, fitStyleControl(data));
    rated.models.forEach((model, index) => {
      assertClose(rated.lower[index]!, sandwich.lower[index]!, 1e-9, `${model}: lower end`);
      assertClose(rated.upper[index]!, sandwich.upper[index]!, 1e-9, `${model}: upper end`);
    });
  });
});

describe("style control simulation: voters who only like longer answers", function () {
  this.timeout(20_000);
  // Six models of equal quality whose answers differ only in length (100 to 3,200 tokens);
  // voters pick the longer answer more often (log-odds 3 per unit of (a − b)/(a + b + 1)).
  const models: SyntheticModel[] = [100, 200, 400, 800, 1600, 3200].map((tokens, index) => ({
    name: `model-${index}`,
    rating: 1000,
    tokens,
    headers: 1,
    lists: 2,
    bold: 1,
  }));
  const battles = syntheticStyleBattles({ seed: 11, battles: 6000, models, taste: [3, 0, 0, 0] });

  it("the plain table spreads the models far apart, surely ordered by length", () => {
    const counts = new PairCounts();
    for (const battle of battles) {
      counts.add(battle.model_a, battle.model_b, scoreOf(battle.winner));
    }
    const plain = rateBattles(counts.toData());
    assert.ok(Math.max(...plain.ratings) - Math.min(...plain.ratings) > 300, "a wide spread");
    for (let m = 1; m < models.length; m++) {
      assert.ok(plain.lower[m]! > plain.upper[m - 1]!, `model-${m} is surely above model-${m - 1}`);
    }
    assert.deepEqual([...plain.rank], [6, 5, 4, 3, 2, 1]);
  });

  it("the style-controlled table has no model surely better than another, and a clearly positive length coefficient", () => {
    const styled = rateWithStyleControl(syntheticStyleData(battles));
    for (let i = 0; i < models.length; i++) {
      for (let j = 0; j < models.length; j++) {
        if (i !== j) assert.ok(styled.lower[i]! <= styled.upper[j]!, `model-${i} and model-${j} overlap`);
      }
    }
    assert.deepEqual([...styled.rank], [1, 1, 1, 1, 1, 1]);
    assert.ok(styled.coefficientLower[0]! > 0.5, `length coefficient ${styled.styleCoefficients.length}`);
    for (const feature of ["headers", "lists", "bold"] as const) {
      assert.ok(Math.abs(styled.styleCoefficients[feature]) < 0.1, `${feature} ${styled.styleCoefficients[feature]}`);
    }
  });
});
