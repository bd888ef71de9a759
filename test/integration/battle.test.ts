import assert from "node:assert/strict";

import { loadPack } from "../../server/src/packs/loadPack.ts";
import { emitRaw, expectOk, playBattle, request, TINY_PACK, useArenaPerTest } from "../support/server.ts";

const tinyPack = loadPack(TINY_PACK);
const tinyModels = new Set(tinyPack.answers.map((answer) => answer.model));
const answerOf = (prompt: string, model: string) => {
  const question = tinyPack.questions.find((q) => q.prompt === prompt)!;
  return tinyPack.answers.find((a) => a.questionId === question.id && a.model === model)!.text;
};

describe("battle:start, paced (stream delay 1 ms)", () => {
  // Without a pause an answer goes whole (paceText); pieces are for the page to show it arriving.
  const arena = useArenaPerTest({ battles: { streamDelayMs: 1 } });

  it("streams both answers as several chunks and ends each side once", async () => {
    const battle = await playBattle(arena.voter);
    assert.match(battle.battleId, /^[A-Za-z0-9_-]{16,64}$/);
    assert.ok(tinyPack.questions.some((q) => q.prompt === battle.prompt));
    for (const side of ["a", "b"] as const) {
      assert.ok(battle.chunks.filter((c) => c.side === side).length >= 2, `side ${side} came in one piece`);
      assert.deepEqual(battle.ends[side], { battleId: battle.battleId, side, ok: true, turn: 1 });
      assert.ok(battle.answers[side].length > 0);
    }
    assert.notEqual(battle.answers.a, battle.answers.b);
  });
});

describe("battle:start", () => {
  const arena = useArenaPerTest();

  it("sends an answer whole when there is no pause between pieces", async () => {
    const battle = await playBattle(arena.voter);
    const { models } = expectOk(await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    for (const side of ["a", "b"] as const) {
      assert.equal(battle.chunks.filter((c) => c.side === side).length, 1, `side ${side} came in pieces`);
      assert.equal(battle.answers[side], answerOf(battle.prompt, models[side]));
    }
  });

  it("detects the prompt's language and reports the pack's category", async () => {
    const seen = new Map<string, { language: string; category: string | null }>();
    for (let i = 0; i < 30; i++) {
      const battle = await playBattle(arena.voter);
      seen.set(battle.prompt, { language: battle.language, category: battle.category });
    }
    for (const [prompt, info] of seen) {
      const expected = prompt.startsWith("Écris") || prompt.startsWith("Quelle") ? "fr" : undefined;
      if (expected) assert.equal(info.language, expected, prompt);
      assert.ok(info.category, `no category for ${prompt}`);
    }
    const languages = new Set([...seen.values()].map((info) => info.language));
    assert.ok(languages.size >= 3, `only ${[...languages]} seen`);
  });

  it("reveals models whose answers are exactly what was streamed on each side", async () => {
    for (let i = 0; i < 5; i++) {
      const battle = await playBattle(arena.voter);
      const { models } = expectOk(
        await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "tie" }),
      );
      assert.notEqual(models.a, models.b);
      assert.ok(tinyModels.has(models.a) && tinyModels.has(models.b));
      assert.equal(battle.answers.a, answerOf(battle.prompt, models.a));
      assert.equal(battle.answers.b, answerOf(battle.prompt, models.b));
    }
  });

  it("names no model in anything sent to the voter before the vote", async () => {
    const frames: string[] = [];
    arena.voter.io.engine.on("packet", (packet: { data?: unknown }) => frames.push(JSON.stringify(packet.data ?? "")));
    for (let i = 0; i < 10; i++) {
      const battle = await playBattle(arena.voter);
      const beforeVote = frames.join("\n");
      frames.length = 0;
      for (const model of tinyModels) assert.ok(!beforeVote.includes(model), `${model} leaked before the vote`);
      const reveal = expectOk(await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
      assert.ok(frames.join("\n").includes(reveal.models.a), "the reveal itself names the models");
      frames.length = 0;
    }
  });

  it("uses both sides and many different pairs", async () => {
    const pairs = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const battle = await playBattle(arena.voter);
      const { models } = expectOk(
        await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "b" }),
      );
      pairs.add(`${models.a}>${models.b}`);
    }
    // 3 models → 6 ordered pairs; 40 uniform draws miss one with probability < 0.1%.
    assert.equal(pairs.size, 6);
  });

  it("refuses a voter's own prompt when no live model exists", async () => {
    const ack = await request(arena.voter, "battle:start", { prompt: "Tell me a joke" });
    assert.deepEqual(ack.ok ? "ok" : ack.error.code, "no_live_models");
  });

  it("refuses malformed payloads with invalid_payload and stays up", async () => {
    const bad: unknown[] = [
      null,
      "prompt",
      42,
      [],
      { prompt: 5 },
      { prompt: "" },
      { prompt: "   " },
      { prompt: "x".repeat(8001) },
      { prompt: "ok", extra: true },
      JSON.parse(`{"__proto__": {"prompt": "x"}}`),
      JSON.parse(`{"constructor": {"prototype": {"polluted": true}}}`),
    ];
    for (const payload of bad) {
      const ack = (await emitRaw(arena.voter, "battle:start", [payload])) as { ok: boolean; error?: { code: string } };
      assert.equal(ack.ok, false, JSON.stringify(payload));
      assert.equal(ack.error?.code, "invalid_payload", JSON.stringify(payload));
    }
    assert.equal(
      await emitRaw(arena.voter, "battle:start", [{}, "extra", 3]).then((a) => (a as { ok: boolean }).ok),
      false,
    );
    assert.equal(await emitRaw(arena.voter, "battle:start", [{}], 100).then(() => "sent"), "sent");
    assert.deepEqual(await emitRaw(arena.voter, "no:such:event", [{}], 100), {
      ok: false,
      error: { code: "invalid_payload", message: "There is no such event." },
    });
    // Still serving:
    await playBattle(arena.voter);
  });
});
