/**
 * Battles that can still be voted on. The ones this process streams are kept in memory; any other
 * (started by another server of a cluster, or by this one before a restart) is rebuilt from the
 * store, so a voter whose connection lands elsewhere can still vote. Old in-memory entries are
 * dropped so a client starting battles without voting cannot grow memory without bound.
 */
import type { Side } from "@arena/shared/protocol";

import type { BattleRecord, StoredBattle } from "../domain/battle.ts";
import { ArenaError } from "../errors.ts";
import type { LiveModelConfig } from "../providers/liveModel.ts";
import type { ArenaStore } from "../store/store.ts";

export type OpenBattle = {
  record: BattleRecord;
  /** The live models on each side, when this server runs them; absent for a battle from a pack. */
  live?: Record<Side, LiveModelConfig>;
  /** The voter's prompts, one per turn (the first is `record.prompt`). */
  prompts: string[];
  /** Each side's answers, one per turn; the current turn's grows as it streams. */
  answers: Record<Side, string[]>;
  /** Per side, for the current turn: undefined while streaming, then whether it ended ok. */
  ended: Partial<Record<Side, boolean>>;
  vote: "open" | "recording" | "done";
};

export type BattleRegistryDeps = {
  store: ArenaStore;
  /** A live model's configuration, when this server runs it. */
  liveModel: (modelId: string) => LiveModelConfig | undefined;
  /** When the streaming of a pack battle's answers is over (wherever it runs). */
  packStreamEndsAt: (record: BattleRecord) => number;
  now: () => number;
};

export class BattleRegistry {
  private readonly battles = new Map<string, OpenBattle>();

  constructor(
    private readonly deps: BattleRegistryDeps,
    private readonly maxBattles = 100_000,
    private readonly maxAgeMs = 24 * 60 * 60 * 1000,
  ) {}

  add(battle: OpenBattle): OpenBattle {
    const { record } = battle;
    this.battles.set(record.id, battle);
    this.evict(record.startedAt.getTime());
    return battle;
  }

  forget(id: string): void {
    this.battles.delete(id);
  }

  /** The battle as this server streams it, else as the store knows it; undefined when unknown or expired. */
  async find(id: string): Promise<OpenBattle | undefined> {
    const local = this.battles.get(id);
    if (local) return local;
    let stored: StoredBattle | null;
    try {
      stored = await this.deps.store.getBattle(id);
    } catch {
      throw new ArenaError(
        "unavailable",
        "The arena cannot reach its database right now; please try again in a moment.",
      );
    }
    if (!stored || this.deps.now() - stored.record.startedAt.getTime() > this.maxAgeMs) return undefined;
    // Not cached: the server streaming it may still add turns, and the store has the last word.
    return this.revive(stored);
  }

  private revive({ record, state, voted }: StoredBattle): OpenBattle {
    const vote = voted ? "done" : "open";
    if (record.source === "pack") {
      const ended = this.deps.now() >= this.deps.packStreamEndsAt(record) ? { a: true, b: true } : {};
      return {
        record,
        prompts: [record.prompt],
        answers: { a: [record.answerA ?? ""], b: [record.answerB ?? ""] },
        ended,
        vote,
      };
    }
    const a = this.deps.liveModel(record.modelA);
    const b = this.deps.liveModel(record.modelB);
    // A live battle is saved after each finished turn; before that, it is still streaming elsewhere.
    const { prompts, answers, ended } = state ?? { prompts: [record.prompt], answers: { a: [""], b: [""] }, ended: {} };
    return { record, ...(a && b ? { live: { a, b } } : {}), prompts, answers, ended, vote };
  }

  /** Map order is insertion order, so the oldest battles come first. */
  private evict(now: number): void {
    for (const [id, battle] of this.battles) {
      const tooMany = this.battles.size > this.maxBattles;
      const tooOld = now - battle.record.startedAt.getTime() > this.maxAgeMs;
      if (!tooMany && !tooOld) break;
      this.battles.delete(id);
    }
  }
}
