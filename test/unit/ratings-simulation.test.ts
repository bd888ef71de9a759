import assert from "node:assert/strict";

import { bootstrapIntervals } from "@arena/shared/ratings/bootstrap";
import { type BradleyTerryFit, fitBradleyTerry, RATING_SCALE } from "@arena/shared/ratings/bradleyTerry";
import { PairCounts, type PairData } from "@arena/shared/ratings/pairCounts";
import { createRandom } from "@arena/shared/ratings/random";
import { type RatingIntervals, sandwichIntervals } from "@arena/shared/ratings/sandwich";

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

/**
 * Newcomers among established models: 20 models with ~300 battles each (true ratings 850 … 1150
 * as above, but 20 of them) and newcomers with only 2, 3, 5 or 8 battles against established
 * opponents drawn at random, true ratings drawn uniformly from 850 … 1150. Ties take 60% of the
 * weaker side's chance (30% at even odds, about arena-140k's share) and are half wins, so the
 * expected score stays σ(θa − θb).
 *
 * Why newcomers: arena-rank's sandwich reads a model's spread off its own residuals y − p, which
 * a handful of votes cannot measure and which vanish outright for ties at even odds and for a
 * model that won (or lost) everything; the bootstrap resamples the same few votes. Their plain
 * intervals held the truth only 60–90% of the time here. The small-sample floor (smallSample.ts)
 * must bring every battle count to ≥ 90% without touching the established models' intervals.
 *
 * Where truth is read: ratings are fixed only up to a common shift, and the fit centres them on
 * the mean of all models, newcomers included. Under plain maximum likelihood a newcomer that won
 * both its battles runs off thousands of points and drags that mean along — every other rating
 * drops by its θ/m, ~100 points here — so no established interval covers a truth centred the
 * same way (0.4 of them did in this simulation, before and after the floor: that is the fit's
 * centring, not the intervals). So truth is placed against the established field: shifted so
 * that the established models' true mean sits at their fitted mean, i.e. each newcomer is judged
 * by where it stands relative to the models it was compared with. With the live tables' one-vote
 * prior nothing runs off, and the plain centring (true mean of all models at 1000) is checked too.
 */
const ESTABLISHED = 20;
const ESTABLISHED_BATTLES = 3000;
const NEWCOMER_BATTLES = [2, 3, 5, 8] as const;
const ESTABLISHED_RATINGS = Array.from({ length: ESTABLISHED }, (_, i) => 850 + (300 * i) / (ESTABLISHED - 1));

interface Arena {
  data: PairData;
  /** Per model of `data.models`: its true rating, and its battle count if a newcomer (0 if established). */
  truth: Float64Array;
  newcomerBattles: Int32Array;
}

function simulateWithNewcomers(seed: number, newcomersPerCount: number): Arena {
  const random = createRandom(seed);
  const names: string[] = [];
  const truth: number[] = [];
  const battles: number[] = [];
  ESTABLISHED_RATINGS.forEach((rating, i) => {
    names.push(`established-${String(i).padStart(2, "0")}`);
    truth.push(rating);
    battles.push(0);
  });
  for (const count of NEWCOMER_BATTLES) {
    for (let j = 0; j < newcomersPerCount; j++) {
      names.push(`newcomer-${count}-${j}`);
      truth.push(850 + 300 * random.uniform());
      battles.push(count);
    }
  }
  const counts = new PairCounts();
  const vote = (a: number, b: number) => {
    const pA = 1 / (1 + Math.exp(-(truth[a]! - truth[b]!) / RATING_SCALE));
    const tie = 0.6 * Math.min(pA, 1 - pA);
    const u = random.uniform();
    counts.add(names[a]!, names[b]!, u < tie ? 0.5 : u < pA + tie / 2 ? 1 : 0);
  };
  for (let battle = 0; battle < ESTABLISHED_BATTLES; battle++) {
    const a = random.uint32() % ESTABLISHED;
    vote(a, (a + 1 + (random.uint32() % (ESTABLISHED - 1))) % ESTABLISHED);
  }
  for (let newcomer = ESTABLISHED; newcomer < names.length; newcomer++) {
    for (let battle = 0; battle < battles[newcomer]!; battle++) {
      const opponent = random.uint32() % ESTABLISHED;
      if (random.uniform() < 0.5) vote(newcomer, opponent);
      else vote(opponent, newcomer);
    }
  }
  const data = counts.toData();
  const order = data.models.map((model) => names.indexOf(model));
  return {
    data,
    truth: Float64Array.from(order, (i) => truth[i]!),
    newcomerBattles: Int32Array.from(order, (i) => battles[i]!),
  };
}

type Group = "established" | (typeof NEWCOMER_BATTLES)[number];
const GROUPS: Group[] = ["established", ...NEWCOMER_BATTLES];

class Coverage {
  private readonly hits = new Map<Group, number>();
  private readonly total = new Map<Group, number>();
  add(group: Group, covered: boolean): void {
    this.hits.set(group, (this.hits.get(group) ?? 0) + (covered ? 1 : 0));
    this.total.set(group, (this.total.get(group) ?? 0) + 1);
  }
  of(group: Group): number {
    return this.hits.get(group)! / this.total.get(group)!;
  }
  describe(): string {
    return GROUPS.map((group) => `${group}: ${this.of(group).toFixed(3)}`).join(", ");
  }
}

/** Coverage in the established field's frame and in the fit's own centring (see above). */
function measure(
  arena: Arena,
  fit: BradleyTerryFit,
  intervals: RatingIntervals,
  field: Coverage,
  centred: Coverage,
): void {
  const { truth, newcomerBattles } = arena;
  let fittedField = 0;
  let trueField = 0;
  let trueAll = 0;
  for (let model = 0; model < truth.length; model++) {
    trueAll += truth[model]!;
    if (newcomerBattles[model] !== 0) continue;
    fittedField += fit.ratings[model]!;
    trueField += truth[model]!;
  }
  const fieldShift = (fittedField - trueField) / ESTABLISHED;
  const centreShift = 1000 - trueAll / truth.length;
  for (let model = 0; model < truth.length; model++) {
    const group: Group = newcomerBattles[model] === 0 ? "established" : (newcomerBattles[model] as Group);
    const covers = (rating: number) => intervals.lower[model]! <= rating && rating <= intervals.upper[model]!;
    field.add(group, covers(truth[model]! + fieldShift));
    centred.add(group, covers(truth[model]! + centreShift));
  }
}

describe("intervals of newcomers with 2–8 battles among established models", function () {
  this.timeout(30_000);
  type Result = { field: Coverage; centred: Coverage };
  const result = (): Result => ({ field: new Coverage(), centred: new Coverage() });
  const sandwich = new Map<number, Result>();
  const plainSandwich = new Map<number, Result>();
  const bootstrap = new Map<number, Result>();
  let establishedUntouched = true;

  before(() => {
    for (const priorVotes of [0, 1]) {
      const [floored, plain] = [result(), result()];
      for (let seed = 1; seed <= 150; seed++) {
        const arena = simulateWithNewcomers(seed, 2);
        const fit = fitBradleyTerry(arena.data, { priorVotes });
        const intervals = sandwichIntervals(arena.data, fit, { priorVotes });
        const arenaRank = sandwichIntervals(arena.data, fit, { priorVotes, smallSampleFloor: false });
        measure(arena, fit, intervals, floored.field, floored.centred);
        measure(arena, fit, arenaRank, plain.field, plain.centred);
        arena.newcomerBattles.forEach((battles, model) => {
          if (battles !== 0) return;
          establishedUntouched &&=
            intervals.lower[model] === arenaRank.lower[model] &&
            intervals.upper[model] === arenaRank.upper[model] &&
            intervals.variance[model] === arenaRank.variance[model];
        });
      }
      sandwich.set(priorVotes, floored);
      plainSandwich.set(priorVotes, plain);

      // A bootstrap costs 50 refits (~1 ms each): fewer tables, with 4 newcomers per battle count.
      // (16 newcomers of 36 models make the all-model mean noisy, so only the field frame is
      // checked for established models here; the plain percentile intervals of newcomers held
      // 0.78–0.90 in a longer run of this simulation, see ratings-bootstrap.test.ts for why.)
      const resampled = result();
      for (let seed = 1001; seed <= 1020; seed++) {
        const arena = simulateWithNewcomers(seed, 4);
        const fit = fitBradleyTerry(arena.data, { priorVotes });
        const intervals = bootstrapIntervals(arena.data, fit, { priorVotes, seed, rounds: 50 });
        measure(arena, fit, intervals, resampled.field, resampled.centred);
      }
      bootstrap.set(priorVotes, resampled);
    }
  });

  for (const [name, results] of [
    ["sandwich", sandwich],
    ["bootstrap", bootstrap],
  ] as const) {
    it(`${name}: covers newcomers' true ratings ≥ 90% at every battle count, with and without the prior`, () => {
      for (const priorVotes of [0, 1]) {
        const { field, centred } = results.get(priorVotes)!;
        for (const battles of NEWCOMER_BATTLES) {
          const message = `priorVotes ${priorVotes}, ${battles} battles: ${field.describe()}`;
          assert.ok(field.of(battles) >= 0.9, message);
          // Nothing runs off with the prior: the fit's own centring holds as well.
          if (priorVotes > 0) assert.ok(centred.of(battles) >= 0.9, `centred, ${message}: ${centred.describe()}`);
        }
        // 95% intervals, not inflated ones: newcomers as a whole not above 99%.
        const newcomers =
          NEWCOMER_BATTLES.reduce((sum, battles) => sum + field.of(battles), 0) / NEWCOMER_BATTLES.length;
        assert.ok(newcomers <= 0.99, `priorVotes ${priorVotes}: ${field.describe()}`);
        assert.ok(field.of("established") >= 0.92, `priorVotes ${priorVotes}: ${field.describe()}`);
      }
    });
  }

  it("leaves every established model's sandwich interval exactly as arena-rank computes it, covering ≥ 92%", () => {
    assert.ok(establishedUntouched);
    // In the fit's own centring too, with the prior (plain ML: see above).
    const { centred } = sandwich.get(1)!;
    assert.ok(centred.of("established") >= 0.92, centred.describe());
  });

  it("is needed: arena-rank's plain sandwich misses newcomers with 2 or 3 battles far more than 5% of the time", () => {
    for (const priorVotes of [0, 1]) {
      const { field } = plainSandwich.get(priorVotes)!;
      assert.ok(field.of(2) < 0.8 && field.of(3) < 0.85, `priorVotes ${priorVotes}: ${field.describe()}`);
    }
  });
});
