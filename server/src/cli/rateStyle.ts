/**
 * `arena rate FILE --style-control`: the file's leaderboard under style control, from each
 * battle's style counts — FastChat's `conv_metadata` (JSON), the CSV columns of the same names,
 * or, for a battle with neither, counted from its conversations as FastChat counts them.
 */
import type { Leaderboard, LeaderboardFilter } from "@arena/shared/protocol";
import {
  type ChatTurn,
  conversationMetadata,
  loadTokenCounter,
  type TokenCounter,
} from "@arena/shared/ratings/markdownStyle";
import { readStyleFeatures, type StylePair } from "@arena/shared/ratings/styleFeatures";

import { type LanguageDetector, languageOf, secondsToDate } from "../battleFiles/battleContent.ts";
import { BattleFileError } from "../battleFiles/battleFileError.ts";
import type { FileBattle, FileTurn } from "../battleFiles/fileBattle.ts";
import type { BattleFileReader } from "../battleFiles/readBattleFile.ts";
import { Tally } from "../leaderboard/tally.ts";
import type { RateOptions } from "./rate.ts";

const EPOCH = new Date(0);

export async function styleLeaderboardOfBattles(
  reader: BattleFileReader,
  name: string,
  options: RateOptions,
  detect: LanguageDetector,
): Promise<Leaderboard & { read: number }> {
  const filter: LeaderboardFilter = options.language === null ? {} : { language: options.language };
  const tally = new Tally(filter, EPOCH);
  // A CSV has no conversations to count: the tokenizer (a fraction of a second) only for JSON.
  const countTokens = reader.format === "csv" ? null : await loadTokenCounter();
  let latest: number | null = null;
  let read = 0;
  for (const battle of reader) {
    read++;
    if (battle.flag !== null) continue;
    if (options.excludeTies && (battle.winner === "tie" || battle.winner === "bothbad")) continue;
    if (options.language !== null && (battle.language ?? languageOf(battle, detect)) !== options.language) continue;
    const at = battle.tstamp === null ? EPOCH : secondsToDate(battle.tstamp);
    tally.add(battle.modelA, battle.modelB, battle.winner, at, styleOf(battle, name, countTokens));
    if (battle.tstamp !== null && (latest === null || battle.tstamp > latest)) latest = battle.tstamp;
  }
  const leaderboard = tally.toStyleLeaderboard({
    ci: options.ci,
    rounds: options.rounds,
    seed: options.seed,
    minVotes: options.minBattles,
  });
  return { ...leaderboard, updatedAt: (latest === null ? EPOCH : secondsToDate(latest)).toISOString(), read };
}

/** A battle's style counts, or the error that names its line. */
function styleOf(battle: FileBattle, name: string, countTokens: TokenCounter | null): StylePair {
  const where = `${name}:${battle.line}`;
  if (battle.convMetadata !== null) {
    const read = readStyleFeatures(battle.convMetadata);
    if (!read.ok) throw new BattleFileError(where, read.error);
    return read.value;
  }
  if (battle.conversationA === null || battle.conversationB === null || countTokens === null) {
    throw new BattleFileError(
      where,
      "has no style counts: style control needs conv_metadata (or its columns in a CSV) or conversation_a and conversation_b",
    );
  }
  const metadata = conversationMetadata(chatTurns(battle.conversationA), chatTurns(battle.conversationB), countTokens);
  const read = readStyleFeatures(metadata);
  if (!read.ok) throw new Error(`counted style is unreadable: ${read.error}`); // our own counts: a bug
  return read.value;
}

function chatTurns(conversation: FileTurn[]): ChatTurn[] {
  return conversation.map((turn) => ({
    role: turn.role,
    content: typeof turn.content === "string" ? turn.content : "",
  }));
}
