import assert from "node:assert/strict";
import { fitBradleyTerry, RATING_SCALE } from "@arena/shared/ratings/bradleyTerry";
import { PairCounts } from "@arena/shared/ratings/pairCounts";
import { createRandom } from "@arena/shared/ratings/random";
import { sandwichIntervals } from "@arena/shared/ratings/sandwich";

const MODELS = 12;
const BATTLES = 3000;
const DATASETS = 50;
/** True ratings 850, 877, …, 1150: 300 points from weakest to strongest, mean 1000. */
const TRUE_RATINGS = Array.from({ length: MODELS }, (_, i) => 850 + (300 * i) / (MODELS - 1));
const NAMES = TRUE_RATINGS.map((_, i) => `model-${String(i).padStart(2, "0")}`);

/**
 * Battles between uniformly drawn pairs, shown in random order. Ties take 40% of the weaker side's
 * chance and are split evenly between win and loss, so the expected score of A stays the
 * Bradley–Terry probability σ(θa − θb) that the fit estimates.
 */
function simulate(seed: number) {
  const random = createRandom(seed);
  const counts = new PairCounts();
  for (let battle = 0; battle < BATTLES; battle++) {
    const a = random.uint32() % MODELS;
    const b = (a + 1 + (random.uint32() % (MODELS - 1))) % MODELS;
    const pA = 1 / (1 + Math.exp(-(TRUE_RATINGS[a]! - TRUE_RATINGS[b]!) / RATING_SCALE));
    const tie = 0.4 * Math.min(pA, 1 - pA);
    const u = random.uniform();
    counts.add(NAMES[a]!, NAMES[b]!, u < tie ? 0.5 : u < pA + tie / 2 ? 1 : 0);
  }
  return counts.toData();
}

describe("sandwich intervals on simulated arenas with known strengths", () => {
  let covered = 0;
  let intervals = 0;
  const misordered: string[] = [];
  let separatedPairs = 0;

  before(() => {
    for (let seed = 1; seed <= DATASETS; seed++) {
      const data = simulate(seed);
      assert.deepEqual(data.models, NAMES);
      const fit = fitBradleyTerry(data);
      const { lower, upper } = sandwichIntervals(data, fit);
      for (let i = 0; i < MODELS; i++) {
        // The true ratings have mean 1000 like the fit, so no re-centring is needed.
        intervals++;
        if (lower[i]! <= TRUE_RATINGS[i]! && TRUE_RATINGS[i]! <= upper[i]!) covered++;
        for (let j = 0; j < MODELS; j++) {
          if (lower[i]! > upper[j]!) {
            separatedPairs++;
            if (TRUE_RATINGS[i]! < TRUE_RATINGS[j]!) misordered.push(`seed ${seed}: ${NAMES[i]} above ${NAMES[j]}`);
          }
        }
      }
    }
  });

  it("covers the true rating 90–99% of the time at the 95% level", () => {
    const coverage = covered / intervals;
    assert.ok(coverage >= 0.9 && coverage <= 0.99, `coverage ${coverage}`);
  });

  it("orders models correctly wherever their intervals do not overlap", () => {
    assert.ok(separatedPairs > 0);
    assert.deepEqual(misordered, []);
  });
});
