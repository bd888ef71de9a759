/**
 * `arena agreement FILE... --judges A B [--turn N]`: MT-bench's agreement between two groups of
 * judges over the votes of battle files (MT-bench's human judgments, a `judge --pack` file, or
 * both, as FastChat's `--votefiles`), printed as one JSON document. Every vote needs `question_id`, `turn` and
 * `judge`; the file is read whole before anything is printed, so a bad line prints nothing on stdout.
 */
import { type Agreement, type AgreementVote, judgeAgreement } from "@arena/shared/ratings/agreement";

import { BattleFileError } from "../battleFiles/battleFileError.ts";
import { BattleFileReader } from "../battleFiles/readBattleFile.ts";
import { cliError } from "./cliError.ts";
import { fromInvocationDir, optionValue, type ParsedArgs, wholeNumber } from "./options.ts";

export const AGREEMENT_OPTIONS = { judges: "pair", turn: "value" } as const;

/** A judge group: a judge id, or what judge ids start with before `_` (`expert` for `expert_0`). */
const GROUP = /^[^\s-][^\s]{0,199}$/;
const MAX_TURN = 1_000;

export type AgreementOptions = { groups: [string, string]; turn: number | null };

export function readAgreementOptions(parsed: ParsedArgs): AgreementOptions {
  const groups = parsed.pairs.get("judges");
  if (groups === undefined)
    throw cliError("arena agreement", "--judges A B is required (two judge groups, e.g. --judges expert expert)");
  const bad = groups.find((group) => !GROUP.test(group));
  if (bad !== undefined)
    throw cliError("arena agreement", `--judges must be two judge groups (A B), got ${JSON.stringify(bad)}`);
  const turn = optionValue<number | null>(
    "agreement",
    parsed,
    "turn",
    wholeNumber(1, MAX_TURN),
    `a whole number from 1 to ${MAX_TURN}`,
    null,
  );
  return { groups, turn };
}

/** The votes of a battle file, each with the question, turn and judge that agreement needs. */
export function* agreementVotesOf(reader: BattleFileReader, name: string): Generator<AgreementVote> {
  for (const battle of reader) {
    const where = `${name}:${battle.line}`;
    const questionId = battle.given?.question_id;
    if (typeof questionId !== "string" && typeof questionId !== "number")
      throw new BattleFileError(where, "question_id is missing (agreement compares votes on the same question)");
    if (battle.turn === null) throw new BattleFileError(where, "turn is missing");
    if (!Number.isInteger(battle.turn) || battle.turn < 1)
      throw new BattleFileError(where, `turn must be a whole number from 1, got ${battle.turn}`);
    if (battle.judge === null) throw new BattleFileError(where, "judge is missing");
    yield {
      questionId: String(questionId),
      turn: battle.turn,
      modelA: battle.modelA,
      modelB: battle.modelB,
      judge: battle.judge,
      winner: battle.winner,
    };
  }
}

export type AgreementReport = Agreement & {
  judges: [string, string];
  turn: number | null;
  /** The same per turn, in turn order (only turns that hold a vote of either group). */
  turns: Array<Agreement & { turn: number }>;
};

export function agreementReport(votes: Iterable<AgreementVote>, options: AgreementOptions): AgreementReport {
  const [groupA, groupB] = options.groups;
  const kept: AgreementVote[] = [];
  const turns = new Set<number>();
  for (const vote of votes) {
    if (options.turn !== null && vote.turn !== options.turn) continue;
    kept.push(vote);
    turns.add(vote.turn);
  }
  const overall = judgeAgreement(kept, groupA, groupB);
  return {
    judges: [groupA, groupB],
    turn: options.turn,
    ...overall,
    turns: [...turns]
      .sort((x, y) => x - y)
      .map((turn) => ({
        turn,
        ...judgeAgreement(
          kept.filter((vote) => vote.turn === turn),
          groupA,
          groupB,
        ),
      })),
  };
}

/** Every vote of every file, in order (FastChat's --votefiles: a judge's file beside the people's). */
function* votesOfFiles(files: readonly string[]): Generator<AgreementVote> {
  for (const file of files)
    yield* agreementVotesOf(new BattleFileReader(fromInvocationDir(file), file, { keepGiven: true }), file);
}

export async function runAgreement(parsed: ParsedArgs): Promise<void> {
  const options = readAgreementOptions(parsed);
  const files = parsed.positionals;
  if (files.length === 0) throw cliError("arena agreement", "missing FILE argument");
  const report = agreementReport(votesOfFiles(files), options);
  const percent = (ratio: number | null) => (ratio === null ? "n/a" : `${(ratio * 100).toFixed(1)}%`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(
    `arena agreement: ${options.groups[0]} vs ${options.groups[1]}${options.turn === null ? "" : `, turn ${options.turn}`}: ` +
      `${percent(report.withTies.ratio)} of ${report.withTies.total} pairs with ties, ` +
      `${percent(report.withoutTies.ratio)} of ${report.withoutTies.total} without\n`,
  );
}
