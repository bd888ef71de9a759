/**
 * Detecting anomalous voter sessions, after the Chatbot Arena paper (Chiang et al. 2024,
 * arXiv 2403.04132, §5.3): each vote gets a p-value against what other voters said about the same
 * pair of models, and a session's p-values are combined with Fisher's method. Pure: votes in,
 * scores out.
 *
 * Orientation. A p-value needs a direction ("at least as extreme"). Abuse of an arena has one: a
 * session pushes a model up (always votes for it) or down (always against it). So each session is
 * tested once per model it met and per direction: for "pushes m up", the extreme outcome of a
 * vote on m's pair is m winning, then a tie (or both bad), then m losing. The session's p-value is
 * the smallest of these Fisher p-values times their number (Bonferroni), and the admin learns which
 * model and direction it was. Reading outcomes from the pair's underdog instead, or by how rare
 * they are, was tried: a pusher's votes for its model where that model is the favourite then look
 * ordinary or even reassuring, and half of a pusher's evidence is lost (see docs/SECURITY.md).
 *
 * Each p-value is randomized within its tie (a pair has only three outcomes): with a uniform u,
 * p = (#history more extreme + u · (#history as extreme + 1)) / (|history| + 1) is uniform when the
 * voter behaves like the others, so Fisher's χ² is calibrated. The paper's conservative
 * p = (1 + #history at least as extreme) / (|history| + 1) puts a mass at 1 that leaves Fisher's
 * method almost blind: a pusher's statistic stays near its degrees of freedom. u comes from a
 * hash of the battle id, so the same votes always give the same answer.
 */
import type { Winner } from "@arena/shared/protocol";

import { fisherFromStatistic } from "./fisher.ts";

/** What a pair's outcome is, from its two models in name order: 0 the first won, 1 tie or both bad, 2 the second won. */
export type PairOutcome = 0 | 1 | 2;
/** Counts of a pair's outcomes, indexed by PairOutcome. */
export type OutcomeCounts = [number, number, number];

export type ScoredVote = {
  battleId: string;
  sessionHash: string;
  modelA: string;
  modelB: string;
  winner: Winner;
  /** Imported votes are history for others but are not tested themselves (see StoredVote.source). */
  source?: string;
};

export type AnomalySettings = {
  /** A session whose combined p-value is below this is anomalous. */
  level: number;
  /** Tested votes on one model a session needs before it is tested for pushing that model. */
  minVotes: number;
  /** Other voters' votes a pair needs before its votes are tested. */
  minHistory: number;
};

/**
 * level 1e-4: see docs/SECURITY.md — an honest session is wrongly flagged about once in 10,000
 * checks of it, and a pusher of a weaker model is caught within a few dozen votes.
 * minVotes 20: fewer votes on a model barely move it, and the daily cap bounds them anyway.
 * minHistory 30: below that the history's own noise is larger than the effect being looked for.
 */
export const DEFAULT_ANOMALY_SETTINGS: AnomalySettings = { level: 1e-4, minVotes: 20, minHistory: 30 };

export type PushDirection = "up" | "down";

export type SessionScore = {
  sessionHash: string;
  /** The session's votes the check looked at. */
  votes: number;
  /** Of those, the ones whose pair had enough history to be tested. */
  tested: number;
  /** The most significant test: the model and the way the session seems to push it (null: none ran). */
  model: string | null;
  direction: PushDirection | null;
  /** That test's Fisher −2 Σ ln p and its degrees of freedom (2 × the votes on that model). */
  statistic: number;
  degreesOfFreedom: number;
  /** That test's χ² p-value times the number of tests run for the session (at most 1). */
  pValue: number;
  /** pValue < level (a test runs only with minVotes tested votes on its model). */
  anomalous: boolean;
};

/** The pair a vote is about (models in name order) and its outcome read that way. */
export function pairOutcomeOf(vote: Pick<ScoredVote, "modelA" | "modelB" | "winner">): {
  first: string;
  second: string;
  pair: string;
  outcome: PairOutcome;
} {
  const aFirst = vote.modelA <= vote.modelB;
  const [first, second] = aFirst ? [vote.modelA, vote.modelB] : [vote.modelB, vote.modelA];
  const pair = `${first}\u0000${second}`;
  return { first, second, pair, outcome: outcomeFor(vote.winner, aFirst) };
}

/** The outcome of a vote read with the models in name order (`aFirst`: model A's name comes first). */
function outcomeFor(winner: ScoredVote["winner"], aFirst: boolean): PairOutcome {
  if (winner === "tie" || winner === "bothbad") return 1;
  return (winner === "a") === aFirst ? 0 : 2;
}

/**
 * The p-value of one outcome against the history of its pair, where `extreme` (0: the first model
 * wins, 2: the second wins) is the most extreme outcome and its opposite the least; `u` ∈ (0, 1)
 * breaks ties within an outcome.
 */
export function outcomePValue(
  history: Readonly<OutcomeCounts>,
  outcome: PairOutcome,
  extreme: 0 | 2,
  u: number,
): number {
  const total = history[0] + history[1] + history[2];
  const moreExtreme = outcome === extreme ? 0 : outcome === 1 ? history[extreme] : history[extreme] + history[1];
  return (moreExtreme + u * (history[outcome] + 1)) / (total + 1);
}

/** A uniform number in (0, 1) from a battle id (FNV-1a, then MurmurHash3's finaliser). */
export function tieBreakOf(battleId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < battleId.length; i++) {
    hash ^= battleId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) >>> 0;
  return (hash + 0.5) / 4294967296;
}

export type ScoreOptions = {
  /** Sessions whose votes are left out of every history (sessions an admin excluded). */
  excludedFromHistory?: ReadonlySet<string>;
  /** The tie-breaking uniform of a vote (default tieBreakOf its battle id). */
  uniformOf?: (vote: ScoredVote) => number;
};

/** One session's running Fisher sums for one model: −2 Σ ln p read as "pushed up" and as "pushed down". */
type ModelTest = { votes: number; up: number; down: number };

/**
 * Scores every session that has votes: each vote is tested against the other sessions' votes on
 * its pair (all of them, earlier and later, so the answer does not depend on when the check runs).
 */
export function scoreSessions(
  votes: Iterable<ScoredVote>,
  settings: AnomalySettings,
  options: ScoreOptions = {},
): Map<string, SessionScore> {
  const scorer = new SessionScorer(settings, options);
  for (const vote of votes) scorer.add(vote);
  return scorer.scores();
}

/**
 * `scoreSessions` fed one vote at a time (the stored votes are read page by page). A vote's test
 * needs the counts of every vote of its pair, later ones too, so the votes that are tested
 * (imported ones are not) are kept until `scores`, as compact columns — a session and pair
 * number, the outcome and the tie-breaking uniform, 17 bytes a vote — rather than as objects.
 */
export class SessionScorer {
  private readonly excluded: ReadonlySet<string>;
  private readonly uniformOf: (vote: ScoredVote) => number;
  /** Per pair (by number): its models in name order, and the outcome counts of sessions not excluded. */
  private readonly pairOf = new Map<string, Map<string, number>>();
  private readonly pairs: Array<{ first: string; second: string; totals: OutcomeCounts }> = [];
  /** Per session (by number): its hash and its own outcome counts per pair number. */
  private readonly sessionOf = new Map<string, number>();
  private readonly sessions: Array<{ hash: string; own: Map<number, OutcomeCounts> }> = [];
  /** The tested votes, in order. */
  private tested = 0;
  private session = new Int32Array(1024);
  private pair = new Int32Array(1024);
  private outcome = new Uint8Array(1024);
  private uniform = new Float64Array(1024);

  constructor(
    private readonly settings: AnomalySettings,
    options: ScoreOptions = {},
  ) {
    this.excluded = options.excludedFromHistory ?? new Set<string>();
    this.uniformOf = options.uniformOf ?? ((vote: ScoredVote) => tieBreakOf(vote.battleId));
  }

  add(vote: ScoredVote): void {
    // As pairOutcomeOf, without a pair name to build and look up for every vote.
    const aFirst = vote.modelA <= vote.modelB;
    const first = aFirst ? vote.modelA : vote.modelB;
    const second = aFirst ? vote.modelB : vote.modelA;
    const outcome = outcomeFor(vote.winner, aFirst);
    let withFirst = this.pairOf.get(first);
    if (withFirst === undefined) this.pairOf.set(first, (withFirst = new Map()));
    let pairNumber = withFirst.get(second);
    if (pairNumber === undefined) {
      withFirst.set(second, (pairNumber = this.pairs.length));
      this.pairs.push({ first, second, totals: [0, 0, 0] });
    }
    let sessionNumber = this.sessionOf.get(vote.sessionHash);
    if (sessionNumber === undefined) {
      this.sessionOf.set(vote.sessionHash, (sessionNumber = this.sessions.length));
      this.sessions.push({ hash: vote.sessionHash, own: new Map() });
    }
    const own = this.sessions[sessionNumber]!.own;
    let mine = own.get(pairNumber);
    if (!mine) own.set(pairNumber, (mine = [0, 0, 0]));
    mine[outcome]++;
    if (!this.excluded.has(vote.sessionHash)) this.pairs[pairNumber]!.totals[outcome]++;
    if (vote.source === "import") return;
    if (this.tested === this.session.length) this.grow();
    const index = this.tested++;
    this.session[index] = sessionNumber;
    this.pair[index] = pairNumber;
    this.outcome[index] = outcome;
    this.uniform[index] = this.uniformOf(vote);
  }

  scores(): Map<string, SessionScore> {
    const { settings } = this;
    const sessions = new Map<number, { votes: number; tested: number; models: Map<string, ModelTest> }>();
    for (let index = 0; index < this.tested; index++) {
      const sessionNumber = this.session[index]!;
      const pairNumber = this.pair[index]!;
      const outcome = this.outcome[index]! as PairOutcome;
      const { first, second, totals: total } = this.pairs[pairNumber]!;
      const { hash, own } = this.sessions[sessionNumber]!;
      let session = sessions.get(sessionNumber);
      if (!session) sessions.set(sessionNumber, (session = { votes: 0, tested: 0, models: new Map() }));
      session.votes++;
      const mine = this.excluded.has(hash) ? [0, 0, 0] : own.get(pairNumber)!;
      const history: OutcomeCounts = [total[0] - mine[0]!, total[1] - mine[1]!, total[2] - mine[2]!];
      if (history[0] + history[1] + history[2] < settings.minHistory) continue;
      session.tested++;
      const u = this.uniform[index]!;
      // "first pushed up" and "second pushed down" read the outcomes the same way, and vice versa.
      const firstWinsExtreme = -2 * Math.log(outcomePValue(history, outcome, 0, u));
      const secondWinsExtreme = -2 * Math.log(outcomePValue(history, outcome, 2, u));
      const firstTest = testOf(session.models, first);
      const secondTest = testOf(session.models, second);
      firstTest.votes++;
      firstTest.up += firstWinsExtreme;
      firstTest.down += secondWinsExtreme;
      secondTest.votes++;
      secondTest.up += secondWinsExtreme;
      secondTest.down += firstWinsExtreme;
    }

    const scores = new Map<string, SessionScore>();
    for (const [sessionNumber, session] of sessions) {
      const sessionHash = this.sessions[sessionNumber]!.hash;
      scores.set(sessionHash, {
        sessionHash,
        votes: session.votes,
        tested: session.tested,
        ...strongestTest(session.models, settings),
      });
    }
    return scores;
  }

  private grow(): void {
    const size = this.session.length * 2;
    const grown = <T extends Int32Array | Uint8Array | Float64Array>(column: T, make: (size: number) => T): T => {
      const next = make(size);
      next.set(column);
      return next;
    };
    this.session = grown(this.session, (n) => new Int32Array(n));
    this.pair = grown(this.pair, (n) => new Int32Array(n));
    this.outcome = grown(this.outcome, (n) => new Uint8Array(n));
    this.uniform = grown(this.uniform, (n) => new Float64Array(n));
  }
}

/** The most significant of a session's model tests, Bonferroni-corrected for how many ran. */
function strongestTest(
  models: ReadonlyMap<string, ModelTest>,
  settings: AnomalySettings,
): Pick<SessionScore, "model" | "direction" | "statistic" | "degreesOfFreedom" | "pValue" | "anomalous"> {
  let best: Pick<SessionScore, "model" | "direction" | "statistic" | "degreesOfFreedom" | "pValue"> = {
    model: null,
    direction: null,
    statistic: 0,
    degreesOfFreedom: 0,
    pValue: 1,
  };
  let tests = 0;
  // Models in name order, so equal p-values always name the same model.
  for (const model of [...models.keys()].sort()) {
    const test = models.get(model)!;
    if (test.votes < settings.minVotes) continue;
    for (const direction of ["up", "down"] as const) {
      tests++;
      const { statistic, degreesOfFreedom, pValue } = fisherFromStatistic(test[direction], test.votes);
      if (best.model === null || pValue < best.pValue) best = { model, direction, statistic, degreesOfFreedom, pValue };
    }
  }
  const pValue = tests === 0 ? 1 : Math.min(1, best.pValue * tests);
  return { ...best, pValue, anomalous: tests > 0 && pValue < settings.level };
}

function testOf(models: Map<string, ModelTest>, model: string): ModelTest {
  let test = models.get(model);
  if (!test) models.set(model, (test = { votes: 0, up: 0, down: 0 }));
  return test;
}
