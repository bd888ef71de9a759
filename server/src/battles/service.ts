/**
 * Starting battles: pick a prompt and two different models, record the battle, and stream both
 * answers to the voter as `battle:chunk`s followed by one `battle:end` per side.
 */
import { randomBytes } from "node:crypto";
import type { BattleChunk, BattleEnd, BattleStarted, BattleStartPayload, Side } from "@arena/shared/protocol";
import { ArenaError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { PromptPool } from "../packs/promptPool.ts";
import type { ArenaStore, BattleRecord } from "../store/store.ts";
import type { BattlePicker } from "./pickBattle.ts";
import { paceText } from "./paceText.ts";
import type { BattleRegistry, OpenBattle } from "./registry.ts";

export type BattleEmitter = {
  chunk(chunk: BattleChunk): void;
  end(end: BattleEnd): void;
};

export type BattleServiceDeps = {
  store: ArenaStore;
  pool: PromptPool;
  /** How the prompt and the pair are drawn (uniform, or adaptive). */
  pick: BattlePicker;
  registry: BattleRegistry;
  clock: () => Date;
  random: () => number;
  streamDelayMs: number;
  logger: Logger;
};

export class BattleService {
  constructor(private readonly deps: BattleServiceDeps) {}

  /**
   * Records a new battle and returns what the voter may know of it. Streaming starts right after
   * the caller has answered (setImmediate), and stops when `signal` aborts.
   */
  async start(
    sessionHash: string,
    payload: BattleStartPayload,
    emit: BattleEmitter,
    signal: AbortSignal,
  ): Promise<BattleStarted> {
    const { store, pool, registry, clock, random, logger } = this.deps;
    if (payload.prompt !== undefined) {
      throw new ArenaError("no_live_models", "This arena has no live models, so it cannot answer your own prompt.");
    }
    if (pool.prompts.length === 0) throw new ArenaError("no_prompts", "This arena has no prompts to offer.");

    const pick = this.deps.pick(random);
    const answerOf = (model: string) => pick.prompt.answers.get(model)!;
    const record: BattleRecord = {
      id: randomBytes(16).toString("base64url"),
      sessionHash,
      prompt: pick.prompt.prompt,
      language: pick.prompt.language,
      category: pick.prompt.category,
      tags: pick.prompt.tags,
      modelA: pick.models.a,
      modelB: pick.models.b,
      answerA: answerOf(pick.models.a),
      answerB: answerOf(pick.models.b),
      source: "pack",
      startedAt: clock(),
    };
    await store.insertBattle(record);
    const battle = registry.add(record);
    logger.info({ battleId: record.id, language: record.language, source: record.source }, "battle started");

    setImmediate(() => {
      for (const side of ["a", "b"] as const) {
        const text = side === "a" ? record.answerA! : record.answerB!;
        void this.streamSide(battle, side, paceText(text, this.deps.streamDelayMs, signal), emit);
      }
    });
    return { battleId: record.id, prompt: record.prompt, language: record.language, category: record.category };
  }

  private async streamSide(
    battle: OpenBattle,
    side: Side,
    pieces: AsyncIterable<string>,
    emit: BattleEmitter,
  ): Promise<void> {
    const battleId = battle.record.id;
    try {
      for await (const text of pieces) emit.chunk({ battleId, side, text });
      battle.ended[side] = true;
      emit.end({ battleId, side, ok: true });
    } catch (error) {
      battle.ended[side] = false;
      const aborted = error instanceof Error && error.name === "AbortError";
      // An aborted battle's voter has left or moved on; there is nobody to tell.
      if (!aborted) {
        this.deps.logger.warn({ battleId, side, err: error }, "answer stream failed");
        emit.end({ battleId, side, ok: false, error: "The answer could not be completed." });
      }
    }
  }
}
