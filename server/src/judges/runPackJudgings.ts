/**
 * An offline judge's run over a pack's judgings (see packJudgings.ts): both orders of each judging,
 * `concurrency` requests at a time, a failed request retried, the judge resting after repeated
 * faults as the live models do and the run giving up when the endpoint keeps failing. Each judging
 * that reaches a verdict is handed to `write` as its judge battle record the moment it ends.
 */
import { JUDGE_ORDERS, type JudgeOrder, type JudgeVerdict } from "@arena/shared/judges";

import type { TokenUsage } from "../providers/streamChat.ts";
import { judgeBattle, type JudgingOutcome } from "./judgeBattle.ts";
import { judgeBattleRecord, type JudgingTokens, type OrderJudgment } from "./judgeBattleFile.ts";
import type { JudgeConfig } from "./judgeConfig.ts";
import type { PackJudging } from "./packJudgings.ts";
import { buildPairwisePrompt, combineOrders, shownTurns } from "./pairwisePrompt.ts";

/** Faults in a row that make the judge rest (as the live models' cool-down). */
export const FAULTS_BEFORE_COOLDOWN = 3;
/** Cool-downs in a row, without a single answer between them, after which the run stops. */
export const COOLDOWNS_BEFORE_GIVING_UP = 3;

export type PackJudgingOptions = {
  judge: JudgeConfig;
  concurrency: number;
  /** Further attempts of a judging whose request failed. */
  retries: number;
  cooldownMs: number;
  /** Where the judge's key (apiKeyEnv) is read from; default process.env. */
  env?: NodeJS.ProcessEnv;
};

/** What a run did, as it goes. */
export type JudgingCounts = {
  /** Judgings that ended (written or not). */
  ended: number;
  judged: number;
  /** Judgings without a final verdict: an order faulted or had no verdict marker. */
  failed: number;
  /** Judged with a tie because the two orders disagreed. */
  inconsistent: number;
  verdicts: Record<JudgeVerdict, number>;
  promptTokens: number;
  completionTokens: number;
  requests: number;
  /** Requests whose tokens were counted here (the endpoint sent no usage). */
  countedHere: number;
  reasons: Map<string, number>;
};

/** Runs the judgings, `options.concurrency` requests at a time, both orders of a judging side by side. */
export async function runPackJudgings(
  todo: readonly PackJudging[],
  options: PackJudgingOptions,
  write: (record: Record<string, unknown>) => void,
  signal: AbortSignal,
  onProgress: (counts: JudgingCounts) => void = () => {},
): Promise<{ counts: JudgingCounts; giveUp: string | null }> {
  const counts: JudgingCounts = {
    ended: 0,
    judged: 0,
    failed: 0,
    inconsistent: 0,
    verdicts: { a: 0, b: 0, tie: 0 },
    promptTokens: 0,
    completionTokens: 0,
    requests: 0,
    countedHere: 0,
    reasons: new Map(),
  };
  const tasks = todo.flatMap((judging) => JUDGE_ORDERS.map((order) => ({ judging, order })));
  /** Each judging's orders as they end: a judgment, or "faulted" (the request failed, retries too). */
  const ended = new Map<string, Array<OrderJudgment | "faulted">>();
  const tokenCount = lazyTokenCounter();
  let next = 0;
  let faultsInARow = 0;
  let cooldownsInARow = 0;
  let restUntil = 0;
  let giveUp: string | null = null;
  const stopped = () => signal.aborted || giveUp !== null;

  const noteReason = (reason: string) => counts.reasons.set(reason, (counts.reasons.get(reason) ?? 0) + 1);

  /** Both orders ended: the record, when they make a verdict. */
  const settle = (judging: PackJudging, end: OrderJudgment | "faulted") => {
    const list = ended.get(judging.key) ?? [];
    list.push(end);
    ended.set(judging.key, list);
    if (list.length < JUDGE_ORDERS.length) return;
    ended.delete(judging.key);
    counts.ended++;
    const judgments = list
      .filter((item): item is OrderJudgment => item !== "faulted")
      .sort((x, y) => x.order.localeCompare(y.order));
    const [ab, ba] = [judgments.find((j) => j.order === "ab"), judgments.find((j) => j.order === "ba")];
    const verdict = ab && ba ? combineOrders(ab.verdict, ba.verdict) : null;
    if (verdict === null) counts.failed++;
    else {
      if (ab!.verdict !== ba!.verdict) counts.inconsistent++;
      counts.verdicts[verdict]++;
      counts.judged++;
      write(judgeBattleRecord(options.judge.id, judging, verdict, judgments, new Date()));
    }
    onProgress(counts);
  };

  /** One order of a judging, retried after faults; "stopped" when the run stops first. */
  const judgeOnce = async (judging: PackJudging, order: JudgeOrder): Promise<OrderJudgment | "faulted" | "stopped"> => {
    for (let attempt = 0; ; attempt++) {
      const wait = restUntil - Date.now();
      if (wait > 0) await sleep(wait, signal);
      if (stopped()) return "stopped";
      let usage: TokenUsage | null = null;
      let outcome: JudgingOutcome;
      try {
        outcome = await judgeBattle(options.judge, judging.turns, order, signal, options.env, (given) => {
          usage = given;
        });
      } catch (error) {
        if (signal.aborted) return "stopped";
        throw error;
      }
      counts.requests++;
      // A failed request is counted only as far as the endpoint says it used tokens.
      const tokens =
        outcome.kind === "fault" && usage === null
          ? { prompt: 0, completion: 0, counted: false }
          : await tokensOf(judging, order, outcome.raw, usage, tokenCount);
      counts.promptTokens += tokens.prompt;
      counts.completionTokens += tokens.completion;
      if (tokens.counted) counts.countedHere++;
      if (outcome.kind === "answered") {
        faultsInARow = 0;
        cooldownsInARow = 0;
        if (outcome.verdict === null) noteReason(outcome.error ?? "no verdict");
        return {
          order,
          verdict: outcome.verdict,
          raw: outcome.raw,
          ...(outcome.error !== null && { error: outcome.error }),
          judgedAt: new Date().toISOString(),
          tokens,
        };
      }
      faultsInARow++;
      if (faultsInARow >= FAULTS_BEFORE_COOLDOWN) {
        faultsInARow = 0;
        cooldownsInARow++;
        if (cooldownsInARow >= COOLDOWNS_BEFORE_GIVING_UP) {
          giveUp ??= `the judge's endpoint failed ${FAULTS_BEFORE_COOLDOWN * COOLDOWNS_BEFORE_GIVING_UP} times in a row (${outcome.error})`;
        } else restUntil = Math.max(restUntil, Date.now() + options.cooldownMs);
      }
      if (attempt >= options.retries || stopped()) {
        noteReason(outcome.error);
        return "faulted";
      }
    }
  };

  const worker = async () => {
    while (next < tasks.length && !stopped()) {
      const { judging, order } = tasks[next++]!;
      const end = await judgeOnce(judging, order);
      // A judging cut short by the stop is neither written nor counted: --resume does it.
      if (end !== "stopped") settle(judging, end);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, tasks.length) }, worker));
  return { counts, giveUp };
}

/** The endpoint's usage, else the cl100k_base count of the prompt and the answer. */
async function tokensOf(
  judging: PackJudging,
  order: JudgeOrder,
  raw: string,
  usage: TokenUsage | null,
  tokenCount: () => Promise<(text: string) => number>,
): Promise<JudgingTokens> {
  if (usage !== null) return { prompt: usage.promptTokens, completion: usage.completionTokens, counted: false };
  const count = await tokenCount();
  const pairwise = judging.turns.map((turn) => ({ question: turn.prompt, answerA: turn.a, answerB: turn.b }));
  const messages = buildPairwisePrompt({ turns: shownTurns(pairwise, order) });
  return {
    prompt: messages.reduce((sum, message) => sum + count(message.content), 0),
    completion: count(raw),
    counted: true,
  };
}

function lazyTokenCounter(): () => Promise<(text: string) => number> {
  let counter: Promise<(text: string) => number> | undefined;
  return () => (counter ??= import("@arena/shared/ratings/markdownStyle").then((module) => module.loadTokenCounter()));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
