/**
 * The live models' state: which can be drawn now (a model that fails several times in a row cools
 * down, then comes back by itself), and how many streams each runs (`maxConcurrent`: a battle
 * waits briefly for a free slot, then is refused with `busy` rather than piling up).
 */
import type { ModelAvailability } from "@arena/shared/depth";
import { drawWeighted } from "@arena/shared/ratings/adaptivePairs";

import { ArenaError } from "../errors.ts";
import type { LiveModelConfig } from "./liveModel.ts";

export type LivePoolOptions = {
  /** Failures in a row that send a model to cool down (default 3). */
  failuresBeforeCooldown?: number;
  /** How long it stays out of sampling (default 60 s). */
  cooldownMs?: number;
  /** How long a battle may wait for a free slot (default 2 s). */
  slotWaitMs?: number;
  /** Models never drawn (the catalogue's paused and archived ones); they stay listed. */
  isDrawn?: (modelId: string) => boolean;
};

type ModelState = {
  config: LiveModelConfig;
  running: number;
  failuresInARow: number;
  coolingUntil: number;
  /** Battles waiting for a slot, first come first served. */
  waiting: Array<() => void>;
};

export type Release = () => void;

export class LivePool {
  private readonly states = new Map<string, ModelState>();
  private readonly failuresBeforeCooldown: number;
  private readonly cooldownMs: number;
  private readonly slotWaitMs: number;
  private readonly isDrawn: (modelId: string) => boolean;

  constructor(
    models: readonly LiveModelConfig[],
    private readonly now: () => number = Date.now,
    options: LivePoolOptions = {},
  ) {
    for (const config of models) {
      this.states.set(config.id, { config, running: 0, failuresInARow: 0, coolingUntil: 0, waiting: [] });
    }
    this.failuresBeforeCooldown = options.failuresBeforeCooldown ?? 3;
    this.cooldownMs = options.cooldownMs ?? 60_000;
    this.slotWaitMs = options.slotWaitMs ?? 2_000;
    this.isDrawn = options.isDrawn ?? (() => true);
  }

  /** Whether voters can send their own prompts at all. */
  get canAnswerPrompts(): boolean {
    return this.drawable().length >= 2;
  }

  private drawable(): ModelState[] {
    return [...this.states.values()].filter((state) => this.isDrawn(state.config.id));
  }

  /** The configuration of a live model, if this server runs it. */
  configOf(modelId: string): LiveModelConfig | undefined {
    return this.states.get(modelId)?.config;
  }

  statuses(): Array<{ id: string; status: ModelAvailability }> {
    return [...this.states.values()].map((state) => ({
      id: state.config.id,
      status: this.isCooling(state) ? "cooling_down" : "available",
    }));
  }

  /** Two different models, drawn by weight among those not cooling down. */
  pickPair(random: () => number): [LiveModelConfig, LiveModelConfig] {
    if (!this.canAnswerPrompts) {
      throw new ArenaError("no_live_models", "This arena has no live models, so it cannot answer your own prompt.");
    }
    const ready = this.drawable().filter((state) => !this.isCooling(state));
    if (ready.length < 2) {
      throw new ArenaError("busy", "The live models are recovering from errors; please try again in a minute.");
    }
    const first =
      ready[
        drawWeighted(
          ready.map((state) => state.config.weight),
          random,
        )
      ]!;
    const others = ready.filter((state) => state !== first);
    const second =
      others[
        drawWeighted(
          others.map((state) => state.config.weight),
          random,
        )
      ]!;
    return [first.config, second.config];
  }

  /** Waits for a free slot of `modelId` (up to slotWaitMs), or refuses with `busy`. */
  async acquire(modelId: string, signal: AbortSignal): Promise<Release> {
    const state = this.stateOf(modelId);
    if (state.running < state.config.maxConcurrent) {
      state.running++;
    } else {
      // A releasing battle hands its slot over (running stays the same), see below.
      await new Promise<void>((resolve, reject) => {
        const fail = (error: Error) => {
          state.waiting.splice(state.waiting.indexOf(grant), 1);
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          reject(error);
        };
        const grant = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () =>
          fail(signal.reason instanceof Error ? signal.reason : new DOMException("aborted", "AbortError"));
        const timer = setTimeout(
          () => fail(new ArenaError("busy", "Those models are busy right now; please try again in a moment.")),
          this.slotWaitMs,
        );
        signal.addEventListener("abort", onAbort, { once: true });
        state.waiting.push(grant);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the next waiting battle, so nobody can slip in between.
      const next = state.waiting.shift();
      if (next) next();
      else state.running--;
    };
  }

  reportSuccess(modelId: string): void {
    this.stateOf(modelId).failuresInARow = 0;
  }

  reportFailure(modelId: string): void {
    const state = this.stateOf(modelId);
    state.failuresInARow++;
    if (state.failuresInARow >= this.failuresBeforeCooldown) {
      state.coolingUntil = this.now() + this.cooldownMs;
      state.failuresInARow = 0;
    }
  }

  private isCooling(state: ModelState): boolean {
    return this.now() < state.coolingUntil;
  }

  private stateOf(modelId: string): ModelState {
    const state = this.states.get(modelId);
    if (!state) throw new Error(`unknown live model ${modelId}`);
    return state;
  }
}
