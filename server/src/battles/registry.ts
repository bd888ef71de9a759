/**
 * Battles that can still be voted on, in this process's memory. Old entries are dropped so a
 * client starting battles without voting cannot grow it without bound.
 */
import type { Side } from "@arena/shared/protocol";
import type { LiveModelConfig } from "../providers/liveModel.ts";
import type { BattleRecord } from "../store/store.ts";

export type OpenBattle = {
  record: BattleRecord;
  /** The live models on each side; absent for a battle from a pack. */
  live?: Record<Side, LiveModelConfig>;
  /** The voter's prompts, one per turn (the first is `record.prompt`). */
  prompts: string[];
  /** Each side's answers, one per turn; the current turn's grows as it streams. */
  answers: Record<Side, string[]>;
  /** Per side, for the current turn: undefined while streaming, then whether it ended ok. */
  ended: Partial<Record<Side, boolean>>;
  vote: "open" | "recording" | "done";
};

export class BattleRegistry {
  private readonly battles = new Map<string, OpenBattle>();

  constructor(
    private readonly maxBattles = 100_000,
    private readonly maxAgeMs = 24 * 60 * 60 * 1000,
  ) {}

  add(battle: OpenBattle): OpenBattle {
    const { record } = battle;
    this.battles.set(record.id, battle);
    this.evict(record.startedAt.getTime());
    return battle;
  }

  get(id: string): OpenBattle | undefined {
    return this.battles.get(id);
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
