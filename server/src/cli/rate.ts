/**
 * `arena rate FILE`: the leaderboard of a battle file, computed by the same Tally the server
 * keeps, printed as one `Leaderboard` JSON document. Nothing depends on the clock, so the same
 * file and options print the same bytes.
 */
import type { Leaderboard, LeaderboardFilter, Winner } from "@arena/shared/protocol";
import { scoreOfA } from "@arena/shared/ratings/elo";

import {
  type LanguageDetector,
  languageOf,
  loadLanguageDetector,
  secondsToDate,
} from "../battleFiles/battleContent.ts";
import type { CsvVoteLane, LaneRows } from "../battleFiles/csvVoteLane.ts";
import { UNDETERMINED } from "../battleFiles/languageNames.ts";
import { BattleFileReader, type RateVote } from "../battleFiles/readBattleFile.ts";
import { DEFAULT_MIN_VOTES, Tally } from "../leaderboard/tally.ts";
import { fileArgument, fromInvocationDir, oneOf, optionValue, type ParsedArgs, wholeNumber } from "./options.ts";

export const RATE_OPTIONS = {
  ci: "value",
  rounds: "value",
  seed: "value",
  language: "value",
  "exclude-ties": "flag",
  "min-battles": "value",
  "style-control": "flag",
} as const;

export type RateOptions = {
  ci: "sandwich" | "bootstrap";
  /** Bootstrap resamples. */
  rounds: number;
  /** Seed of the bootstrap's random generator. */
  seed: number;
  /** Only battles in this language; null = all. */
  language: string | null;
  /** Leave out tie and both-bad votes. */
  excludeTies: boolean;
  /** Models with fewer battles are provisional: listed, marked, not ranked among the others. */
  minBattles: number;
  /** Rate under style control (answer length and markdown as covariates). */
  styleControl: boolean;
};

const EPOCH = new Date(0);
const MAX_ROUNDS = 10_000;
const MAX_SEED = 2 ** 32 - 1;
/** As the server's `languageCodeSchema`, without loading zod. */
const LANGUAGE_CODE = /^(?:[a-z]{2}|und)$/;

export function rateOptions(parsed: ParsedArgs): RateOptions {
  const option = <T>(name: string, read: (raw: string) => T | undefined, expected: string, fallback: T) =>
    optionValue("rate", parsed, name, read, expected, fallback);
  return {
    ci: option("ci", oneOf(["sandwich", "bootstrap"] as const), "sandwich or bootstrap", "sandwich"),
    rounds: option("rounds", wholeNumber(1, MAX_ROUNDS), `a whole number from 1 to ${MAX_ROUNDS}`, 100),
    seed: option("seed", wholeNumber(0, MAX_SEED), `a whole number from 0 to ${MAX_SEED}`, 42),
    language: option<string | null>(
      "language",
      (raw) => (LANGUAGE_CODE.test(raw) ? raw : undefined),
      "an ISO 639-1 code such as en, or und",
      null,
    ),
    excludeTies: parsed.flags.has("exclude-ties"),
    minBattles: option("min-battles", wholeNumber(0, 1_000_000), "a whole number from 0 to 1000000", DEFAULT_MIN_VOTES),
    styleControl: parsed.flags.has("style-control"),
  };
}

/**
 * The leaderboard of battles as they come (a file read piece by piece): each is counted and let
 * go. `detect` reads the language of battles whose file gives none (only with a language filter).
 */
export function leaderboardOfBattles(
  reader: BattleFileReader,
  options: RateOptions,
  detect: LanguageDetector,
): Leaderboard & { read: number } {
  const filter: LeaderboardFilter = options.language === null ? {} : { language: options.language };
  const tally = new Tally(filter, EPOCH);
  let latest: number | null = null;
  let read = 0;
  const leftOut = (winner: Winner) => options.excludeTies && (winner === "tie" || winner === "bothbad");
  const onVote = (vote: RateVote) => {
    read++;
    // Arena's own exports carry flagged votes too; the server does not count them either.
    if (vote.flag !== null || leftOut(vote.winner)) return;
    if (options.language !== null) {
      const language = vote.language ?? (vote.battle ? languageOf(vote.battle, detect) : UNDETERMINED);
      if (language !== options.language) return;
    }
    tally.add(vote.modelA, vote.modelB, vote.winner, vote.tstamp === null ? EPOCH : secondsToDate(vote.tstamp));
    if (vote.tstamp !== null && (latest === null || vote.tstamp > latest)) latest = vote.tstamp;
  };
  // Per lane id: the model's tally index, the winner's score (-1 left out). A piece's rows go to the
  // tally as one run (no call per vote).
  const indexOfId: number[] = [];
  const scoreOfId: number[] = [];
  const run = { a: new Int32Array(1024), b: new Int32Array(1024), score: new Float64Array(1024) };
  const onLaneRows = (rows: LaneRows, lane: CsvVoteLane) => {
    read += rows.length;
    if (run.a.length < rows.length) {
      const size = rows.modelA.length;
      Object.assign(run, { a: new Int32Array(size), b: new Int32Array(size), score: new Float64Array(size) });
    }
    let length = 0;
    for (let row = 0; row < rows.length; row++) {
      const winnerId = rows.winner[row]!;
      let score = scoreOfId[winnerId];
      if (score === undefined) {
        const winner = lane.winnerOf(winnerId);
        scoreOfId[winnerId] = score = leftOut(winner) ? -1 : scoreOfA(winner);
      }
      if (score < 0) continue;
      if (options.language !== null && (lane.languageOf(rows.language[row]!) ?? UNDETERMINED) !== options.language)
        continue;
      const a = rows.modelA[row]!;
      const b = rows.modelB[row]!;
      // A model against itself goes through add(), which counts it without giving it a row (and
      // moves nothing, so it may go before the run).
      if (a === b) tally.add(lane.modelOf(a), lane.modelOf(b), lane.winnerOf(winnerId), EPOCH);
      else {
        run.a[length] = indexOfId[a] ??= tally.modelIndex(lane.modelOf(a));
        run.b[length] = indexOfId[b] ??= tally.modelIndex(lane.modelOf(b));
        run.score[length++] = score;
      }
    }
    tally.addRunByIndex(run.a, run.b, run.score, length, EPOCH);
  };
  reader.forEachVote(onVote, onLaneRows);
  const leaderboard = tally.toLeaderboard({
    ci: options.ci,
    rounds: options.rounds,
    seed: options.seed,
    minVotes: options.minBattles,
  });
  // The latest vote in the file, not the order of the file nor the clock.
  return { ...leaderboard, updatedAt: (latest === null ? EPOCH : secondsToDate(latest)).toISOString(), read };
}

const undetermined: LanguageDetector = () => UNDETERMINED;

export async function runRate(parsed: ParsedArgs): Promise<void> {
  const options = rateOptions(parsed);
  const file = fileArgument("rate", parsed);
  const started = performance.now();
  // The detector's tables load in about half a second: only when a filter may need it.
  const detect = options.language === null ? undetermined : await loadLanguageDetector();
  const reader = new BattleFileReader(fromInvocationDir(file), file);
  const { read, ...leaderboard } = options.styleControl
    ? await (await import("./rateStyle.ts")).styleLeaderboardOfBattles(reader, file, options, detect)
    : leaderboardOfBattles(reader, options, detect);
  process.stdout.write(`${JSON.stringify(leaderboard, null, 2)}\n`);
  process.stderr.write(
    `arena rate: ${leaderboard.battles} battles (${reader.format}, ${read - leaderboard.battles} left out by filters or flags), ` +
      `${leaderboard.rows.length} models, ${options.ci} intervals${options.styleControl ? ", style control" : ""}, ` +
      `${Math.round(performance.now() - started)} ms\n`,
  );
}
