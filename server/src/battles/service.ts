/**
 * Battles: draw a prompt and two different models (from a pack, or live models for the voter's
 * own prompt), record the battle, and stream both answers to the voter as `battle:chunk`s followed
 * by one `battle:end` per side — for every turn of a live conversation.
 */
import { randomBytes } from "node:crypto";

import { tagPrompt } from "@arena/shared/promptTags";
import type {
  BattleChunk,
  BattleContinued,
  BattleContinuePayload,
  BattleEnd,
  BattleStarted,
  BattleStartPayload,
  Side,
} from "@arena/shared/protocol";

import type { BattleRecord } from "../domain/battle.ts";
import { ArenaError } from "../errors.ts";
import { detectLanguage } from "../language/detectLanguage.ts";
import type { Logger } from "../logger.ts";
import type { PromptPool } from "../packs/promptPool.ts";
import type { ChatMessage } from "../providers/liveModel.ts";
import type { LivePool, Release } from "../providers/livePool.ts";
import { ProviderError, streamChatInto } from "../providers/streamChat.ts";
import type { ArenaStore } from "../store/store.ts";
import { paceText, splitIntoPieces } from "./paceText.ts";
import type { BattlePicker } from "./pickBattle.ts";
import type { BattleRegistry, OpenBattle } from "./registry.ts";

const SIDES = ["a", "b"] as const;

export type BattleEmitter = {
  chunk(chunk: BattleChunk): void;
  end(end: BattleEnd): void;
};

export type BattleServiceDeps = {
  store: ArenaStore;
  pool: PromptPool;
  /** How a pack prompt and its pair are drawn (uniform, or adaptive). */
  pick: BattlePicker;
  live: LivePool;
  /** Most voter turns in one live battle. */
  maxTurns: number;
  registry: BattleRegistry;
  clock: () => Date;
  random: () => number;
  streamDelayMs: number;
  logger: Logger;
  /** Told of every battle recorded here (for the operator's numbers). */
  onStarted?: (source: BattleRecord["source"]) => void;
  /** Told how each live answer went and what it took (for the operator's numbers). */
  onLiveAnswer?: (report: LiveAnswerTiming) => void;
};

/** One live model's answer to one turn: how it ended, the seconds to its first chunk (null: none) and to its end. */
export type LiveAnswerTiming = {
  model: string;
  outcome: "ok" | "failed" | "aborted";
  firstChunkSeconds: number | null;
  totalSeconds: number;
};

export class BattleService {
  constructor(private readonly deps: BattleServiceDeps) {}

  /**
   * Records a new battle and returns what the voter may know of it. Streaming starts right after
   * the caller has answered (setImmediate). `newStream` is called once the request is accepted: it
   * stops the connection's previous stream and gives the signal that stops this one.
   */
  async start(
    sessionHash: string,
    payload: BattleStartPayload,
    emit: BattleEmitter,
    newStream: () => AbortSignal,
  ): Promise<BattleStarted> {
    return payload.prompt === undefined
      ? this.startFromPack(sessionHash, emit, newStream)
      : this.startLive(sessionHash, payload.prompt, emit, newStream);
  }

  /** A follow-up prompt in a live battle: both models answer it with their own history. */
  async continue(
    sessionHash: string,
    { battleId, prompt }: BattleContinuePayload,
    emit: BattleEmitter,
    newStream: () => AbortSignal,
  ): Promise<BattleContinued> {
    const battle = await this.deps.registry.find(battleId);
    if (!battle) throw new ArenaError("not_found", "There is no open battle with this id (it may have expired).");
    if (battle.record.sessionHash !== sessionHash) {
      throw new ArenaError("forbidden", "Only the voter who started this battle can continue it.");
    }
    if (battle.record.source !== "live")
      throw new ArenaError("forbidden", "Battles from the prompt pool have a single turn.");
    if (battle.vote !== "open") throw new ArenaError("already_voted", "This battle already has a vote.");
    assertTurnEnded(battle);
    if (!battle.live)
      throw new ArenaError("unavailable", "This battle's models are no longer served; vote, or start a new battle.");
    if (battle.prompts.length >= this.deps.maxTurns) {
      throw new ArenaError("turn_limit", `A battle has at most ${this.deps.maxTurns} turns; vote, or start a new one.`);
    }
    const signal = newStream();
    const releases = await this.acquireSlots(battle.live, signal);
    battle.prompts.push(prompt);
    for (const side of SIDES) battle.answers[side].push("");
    battle.ended = {};
    const turn = battle.prompts.length;
    this.deps.logger.info({ battleId, turn }, "battle continued");
    setImmediate(() => this.streamLiveTurn(battle, releases, emit, signal));
    return { battleId, turn };
  }

  private async startFromPack(
    sessionHash: string,
    emit: BattleEmitter,
    newStream: () => AbortSignal,
  ): Promise<BattleStarted> {
    const { pool } = this.deps;
    if (pool.prompts.length === 0) {
      throw new ArenaError("no_prompts", "This arena has no prompt pool; type your own prompt instead.");
    }
    const signal = newStream();
    const pick = this.deps.pick(this.deps.random);
    const answers = { a: pick.prompt.answers.get(pick.models.a)!, b: pick.prompt.answers.get(pick.models.b)! };
    const battle = await this.open({
      record: this.newRecord(sessionHash, pick.prompt.prompt, {
        language: pick.prompt.language,
        category: pick.prompt.category,
        tags: pick.prompt.tags,
        models: pick.models,
        answers,
        source: "pack",
      }),
      prompts: [pick.prompt.prompt],
      answers: { a: [answers.a], b: [answers.b] },
    });
    setImmediate(() => {
      for (const side of SIDES) {
        const pieces = paceText(answers[side], this.deps.streamDelayMs, signal);
        void this.streamSide(battle, side, emit, async (send) => {
          for await (const text of pieces) send(text);
        });
      }
    });
    return started(battle, 1);
  }

  private async startLive(
    sessionHash: string,
    prompt: string,
    emit: BattleEmitter,
    newStream: () => AbortSignal,
  ): Promise<BattleStarted> {
    const [first, second] = this.deps.live.pickPair(this.deps.random);
    const signal = newStream();
    const live = this.deps.random() < 0.5 ? { a: first, b: second } : { a: second, b: first };
    // Slots first: a battle that cannot run now is refused with `busy` before anything is recorded.
    const releases = await this.acquireSlots(live, signal);
    let battle: OpenBattle;
    try {
      battle = await this.open({
        record: this.newRecord(sessionHash, prompt, {
          language: detectLanguage(prompt),
          category: null,
          tags: tagPrompt(prompt),
          models: { a: live.a.id, b: live.b.id },
          answers: { a: null, b: null },
          source: "live",
        }),
        live,
        prompts: [prompt],
        answers: { a: [""], b: [""] },
      });
    } catch (error) {
      for (const release of Object.values(releases)) release();
      throw error;
    }
    setImmediate(() => this.streamLiveTurn(battle, releases, emit, signal));
    return started(battle, this.deps.maxTurns);
  }

  private newRecord(
    sessionHash: string,
    prompt: string,
    details: Pick<BattleRecord, "language" | "category" | "tags" | "source"> & {
      models: Record<Side, string>;
      answers: Record<Side, string | null>;
    },
  ): BattleRecord {
    return {
      id: newBattleId(),
      sessionHash,
      prompt,
      language: details.language,
      category: details.category,
      tags: details.tags,
      modelA: details.models.a,
      modelB: details.models.b,
      answerA: details.answers.a,
      answerB: details.answers.b,
      source: details.source,
      startedAt: this.deps.clock(),
    };
  }

  private async open(battle: Omit<OpenBattle, "ended" | "vote">): Promise<OpenBattle> {
    const { record } = battle;
    try {
      await this.deps.store.insertBattle(record);
    } catch (error) {
      this.deps.logger.error({ battleId: record.id, err: error }, "battle could not be stored");
      throw new ArenaError("unavailable", "The arena cannot save battles right now; please try again in a moment.");
    }
    this.deps.logger.info({ battleId: record.id, language: record.language, source: record.source }, "battle started");
    this.deps.onStarted?.(record.source);
    return this.deps.registry.add({ ...battle, ended: {}, vote: "open" });
  }

  /** Both sides' slots, or none: a side that cannot get one releases the other. */
  private async acquireSlots(
    live: NonNullable<OpenBattle["live"]>,
    signal: AbortSignal,
  ): Promise<Record<Side, Release>> {
    const [a, b] = await Promise.allSettled([
      this.deps.live.acquire(live.a.id, signal),
      this.deps.live.acquire(live.b.id, signal),
    ]);
    if (a.status === "fulfilled" && b.status === "fulfilled") return { a: a.value, b: b.value };
    for (const result of [a, b]) if (result.status === "fulfilled") result.value();
    throw (a.status === "rejected" ? a.reason : (b as PromiseRejectedResult).reason) as Error;
  }

  private streamLiveTurn(
    battle: OpenBattle,
    releases: Record<Side, Release>,
    emit: BattleEmitter,
    signal: AbortSignal,
  ): void {
    for (const side of SIDES) {
      const model = battle.live![side];
      const askedAt = performance.now();
      let firstChunkAt: number | null = null;
      const messages = conversationOf(battle, side);
      // Each read's pieces go out as they arrive, straight from the response's data event.
      const answer = (send: (text: string) => void) =>
        streamChatInto(model, messages, signal, (pieces) => {
          firstChunkAt ??= performance.now();
          for (const text of pieces) send(text);
        });
      void this.streamSide(battle, side, emit, answer).then((outcome) => {
        releases[side]();
        if (outcome === "ok") this.deps.live.reportSuccess(model.id, performance.now() - askedAt);
        if (outcome === "failed") this.deps.live.reportFailure(model.id);
        this.deps.onLiveAnswer?.({
          model: model.id,
          outcome,
          firstChunkSeconds: firstChunkAt === null ? null : (firstChunkAt - askedAt) / 1000,
          totalSeconds: (performance.now() - askedAt) / 1000,
        });
      });
    }
  }

  /** Streams one side's current turn, whose `answer` sends each piece as it comes; answers how it went. */
  private async streamSide(
    battle: OpenBattle,
    side: Side,
    emit: BattleEmitter,
    answer: (send: (text: string) => void) => Promise<void>,
  ): Promise<"ok" | "failed" | "aborted"> {
    const battleId = battle.record.id;
    const turn = battle.prompts.length;
    const answers = battle.answers[side];
    const fromPack = battle.live === undefined;
    try {
      await answer((text) => {
        if (!fromPack) answers[turn - 1] += text;
        emit.chunk({ battleId, side, text, turn });
      });
      battle.ended[side] = true;
      await this.saveTurnIfOver(battle);
      emit.end({ battleId, side, ok: true, turn });
      return "ok";
    } catch (error) {
      battle.ended[side] = false;
      await this.saveTurnIfOver(battle);
      // An aborted battle's voter has left or moved on; there is nobody to tell.
      if (error instanceof Error && error.name === "AbortError") return "aborted";
      const message =
        error instanceof ProviderError ? error.message : "The answer could not be completed because of a server error.";
      this.deps.logger.warn({ battleId, side, turn, err: error }, "answer stream failed");
      emit.end({ battleId, side, ok: false, error: message, turn });
      return "failed";
    }
  }

  /**
   * Once both sides of a live turn have settled, the conversation is saved before the last
   * `battle:end` goes out, so a voter whose next request lands on another server finds it there.
   * (Pack answers are in the battle row from the start.)
   */
  private async saveTurnIfOver(battle: OpenBattle): Promise<void> {
    if (battle.record.source !== "live" || battle.ended.a === undefined || battle.ended.b === undefined) return;
    const { prompts, answers, ended } = battle;
    try {
      await this.deps.store.saveBattleState(battle.record.id, { prompts, answers, ended });
    } catch (error) {
      // This server still holds the battle; only a vote through another one would miss it.
      this.deps.logger.warn({ battleId: battle.record.id, err: error }, "battle state could not be saved");
    }
  }
}

const BATTLE_ID_BYTES = 16;
/** Random bytes drawn for this many ids at once: one call to the CSPRNG instead of one per battle. */
const IDS_PER_DRAW = 256;
let idBytes = Buffer.alloc(0);
let idOffset = 0;

/** 16 random bytes, base64url: unguessable, so a battle id alone gives nobody else's battle away. */
function newBattleId(): string {
  if (idOffset + BATTLE_ID_BYTES > idBytes.length) {
    idBytes = randomBytes(BATTLE_ID_BYTES * IDS_PER_DRAW);
    idOffset = 0;
  }
  const id = idBytes.toString("base64url", idOffset, idOffset + BATTLE_ID_BYTES);
  idOffset += BATTLE_ID_BYTES;
  return id;
}

/** Throws unless both sides of the current turn ended well. */
export function assertTurnEnded(battle: OpenBattle): void {
  if (battle.ended.a === false || battle.ended.b === false) {
    throw new ArenaError("battle_failed", "An answer of this battle failed, so it cannot go on or be voted on.");
  }
  if (battle.ended.a !== true || battle.ended.b !== true) {
    throw new ArenaError("not_finished", "Wait until both answers have finished.");
  }
}

/** When a pack battle's paced answers have all been sent: the later of its two sides. */
export function packStreamEndsAt(record: BattleRecord, streamDelayMs: number): number {
  const pieces = Math.max(...[record.answerA, record.answerB].map((answer) => splitIntoPieces(answer ?? "").length));
  return record.startedAt.getTime() + pieces * streamDelayMs;
}

function started(battle: OpenBattle, maxTurns: number): BattleStarted {
  const { record } = battle;
  return {
    battleId: record.id,
    prompt: record.prompt,
    language: record.language,
    category: record.category,
    mode: battle.live ? "live" : "pack",
    maxTurns,
  };
}

/** One side's own history: every voter prompt, with that side's earlier answers between them. */
function conversationOf(battle: OpenBattle, side: Side): ChatMessage[] {
  return battle.prompts.flatMap((prompt, turn): ChatMessage[] => {
    const answer = battle.answers[side][turn];
    const isCurrent = turn === battle.prompts.length - 1;
    return isCurrent
      ? [{ role: "user", content: prompt }]
      : [
          { role: "user", content: prompt },
          { role: "assistant", content: answer! },
        ];
  });
}
