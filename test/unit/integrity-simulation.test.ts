import assert from "node:assert/strict";

import type { Winner } from "@arena/shared/protocol";
import { RATING_SCALE } from "@arena/shared/ratings/bradleyTerry";
import { createRandom, type RandomSource } from "@arena/shared/ratings/random";

import {
  DEFAULT_ANOMALY_SETTINGS,
  type ScoredVote,
  scoreSessions,
} from "../../server/src/integrity/anomalousVoters.ts";

const MODELS = 10;
/** True ratings 850 … 1150 on the Elo scale. */
const TRUE_RATINGS = Array.from({ length: MODELS }, (_, i) => 850 + (300 * i) / (MODELS - 1));
const NAMES = TRUE_RATINGS.map((_, i) => `model-${i}`);
/** The model the attackers push: the third weakest, the kind of model someone would want to lift. */
const TARGET = 2;
const HONEST_SESSIONS = 600;
const ATTACKERS = 40;

/** A standard normal draw (Box–Muller). */
function normal(random: RandomSource): number {
  return Math.sqrt(-2 * Math.log(random.uniform())) * Math.cos(2 * Math.PI * random.uniform());
}

function drawPair(random: RandomSource): [number, number] {
  const a = random.uint32() % MODELS;
  return [a, (a + 1 + (random.uint32() % (MODELS - 1))) % MODELS];
}

/**
 * Honest voters are not identical: each has a taste (a personal offset of σ = 40 Elo points per
 * model) and a tie habit (ties take 20–80% of the weaker side's chance, split between tie and
 * both bad). Their outcomes follow Bradley–Terry on their own view of the ratings.
 */
function honestSession(random: RandomSource, session: string, votes: number, into: ScoredVote[]): void {
  const taste = TRUE_RATINGS.map((rating) => rating + 40 * normal(random));
  const tieHabit = 0.2 + 0.6 * random.uniform();
  for (let vote = 0; vote < votes; vote++) {
    const [a, b] = drawPair(random);
    const pA = 1 / (1 + Math.exp(-(taste[a]! - taste[b]!) / RATING_SCALE));
    const tie = tieHabit * Math.min(pA, 1 - pA);
    const u = random.uniform();
    const winner: Winner = u < tie ? (random.uniform() < 0.5 ? "tie" : "bothbad") : u < pA + tie / 2 ? "a" : "b";
    into.push({ battleId: `${session}-${vote}`, sessionHash: session, modelA: NAMES[a]!, modelB: NAMES[b]!, winner });
  }
}

/** An attacker starts battles until the target shows up (it knows its style) and votes for it. */
function attackerSession(random: RandomSource, session: string, votes: number, into: ScoredVote[]): void {
  for (let vote = 0; vote < votes; vote++) {
    const other = (TARGET + 1 + (random.uint32() % (MODELS - 1))) % MODELS;
    const targetLeft = random.uniform() < 0.5;
    into.push({
      battleId: `${session}-${vote}`,
      sessionHash: session,
      modelA: NAMES[targetLeft ? TARGET : other]!,
      modelB: NAMES[targetLeft ? other : TARGET]!,
      winner: targetLeft ? "a" : "b",
    });
  }
}

/** Fisher-style shuffle so attackers' votes are spread through the history like anyone's. */
function shuffle<T>(items: T[], random: RandomSource): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.uint32() % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describe("anomalous voters in a simulated arena", () => {
  let attackerRate = 0;
  let honestRate = 0;
  let honestTested = 0;

  before(() => {
    const random = createRandom(2024);
    const votes: ScoredVote[] = [];
    for (let s = 0; s < HONEST_SESSIONS; s++) honestSession(random, `honest-${s}`, 20 + (random.uint32() % 131), votes);
    for (let s = 0; s < ATTACKERS; s++) attackerSession(random, `attacker-${s}`, 30 + (random.uint32() % 51), votes);
    const scores = scoreSessions(shuffle(votes, random), DEFAULT_ANOMALY_SETTINGS);
    const rate = (prefix: string) => {
      const sessions = [...scores.values()].filter((score) => score.sessionHash.startsWith(prefix));
      return { flagged: sessions.filter((score) => score.anomalous).length, of: sessions.length };
    };
    const attackers = rate("attacker-");
    const honest = rate("honest-");
    attackerRate = attackers.flagged / attackers.of;
    honestRate = honest.flagged / honest.of;
    honestTested = honest.of;
    console.log(
      `      flagged: attackers ${attackers.flagged}/${attackers.of} (${(100 * attackerRate).toFixed(1)}%), ` +
        `honest ${honest.flagged}/${honest.of} (${(100 * honestRate).toFixed(1)}%)`,
    );
  });

  it("has every session in the scores", () => {
    assert.equal(honestTested, HONEST_SESSIONS);
  });

  it("flags at least 80% of the sessions that always vote for one weaker model", () => {
    assert.ok(attackerRate >= 0.8, `only ${(100 * attackerRate).toFixed(1)}% of attackers flagged`);
  });

  it("flags at most 2% of honest sessions, though their tastes and tie habits differ", () => {
    assert.ok(honestRate <= 0.02, `${(100 * honestRate).toFixed(1)}% of honest sessions flagged`);
  });
});
