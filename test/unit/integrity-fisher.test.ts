import assert from "node:assert/strict";

import { chiSquareSurvival, lnGamma, regularizedGammaQ } from "../../server/src/integrity/chiSquare.ts";
import { fisherCombine } from "../../server/src/integrity/fisher.ts";

const close = (actual: number, expected: number, relative = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} is not ${expected}`);

/** For even degrees of freedom the χ² tail is a Poisson sum: e^(−x/2) Σ_{i<k} (x/2)^i / i!, summed in logs. */
function evenTail(x: number, df: number): number {
  const half = x / 2;
  let logTerm = -half;
  let sum = 0;
  for (let i = 0; i < df / 2; i++) {
    if (i > 0) logTerm += Math.log(half) - Math.log(i);
    sum += Math.exp(logTerm);
  }
  return sum;
}

describe("chi-square survival", () => {
  it("knows ln Γ at half-integers, integers and large arguments", () => {
    close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-13);
    assert.ok(Math.abs(lnGamma(1)) < 1e-14); // Γ(1) = 1
    close(lnGamma(10), Math.log(362880), 1e-13);
    close(lnGamma(100), 359.1342053695754, 1e-13);
    close(lnGamma(0.1), 2.252712651734206, 1e-12);
  });

  it("gives the textbook critical values their tail probabilities", () => {
    // df, critical value, upper tail (standard χ² tables, to the digits given)
    const table: Array<[number, number, number]> = [
      [1, 3.841458820694124, 0.05],
      [1, 10.827566170662733, 0.001],
      [2, 5.991464547107979, 0.05],
      [4, 13.276704135987622, 0.01],
      [10, 18.307038053275146, 0.05],
      [30, 50.89218131151707, 0.01],
      [100, 124.34211340400407, 0.05],
    ];
    for (const [df, x, tail] of table) close(chiSquareSurvival(x, df), tail, 1e-7);
  });

  it("matches the exact Poisson sum for even degrees of freedom, far into the tail", () => {
    for (const [x, df] of [
      [0.5, 2],
      [7, 6],
      [40, 20],
      [300, 200],
      [2600, 2000],
      [6000, 4000],
    ] as const) {
      close(chiSquareSurvival(x, df), evenTail(x, df), 1e-9);
    }
    assert.ok(chiSquareSurvival(600, 100) > 0 && chiSquareSurvival(600, 100) < 1e-60);
  });

  it("is 1 at zero, falls with x, and refuses nonsense", () => {
    assert.equal(chiSquareSurvival(0, 3), 1);
    assert.equal(regularizedGammaQ(2, 0), 1);
    assert.ok(chiSquareSurvival(1, 3) > chiSquareSurvival(2, 3));
    assert.throws(() => chiSquareSurvival(1, 0), RangeError);
    assert.throws(() => regularizedGammaQ(-1, 1), RangeError);
  });
});

describe("Fisher's method", () => {
  it("combines p-values into −2 Σ ln p on 2k degrees of freedom", () => {
    const combined = fisherCombine([0.01, 0.02, 0.03]);
    close(combined.statistic, -2 * Math.log(0.01 * 0.02 * 0.03), 1e-12);
    assert.equal(combined.degreesOfFreedom, 6);
    // SciPy: combine_pvalues([0.01, 0.02, 0.03]) → statistic 24.04750217747244, p 0.0005118542772640737
    close(combined.statistic, 24.04750217747244, 1e-12);
    close(combined.pValue, 0.0005118542772640737, 1e-10);
  });

  it("turns one p-value into itself and none into 1", () => {
    close(fisherCombine([0.2]).pValue, 0.2, 1e-12);
    assert.equal(fisherCombine([]).pValue, 1);
    assert.throws(() => fisherCombine([0]), RangeError);
  });
});
