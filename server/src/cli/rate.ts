/**
 * `arena rate FILE`: the leaderboard of a battle file, computed by the same Tally the server
 * keeps, printed as one `Leaderboard` JSON document. Nothing depends on the clock, so the same
 * file and options print the same bytes.
 */
import { z } from "zod";
import { type Leaderboard, type LeaderboardFilter, languageCodeSchema } from "@arena/shared/protocol";
import { Tally } from "../leaderboard/tally.ts";
import { readBattleFile } from "./battleFile.ts";
import type { FileBattle } from "./battleRecord.ts";
import { type LanguageDetector, languageDetectorFor, languageOf, secondsToDate } from "./battleContent.ts";
import { UNDETERMINED } from "./languageNames.ts";
import { type ParsedArgs, fileArgument, fromInvocationDir, optionValue } from "./options.ts";

export const RATE_OPTIONS = {
  ci: "value",
  rounds: "value",
  seed: "value",
  language: "value",
  "exclude-ties": "flag",
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
};

const EPOCH = new Date(0);
const MAX_ROUNDS = 10_000;
const wholeNumber = z
  .string()
  .regex(/^\d+$/)
  .transform(Number)
  .pipe(z.number().int().max(2 ** 32 - 1));

export function rateOptions(parsed: ParsedArgs): RateOptions {
  const option = <T>(name: string, schema: z.ZodType<T>, expected: string, fallback: T) =>
    optionValue("rate", parsed, name, schema, expected, fallback);
  return {
    ci: option("ci", z.enum(["sandwich", "bootstrap"]), "sandwich or bootstrap", "sandwich"),
    rounds: option(
      "rounds",
      wholeNumber.pipe(z.number().min(1).max(MAX_ROUNDS)),
      `a whole number from 1 to ${MAX_ROUNDS}`,
      100,
    ),
    seed: option("seed", wholeNumber, "a whole number from 0 to 4294967295", 42),
    language: option("language", languageCodeSchema, "an ISO 639-1 code such as en, or und", null),
    excludeTies: parsed.flags.has("exclude-ties"),
  };
}

/** `detect` reads the language of battles whose file gives none (only used with a language filter). */
export function leaderboardOfBattles(
  battles: readonly FileBattle[],
  options: RateOptions,
  detect: LanguageDetector,
): Leaderboard {
  const filter: LeaderboardFilter = options.language === null ? {} : { language: options.language };
  const tally = new Tally(filter, EPOCH);
  let latest: number | null = null;
  for (const battle of battles) {
    // Arena's own exports carry flagged votes too; the server does not count them either.
    if (battle.flag !== null) continue;
    if (options.excludeTies && (battle.winner === "tie" || battle.winner === "bothbad")) continue;
    if (options.language !== null && languageOf(battle, detect) !== options.language) continue;
    const at = battle.tstamp === null ? EPOCH : secondsToDate(battle.tstamp);
    tally.add(battle.modelA, battle.modelB, battle.winner, at);
    if (battle.tstamp !== null && (latest === null || battle.tstamp > latest)) latest = battle.tstamp;
  }
  const leaderboard = tally.toLeaderboard({ ci: options.ci, rounds: options.rounds, seed: options.seed });
  // The latest vote in the file, not the order of the file nor the clock.
  return { ...leaderboard, updatedAt: (latest === null ? EPOCH : secondsToDate(latest)).toISOString() };
}

export async function runRate(parsed: ParsedArgs): Promise<void> {
  const options = rateOptions(parsed);
  const file = fileArgument("rate", parsed);
  const started = performance.now();
  const { battles, format } = readBattleFile(fromInvocationDir(file), file);
  const detect = options.language === null ? () => UNDETERMINED : await languageDetectorFor(battles);
  const leaderboard = leaderboardOfBattles(battles, options, detect);
  process.stdout.write(`${JSON.stringify(leaderboard, null, 2)}\n`);
  const left = battles.length - leaderboard.battles;
  process.stderr.write(
    `arena rate: ${leaderboard.battles} battles (${format}, ${left} left out by filters or flags), ` +
      `${leaderboard.rows.length} models, ${options.ci} intervals, ${Math.round(performance.now() - started)} ms\n`,
  );
}
