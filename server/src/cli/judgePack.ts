/**
 * `arena judge --pack DIR --judge ID`: an LLM judge compares the answers of a pack's models, pair by
 * pair, on every question and turn, in both orders (MT-bench's `gen_judgment.py` pairwise mode),
 * and writes judge battles (see judges/judgeBattleFile.ts) that `rate`, `import-battles` and
 * `agreement` read. Each finished judging is appended as one line, so an interrupted run leaves a
 * readable file and `--resume` carries on where it stopped. Progress, failures and tokens go to stderr.
 */
import fs from "node:fs";

import { readModelsFile } from "../config.ts";
import { judgedKeysOf } from "../judges/judgeBattleFile.ts";
import { type JudgeConfig, judgeSchema } from "../judges/judgeConfig.ts";
import { judgePairs, pairCount } from "../judges/judgePairs.ts";
import { packJudgings } from "../judges/packJudgings.ts";
import { type JudgingCounts, runPackJudgings } from "../judges/runPackJudgings.ts";
import { loadPack, type Pack, PackError } from "../packs/loadPack.ts";
import { cliError } from "./cliError.ts";
import { fromInvocationDir, noArguments, optionValue, type ParsedArgs, wholeNumber } from "./options.ts";
import { duration, ProgressBar } from "./progressBar.ts";

export const JUDGE_OPTIONS = {
  pack: "value",
  judge: "value",
  config: "value",
  "base-url": "value",
  model: "value",
  "api-key-env": "value",
  pairs: "value",
  resume: "flag",
  output: "value",
  concurrency: "value",
  retries: "value",
  cooldown: "value",
} as const;

const COMMAND = "arena judge";

export type JudgeRunOptions = {
  pack: string;
  judge: JudgeConfig;
  /** null = every pair. */
  pairs: number | null;
  resume: boolean;
  /** null = stdout. */
  output: string | null;
  concurrency: number;
  /** Further attempts of a judging whose request failed. */
  retries: number;
  cooldownMs: number;
};

function option<T>(
  parsed: ParsedArgs,
  name: string,
  read: (raw: string) => T | undefined,
  expected: string,
  fallback: T,
) {
  return optionValue("judge", parsed, name, read, expected, fallback);
}

const text = (raw: string) => (raw === "" ? undefined : raw);

/** The judge: `--judge ID` from the models file (`--config`, else ARENA_CONFIG), or one given by `--base-url` and `--model`. */
function judgeOf(parsed: ParsedArgs, env: NodeJS.ProcessEnv): JudgeConfig {
  const id = parsed.values.get("judge");
  if (id === undefined)
    throw cliError(COMMAND, "--judge ID is required (a judge of the models file, or with --base-url and --model)");
  const baseURL = parsed.values.get("base-url");
  const model = parsed.values.get("model");
  const apiKeyEnv = parsed.values.get("api-key-env");
  if (baseURL !== undefined || model !== undefined) {
    if (parsed.values.has("config"))
      throw cliError(COMMAND, "--config and --base-url/--model name a judge twice: give one");
    const judge = judgeSchema.safeParse({
      id,
      type: "openai",
      baseURL,
      model,
      ...(apiKeyEnv !== undefined && { apiKeyEnv }),
    });
    if (!judge.success) {
      const issue = judge.error.issues[0]!;
      const name = { id: "--judge", baseURL: "--base-url", model: "--model", apiKeyEnv: "--api-key-env" }[
        String(issue.path[0])
      ];
      throw cliError(
        COMMAND,
        `${name ?? "the judge"}: ${baseURL === undefined ? "--base-url is missing" : model === undefined ? "--model is missing" : issue.message}`,
      );
    }
    return judge.data;
  }
  if (apiKeyEnv !== undefined) throw cliError(COMMAND, "--api-key-env goes with --base-url and --model");
  const config = parsed.values.get("config") ?? (env.ARENA_CONFIG || undefined);
  if (config === undefined)
    throw cliError(COMMAND, "no judge: give --config FILE (a models file with judges), or --base-url and --model");
  const file = parsed.values.has("config") ? fromInvocationDir(config, env) : config;
  const judges = readModelsFile(file, env).judges;
  const judge = judges.find((candidate) => candidate.id === id);
  if (!judge) {
    const known = judges.length === 0 ? "it lists no judges" : `its judges: ${judges.map((j) => j.id).join(", ")}`;
    throw cliError(COMMAND, `--judge ${JSON.stringify(id)} is not a judge of ${config} (${known})`);
  }
  return judge;
}

export function judgeRunOptions(parsed: ParsedArgs, env: NodeJS.ProcessEnv = process.env): JudgeRunOptions {
  noArguments("judge", parsed);
  const pack = parsed.values.get("pack");
  if (pack === undefined) throw cliError(COMMAND, "--pack DIR is required (an MT-bench style folder)");
  const judge = judgeOf(parsed, env);
  const output = option<string | null>(parsed, "output", text, "a file name", null);
  const resume = parsed.flags.has("resume");
  if (resume && output === null) throw cliError(COMMAND, "--resume needs --output FILE (the file to carry on)");
  return {
    pack: fromInvocationDir(pack, env),
    judge,
    pairs: option<number | null>(
      parsed,
      "pairs",
      (raw) => (raw === "all" ? null : wholeNumber(1, 1_000_000)(raw)),
      "all or a whole number from 1",
      null,
    ),
    resume,
    output: output === null ? null : fromInvocationDir(output, env),
    concurrency: option(
      parsed,
      "concurrency",
      wholeNumber(1, 100),
      "a whole number from 1 to 100",
      judge.maxConcurrent,
    ),
    retries: option(parsed, "retries", wholeNumber(0, 10), "a whole number from 0 to 10", 2),
    cooldownMs: option(parsed, "cooldown", wholeNumber(0, 3600), "seconds from 0 to 3600", 60) * 1000,
  };
}

/** Where records go: appended to a file (one write per record), or stdout. */
type Sink = { write(record: Record<string, unknown>): void; close(): void; name: string };

function openSink(options: JudgeRunOptions, outputName: string | null): { sink: Sink; done: Set<string> } {
  if (options.output === null) {
    return {
      sink: { write: (record) => process.stdout.write(`${JSON.stringify(record)}\n`), close() {}, name: "stdout" },
      done: new Set(),
    };
  }
  const file = options.output;
  const name = outputName ?? file;
  let done = new Set<string>();
  if (fs.existsSync(file)) {
    if (fs.statSync(file).isDirectory()) throw cliError(`--output ${name}`, "is a directory");
    const existing = fs.readFileSync(file, "utf8");
    if (!options.resume && existing.trim() !== "")
      throw cliError(`--output ${name}`, "already holds judgings: --resume carries on with it, or choose another file");
    if (options.resume) {
      const read = judgedKeysOf(existing, (line, message) => cliError(`${name}:${line}`, message));
      done = read.keys;
      // An interrupted write left half a line: drop it, so that the next record starts a line of its own.
      if (read.partialLine) {
        fs.truncateSync(file, read.completeBytes);
        process.stderr.write(`${COMMAND}: ${name}: dropped an unfinished last line (an interrupted write)\n`);
      }
    }
  }
  const fd = fs.openSync(file, "a");
  return {
    sink: {
      // One write per record: a crash leaves whole lines, and at worst half of the last one.
      write: (record) => fs.writeSync(fd, `${JSON.stringify(record)}\n`),
      close: () => fs.closeSync(fd),
      name,
    },
    done,
  };
}

/** Exit code 1 when the endpoint kept failing and the run stopped, 130 when interrupted. */
export async function runJudgePack(parsed: ParsedArgs): Promise<number> {
  const options = judgeRunOptions(parsed);
  let pack: Pack;
  try {
    pack = loadPack(options.pack);
  } catch (error) {
    if (error instanceof PackError) throw cliError(`--pack ${parsed.values.get("pack")}`, error.message);
    throw error;
  }
  const models = [...new Set(pack.answers.map((answer) => answer.model))].sort();
  const possible = pairCount(models.length);
  if (possible === 0)
    throw cliError(`--pack ${parsed.values.get("pack")}`, `needs answers of two models at least, has ${models.length}`);
  if (options.pairs !== null && options.pairs > possible)
    throw cliError(COMMAND, `--pairs ${options.pairs}: the pack's ${models.length} models make ${possible} pairs`);
  const pairs = judgePairs(models, options.pairs);
  const { judgings, unanswered } = packJudgings(pack, pairs, options.judge.id);
  const { sink, done } = openSink(options, parsed.values.get("output") ?? null);
  const todo = judgings.filter((judging) => !done.has(judging.key));
  process.stderr.write(
    `${COMMAND}: ${options.judge.id} (${options.judge.model}) on ${pairs.length} of ${possible} pairs of ${models.length} models, ` +
      `${pack.questions.length} questions: ${judgings.length} judgings` +
      `${judgings.length > todo.length ? `, ${judgings.length - todo.length} already in ${sink.name}` : ""}` +
      `${unanswered > 0 ? `, ${unanswered} question–pair(s) left out (a model did not answer)` : ""}; ` +
      `${todo.length * 2} requests, ${options.concurrency} at a time\n`,
  );
  const started = Date.now();
  const stop = new AbortController();
  const onInterrupt = () => stop.abort(new DOMException("interrupted", "AbortError"));
  process.once("SIGINT", onInterrupt);
  const progress = new ProgressBar(COMMAND, todo.length);
  const onProgress = (counts: JudgingCounts) =>
    progress.advance(
      counts.ended,
      `${counts.failed} failed, ${(counts.promptTokens + counts.completionTokens).toLocaleString("en")} tokens`,
    );
  let result: Awaited<ReturnType<typeof runPackJudgings>>;
  try {
    result = await runPackJudgings(todo, options, sink.write, stop.signal, onProgress);
    progress.finish();
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    sink.close();
  }
  const { counts, giveUp } = result;
  reportSummary(counts, todo.length, sink.name, Date.now() - started);
  if (stop.signal.aborted) {
    process.stderr.write(`${COMMAND}: interrupted; what was judged is in ${sink.name}, --resume carries on\n`);
    return 130;
  }
  if (giveUp !== null) {
    process.stderr.write(`${COMMAND}: stopped: ${giveUp}; what was judged is in ${sink.name}, --resume carries on\n`);
    return 1;
  }
  return 0;
}

function reportSummary(counts: JudgingCounts, judgings: number, output: string, ms: number): void {
  const { failed } = counts;
  const lines = [
    `${COMMAND}: ${counts.judged} of ${judgings} judgings written to ${output} in ${duration(ms)}` +
      (failed > 0 ? `; ${failed} without a verdict (not written: --resume tries them again)` : ""),
    `  verdicts: model_a ${counts.verdicts.a}, model_b ${counts.verdicts.b}, tie ${counts.verdicts.tie}` +
      ` (of which the two orders disagreed: ${counts.inconsistent})`,
    `  tokens: ${counts.promptTokens.toLocaleString("en")} prompt + ${counts.completionTokens.toLocaleString("en")} completion` +
      ` = ${(counts.promptTokens + counts.completionTokens).toLocaleString("en")} over ${counts.requests} requests` +
      (counts.countedHere > 0
        ? ` (${counts.countedHere} counted here with cl100k_base: the endpoint sent no usage)`
        : " (the endpoint's usage)"),
  ];
  for (const [reason, times] of counts.reasons) lines.push(`  ${times} × ${reason}`);
  process.stderr.write(`${lines.join("\n")}\n`);
}
