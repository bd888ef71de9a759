/**
 * The judges' background work. The queue is the store itself — voted battles lacking a judging of
 * a judge (JudgmentStore.pending) — so nothing is lost at a restart and memory holds only the
 * battles being judged: at most `maxConcurrent` per judge, each judged in its missing orders one
 * after the other. A judging is written once (unique per battle, judge and order); it never runs
 * on a vote's path: votes only nudge the runner, which looks at the queue on its own time.
 * On PostgreSQL only the leader judges (several servers would call the judge twice for nothing).
 */
import { JUDGE_ORDERS } from "@arena/shared/judges";

import type { JudgeTask, JudgmentRecord, JudgmentStore } from "../domain/judgment.ts";
import type { Logger } from "../logger.ts";
import { LivePool, type LivePoolOptions } from "../providers/livePool.ts";
import { judgeBattle } from "./judgeBattle.ts";
import type { JudgeConfig } from "./judgeConfig.ts";

/** Battles kept ready beyond the free slots, in units of maxConcurrent (bounded; read again after a restart). */
const BACKLOG_LOOKS = 4;

/** Faults in a row on one judging before it is written down as failed (a retry comes after the others). */
export const ATTEMPTS_PER_JUDGING = 3;

export type JudgeRunnerDeps = {
  judgments: JudgmentStore;
  judges: readonly JudgeConfig[];
  pool: LivePoolOptions;
  pollMs: number;
  clock: () => Date;
  logger: Logger;
  /** Whether this server does the arena's once-only work now. */
  leads: () => boolean;
  /** A judging was written (by this server). */
  onRecorded: (judgment: JudgmentRecord) => void;
  env?: NodeJS.ProcessEnv;
};

type JudgeState = {
  config: JudgeConfig;
  /** Battle ids being judged now. */
  inFlight: Set<string>;
  /** Battles read from the queue and not started yet (at most BACKLOG_LOOKS × maxConcurrent). */
  backlog: JudgeTask[];
  /** Faults so far per `${battleId}:${order}`, cleared when it is written. */
  attempts: Map<string, number>;
  /** Looking at the queue now (one look at a time per judge). */
  filling: boolean;
  /** Another look was asked for during one. */
  again: boolean;
  lastError: { message: string; at: Date } | null;
};

export class JudgeRunner {
  private readonly states = new Map<string, JudgeState>();
  private readonly cooldowns: LivePool;
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: JudgeRunnerDeps) {
    // The live models' pool gives the judges the same cool-down after faults in a row.
    this.cooldowns = new LivePool(
      deps.judges.map((judge) => ({ ...judge, systemPrompt: "", weight: 1, identityWords: [] })),
      () => deps.clock().getTime(),
      deps.pool,
    );
    for (const config of deps.judges) {
      this.states.set(config.id, {
        config,
        inFlight: new Set(),
        backlog: [],
        attempts: new Map(),
        filling: false,
        again: false,
        lastError: null,
      });
    }
  }

  start(): void {
    if (this.states.size === 0 || this.timer) return;
    this.timer = setInterval(() => this.nudge(), this.deps.pollMs);
    this.timer.unref();
    this.nudge();
  }

  /** Something may be waiting (a vote, a restored session, a cool-down over): look at the queues soon. */
  nudge(): void {
    if (this.stopping.signal.aborted) return;
    for (const state of this.states.values()) setImmediate(() => this.fill(state));
  }

  /** What the admin API shows of one judge's work. */
  status(judge: string): { inFlight: number; lastError: JudgeState["lastError"]; coolingUntil: Date | null } {
    const state = this.states.get(judge)!;
    const until = this.cooldowns.coolingUntil(judge);
    return {
      inFlight: state.inFlight.size,
      lastError: state.lastError,
      coolingUntil: until === null ? null : new Date(until),
    };
  }

  /** Stops looking at the queue and cancels the judgings under way (they are judged again later). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await Promise.allSettled([...this.running]);
  }

  private async fill(state: JudgeState): Promise<void> {
    if (state.filling) {
      state.again = true;
      return;
    }
    state.filling = true;
    try {
      do {
        state.again = false;
        const free = state.config.maxConcurrent - state.inFlight.size;
        if (!this.deps.leads()) {
          state.backlog.length = 0; // the new leader reads the queue afresh
          return;
        }
        if (free <= 0 || this.stopping.signal.aborted) return;
        if (this.cooldowns.coolingUntil(state.config.id) !== null) return;
        // A few looks' worth at once: on SQLite a look walks this arena's battles on the event loop.
        if (state.backlog.length < free) {
          const skip = [...state.inFlight, ...state.backlog.map((task) => task.battleId)];
          const limit = free + state.config.maxConcurrent * BACKLOG_LOOKS;
          state.backlog.push(...(await this.deps.judgments.pending(state.config.id, limit, skip)));
        }
        for (const task of state.backlog.splice(0, free)) this.launch(state, task);
      } while (state.again);
    } catch (error) {
      // The store is away (PostgreSQL restarting): the next nudge or tick tries again.
      this.deps.logger.warn({ err: error, judge: state.config.id }, "could not read the judges' queue");
    } finally {
      state.filling = false;
    }
  }

  private launch(state: JudgeState, task: JudgeTask): void {
    state.inFlight.add(task.battleId);
    const run = this.judge(state, task)
      .catch((error: unknown) => {
        if (!this.stopping.signal.aborted) {
          this.deps.logger.error({ err: error, judge: task.judge, battleId: task.battleId }, "judging failed");
        }
      })
      .finally(() => {
        state.inFlight.delete(task.battleId);
        this.running.delete(run);
        // A slot is free: the next battle in the queue.
        if (!this.stopping.signal.aborted) this.nudge();
      });
    this.running.add(run);
  }

  private async judge(state: JudgeState, task: JudgeTask): Promise<void> {
    const { config } = state;
    const signal = this.stopping.signal;
    for (const order of JUDGE_ORDERS.filter((order) => task.missing.includes(order))) {
      if (signal.aborted || this.cooldowns.coolingUntil(config.id) !== null) return;
      const release = await this.cooldowns.acquire(config.id, signal);
      let outcome;
      try {
        outcome = await judgeBattle(config, task.turns, order, signal, this.deps.env);
      } finally {
        release();
      }
      const key = `${task.battleId}:${order}`;
      if (outcome.kind === "fault") {
        this.cooldowns.reportFailure(config.id);
        state.lastError = { message: outcome.error, at: this.deps.clock() };
        const attempts = (state.attempts.get(key) ?? 0) + 1;
        this.deps.logger.warn({ judge: config.id, battleId: task.battleId, order, attempts }, outcome.error);
        if (attempts < ATTEMPTS_PER_JUDGING) {
          state.attempts.set(key, attempts);
          return; // back to the queue: tried again on a later look
        }
      } else {
        this.cooldowns.reportSuccess(config.id);
        if (outcome.verdict === null) state.lastError = { message: outcome.error!, at: this.deps.clock() };
      }
      state.attempts.delete(key);
      const judgment: JudgmentRecord = {
        battleId: task.battleId,
        judge: config.id,
        order,
        verdict: outcome.kind === "fault" ? null : outcome.verdict,
        raw: outcome.raw,
        error: outcome.error,
        judgedAt: this.deps.clock(),
      };
      if ((await this.deps.judgments.record(judgment)) === "recorded") {
        this.deps.logger.info(
          { judge: config.id, battleId: task.battleId, order, verdict: judgment.verdict },
          "judged",
        );
        this.deps.onRecorded(judgment);
      }
    }
  }
}
