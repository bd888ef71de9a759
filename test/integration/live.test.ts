import assert from "node:assert/strict";

import type { AdminModelsResponse } from "@arena/shared/admin";
import type { BattleChunk, Leaderboard, ModelsResponse } from "@arena/shared/protocol";

import { openSqliteStore } from "../../server/src/store/sqlite.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../support/fakeOpenAI.ts";
import {
  codeOf,
  connectClient,
  expectOk,
  getJson,
  liveModel,
  nextEvent,
  playBattle,
  request,
  startTestServer,
  type TestServer,
  type TestServerOptions,
  type VoterClient,
} from "../support/server.ts";

const ANSWERS: Record<string, string[]> = {
  "live-one": ["The capital ", "of France ", "is Paris."],
  "live-two": ["Paris ", "is the capital."],
};

describe("live models", () => {
  let fake: FakeOpenAI;
  let server: TestServer;
  let voter: VoterClient;

  async function start(options: TestServerOptions = {}, models = ["live-one", "live-two"]) {
    server = await startTestServer({
      ...options,
      live: { models: models.map((id) => liveModel(id, fake.baseURL)), ...options.live },
    });
    voter = await connectClient(server.url);
  }

  beforeEach(async () => {
    fake = await startFakeOpenAI({
      models: Object.fromEntries(Object.entries(ANSWERS).map(([model, chunks]) => [model, { chunks, delayMs: 5 }])),
    });
  });
  afterEach(async () => {
    voter?.disconnect();
    await server?.close();
    await fake.close();
  });

  it("streams both models' answers to the voter's own prompt, each side in order, and reveals them", async () => {
    await start();
    const battle = await playBattle(voter, { prompt: "Quelle est la capitale de la France ?" });
    assert.equal(battle.language, "fr");
    const { models } = expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    assert.deepEqual(new Set([models.a, models.b]), new Set(["live-one", "live-two"]));
    assert.equal(battle.answers.a, ANSWERS[models.a]!.join(""));
    assert.equal(battle.answers.b, ANSWERS[models.b]!.join(""));
    for (const side of ["a", "b"] as const) {
      assert.equal(battle.chunks.filter((c) => c.side === side).length, ANSWERS[models[side]]!.length);
      assert.deepEqual(battle.ends[side], { battleId: battle.battleId, side, ok: true, turn: 1 });
    }
    // Both requests carried the default system instruction and the prompt.
    for (const recorded of fake.requests) {
      assert.equal(recorded.messages[0]!.role, "system");
      assert.match(recorded.messages[0]!.content, /Do not reveal your name/);
      assert.deepEqual(recorded.messages.slice(1), [
        { role: "user", content: "Quelle est la capitale de la France ?" },
      ]);
    }
    const table = (await getJson<Leaderboard>(`${server.url}/api/leaderboard?language=fr`)).body;
    assert.equal(table.battles, 1);
  });

  it("streams both sides at the same time", async () => {
    fake.script("live-one", { chunks: ["1", "2", "3", "4"], delayMs: 60 });
    fake.script("live-two", { chunks: ["w", "x", "y", "z"], delayMs: 60 });
    await start();
    const battle = await playBattle(voter, { prompt: "Count to four, please." });
    const sides = battle.chunks.map((chunk) => chunk.side).join("");
    // Interleaved, not one whole answer after the other.
    assert.ok(!/^(a{4}b{4}|b{4}a{4})$/.test(sides), sides);
  });

  it("sends a follow-up to both models, each with its own history, and the vote covers the conversation", async () => {
    await start();
    const first = await playBattle(voter, { prompt: "What is the capital of France?" });
    const chunks: BattleChunk[] = [];
    voter.on("battle:chunk", (chunk) => chunks.push(chunk));
    const ends = Promise.all([
      nextEvent(voter, "battle:end", 3000),
      new Promise((r) => voter.once("battle:end", () => voter.once("battle:end", r))),
    ]);
    const continued = expectOk(
      await request(voter, "battle:continue", { battleId: first.battleId, prompt: "And of Spain?" }),
    );
    assert.deepEqual(continued, { battleId: first.battleId, turn: 2 });
    await ends;
    assert.ok(chunks.length > 0 && chunks.every((chunk) => chunk.turn === 2));
    const { models } = expectOk(await request(voter, "battle:vote", { battleId: first.battleId, winner: "b" }));
    for (const side of ["a", "b"] as const) {
      const followUp = fake.requests.filter((r) => r.model === models[side]).at(-1)!;
      assert.deepEqual(followUp.messages.slice(1), [
        { role: "user", content: "What is the capital of France?" },
        { role: "assistant", content: ANSWERS[models[side]]!.join("") },
        { role: "user", content: "And of Spain?" },
      ]);
    }
    const [exported] = await exportAll(server);
    assert.equal(exported!.conversation!.length, 2);
    assert.deepEqual(exported!.tags, ["multiturn"]);
  });

  it("stops follow-ups at the turn limit", async () => {
    await start({ battles: { maxTurns: 2 } });
    const battle = await playBattle(voter, { prompt: "Hello there, how are you?" });
    assert.equal(battle.maxTurns, 2);
    const ended = new Promise((resolve) => voter.once("battle:end", () => voter.once("battle:end", resolve)));
    expectOk(await request(voter, "battle:continue", { battleId: battle.battleId, prompt: "And then?" }));
    await ended;
    assert.equal(
      codeOf(await request(voter, "battle:continue", { battleId: battle.battleId, prompt: "More?" })),
      "turn_limit",
    );
  });

  it("refuses follow-ups before the turn ended, from others, on pool battles, and after the vote", async () => {
    fake.script("live-one", { chunks: ["slow ", "answer"], delayMs: 200 });
    await start();
    const started = expectOk(await request(voter, "battle:start", { prompt: "Tell me something." }));
    assert.equal(started.mode, "live");
    const ends = new Promise<boolean[]>((resolve) => {
      const seen: boolean[] = [];
      voter.on("battle:end", (end) => seen.push(end.ok) === 2 && resolve(seen));
    });
    assert.equal(
      codeOf(await request(voter, "battle:continue", { battleId: started.battleId, prompt: "Go on" })),
      "not_finished",
    );
    // The refused follow-up did not disturb the turn still streaming.
    assert.deepEqual(await ends, [true, true]);
    voter.off("battle:end");
    const stranger = await connectClient(server.url);
    try {
      assert.equal(
        codeOf(await request(stranger, "battle:continue", { battleId: started.battleId, prompt: "Go on" })),
        "forbidden",
      );
    } finally {
      stranger.disconnect();
    }
    const fromPool = await playBattle(voter);
    assert.equal(fromPool.ends.a.ok && fromPool.ends.b.ok, true);
    assert.equal(
      codeOf(await request(voter, "battle:continue", { battleId: fromPool.battleId, prompt: "Go on" })),
      "forbidden",
    );
    const live = await playBattle(voter, { prompt: "One more question, please." });
    expectOk(await request(voter, "battle:vote", { battleId: live.battleId, winner: "tie" }));
    assert.equal(
      codeOf(await request(voter, "battle:continue", { battleId: live.battleId, prompt: "Go on" })),
      "already_voted",
    );
  });

  for (const [fault, kind] of [
    ["http500", /error/i],
    ["malformed", /.+/],
    ["drop", /dropped|connection/i],
    ["emptyStream", /.+/],
  ] as const) {
    it(`ends the failing side with ok: false on ${fault}, and the battle cannot be voted`, async () => {
      fake.script("live-two", { fault, faultAfterChunks: 1, chunks: ["partial ", "answer"] });
      await start();
      const battle = await playBattle(voter, { prompt: "Explain photosynthesis briefly." });
      const failed = Object.values(battle.ends).filter((end) => !end.ok);
      assert.equal(failed.length, 1);
      assert.match(failed[0]!.error!, kind);
      assert.ok(!failed[0]!.error!.includes("live-two") && !failed[0]!.error!.includes("127.0.0.1"));
      assert.equal(
        codeOf(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" })),
        "battle_failed",
      );
      assert.equal(
        codeOf(await request(voter, "battle:continue", { battleId: battle.battleId, prompt: "Again?" })),
        "battle_failed",
      );
      assert.equal((await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body.battles, 0);
    });
  }

  it("ends a side whose first token is too slow with a timeout", async () => {
    fake.script("live-one", { chunks: ["late"], firstDelayMs: 1500 });
    server = await startTestServer({
      live: {
        models: [
          liveModel("live-one", fake.baseURL, { firstTokenTimeoutMs: 300 }),
          liveModel("live-two", fake.baseURL),
        ],
      },
    });
    voter = await connectClient(server.url);
    const battle = await playBattle(voter, { prompt: "Quick question for both of you." });
    const failed = Object.values(battle.ends).find((end) => !end.ok)!;
    assert.match(failed.error!, /too long/);
  });

  it("cools down a model that keeps failing, then brings it back by itself", async () => {
    fake.script("live-bad", { fault: "http500" });
    // The cool-down runs on the server's clock, moved on by hand below: on a busy machine the
    // battles played while it cools could otherwise outlast a real 400 ms.
    let aheadMs = 0;
    const clock = () => new Date(Date.now() + aheadMs);
    await start({ live: { pool: { failuresBeforeCooldown: 2, cooldownMs: 400 } }, infrastructure: { clock } }, [
      "live-one",
      "live-two",
      "live-bad",
    ]);
    const statusOf = async () =>
      (await getJson<ModelsResponse>(`${server.url}/api/models`)).body.models.find((m) => m.id === "live-bad")!
        .availability;
    assert.equal(await statusOf(), "available");
    let failures = 0;
    for (let i = 0; i < 30 && failures < 2; i++) {
      const battle = await playBattle(voter, { prompt: `Question number ${i}, please answer.` });
      if (Object.values(battle.ends).some((end) => !end.ok)) failures++;
    }
    assert.equal(failures, 2);
    assert.equal(await statusOf(), "cooling_down");
    for (let i = 0; i < 8; i++) {
      const battle = await playBattle(voter, { prompt: "While it cools down, every battle works." });
      assert.ok(Object.values(battle.ends).every((end) => end.ok));
    }
    aheadMs += 450;
    assert.equal(await statusOf(), "available");
  });

  it("shows the operator each live model's answers, failures, cool-down and latency (GET /api/admin/models)", async () => {
    fake.script("live-bad", { fault: "http500" });
    const token = "admin-token-for-tests-0123456789abcdef";
    await start({ admin: { token }, live: { pool: { failuresBeforeCooldown: 2, cooldownMs: 60_000 } } }, [
      "live-one",
      "live-two",
      "live-bad",
    ]);
    const report = async () => {
      const response = await fetch(`${server.url}/api/admin/models`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200);
      const { models } = (await response.json()) as AdminModelsResponse;
      return new Map(models.map((model) => [model.id, model]));
    };
    const first = await report();
    assert.deepEqual(
      [...first].map(([id, model]) => [id, model.kind]),
      [
        ["live-bad", "live"],
        ["live-one", "live"],
        ["live-two", "live"],
        ["tiny-alpha", "pack"],
        ["tiny-beta", "pack"],
        ["tiny-gamma", "pack"],
      ],
      "every model, sorted",
    );
    assert.equal(first.get("tiny-alpha")!.live, null);
    assert.deepEqual(first.get("live-one")!.live, {
      running: 0,
      maxConcurrent: 4,
      waiting: 0,
      coolingUntil: null,
      failuresInARow: 0,
      answered: 0,
      failed: 0,
      latencyMs: null,
    });
    let played = 0;
    while ((await report()).get("live-bad")!.live!.coolingUntil === null && played < 40) {
      await playBattle(voter, { prompt: `Question number ${played++}, please answer.` });
    }
    const after = await report();
    const bad = after.get("live-bad")!.live!;
    assert.equal(bad.failed, 2, "two failures in a row sent it to cool down");
    assert.equal(bad.failuresInARow, 0, "the count starts again after a cool-down");
    assert.ok(Date.parse(bad.coolingUntil!) > Date.now());
    assert.equal(bad.answered, 0);
    assert.equal(bad.latencyMs, null);
    const answered = after.get("live-one")!.live!.answered + after.get("live-two")!.live!.answered;
    assert.equal(answered, played * 2 - 2, "every side that did not fail was answered");
    for (const id of ["live-one", "live-two"]) {
      const live = after.get(id)!.live!;
      if (live.answered === 0) continue;
      assert.equal(live.latencyMs!.samples, live.answered);
      assert.ok(live.latencyMs!.median > 0 && live.latencyMs!.median <= live.latencyMs!.p90);
    }
    const refused = await fetch(`${server.url}/api/admin/models`, { headers: { authorization: "Bearer wrong" } });
    assert.equal(refused.status, 401);
  });

  it("refuses a battle with busy when a model is at maxConcurrent, after a short wait", async () => {
    fake.script("live-one", { chunks: ["slow"], firstDelayMs: 800 });
    server = await startTestServer({
      live: {
        models: [liveModel("live-one", fake.baseURL, { maxConcurrent: 1 }), liveModel("live-two", fake.baseURL)],
        pool: { slotWaitMs: 150 },
      },
    });
    voter = await connectClient(server.url);
    const other = await connectClient(server.url);
    try {
      expectOk(await request(voter, "battle:start", { prompt: "First battle takes the only slot." }));
      assert.equal(codeOf(await request(other, "battle:start", { prompt: "Second one must wait." })), "busy");
    } finally {
      other.disconnect();
    }
  });

  it("aborts both upstream requests when the voter disconnects", async () => {
    fake.script("live-one", { chunks: ["a", "b", "c"], delayMs: 400 });
    fake.script("live-two", { chunks: ["a", "b", "c"], delayMs: 400 });
    await start();
    expectOk(await request(voter, "battle:start", { prompt: "A long answer, please." }));
    await new Promise((resolve) => fake.events.once("request", () => fake.events.once("request", resolve)));
    assert.equal(fake.openStreams(), 2);
    voter.disconnect();
    await fake.whenIdle(2000);
    assert.equal(fake.abortedByClient(), 2);
  });

  it("records a vote whose answer names a model, but flags it and counts it nowhere", async () => {
    fake.script("live-two", { chunks: ["As ChatGPT, ", "I can tell you: Paris."] });
    await start();
    const battle = await playBattle(voter, { prompt: "What is the capital of France?" });
    const result = expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    assert.deepEqual(new Set([result.models.a, result.models.b]), new Set(["live-one", "live-two"]));
    assert.equal(result.elo.a.before, result.elo.a.after);
    assert.equal((await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body.battles, 0);
    const [exported] = await exportAll(server);
    assert.equal(exported!.flag, "identity_leak");
    assert.equal(
      codeOf(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" })),
      "already_voted",
    );
  });

  it("answers pool battles without a prompt and live ones with it in the same arena", async () => {
    server = await startTestServer({
      live: { models: [liveModel("live-one", fake.baseURL), liveModel("live-two", fake.baseURL)] },
    });
    voter = await connectClient(server.url);
    const fromPool = await playBattle(voter);
    assert.ok(!fromPool.answers.a.includes("Paris"));
    const models = (await getJson<ModelsResponse>(`${server.url}/api/models`)).body;
    assert.equal(models.livePrompts, true);
    assert.deepEqual(
      models.models.filter((m) => m.kind === "live").map((m) => m.id),
      ["live-one", "live-two"],
    );
  });
});

/** Every battle of the server's database, through a second connection to the file. */
async function exportAll(server: TestServer) {
  const store = openSqliteStore(server.dbFile);
  try {
    return await store.exportBattles();
  } finally {
    await store.close();
  }
}
