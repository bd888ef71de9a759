/**
 * A battle belongs to the database, not to the process that started it: a voter whose connection
 * lands on another server (of a cluster, or the same one after a restart) can still vote and go on.
 * Two servers share one SQLite file here; the PostgreSQL cluster tests do the same across engines.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

import { type FakeOpenAI, startFakeOpenAI } from "../support/fakeOpenAI.ts";
import {
  codeOf,
  connectClient,
  expectOk,
  liveModel,
  playBattle,
  request,
  startTestServer,
  tempDbFile,
  type TestServer,
  type VoterClient,
} from "../support/server.ts";

describe("battle handover between servers", () => {
  let fake: FakeOpenAI;
  let first: TestServer;
  let second: TestServer;
  const clients: VoterClient[] = [];

  async function startPair(streamDelayMs = 0) {
    const dbFile = tempDbFile();
    const sessionSecret = randomBytes(32);
    const liveModels = ["live-one", "live-two"].map((id) => liveModel(id, fake.baseURL));
    const options = {
      dbFile,
      battles: { streamDelayMs },
      live: { models: liveModels },
      infrastructure: { sessionSecret },
    };
    first = await startTestServer(options);
    second = await startTestServer(options);
  }

  async function connect(server: TestServer, session?: string) {
    const client = await connectClient(server.url, session);
    clients.push(client);
    return client;
  }

  beforeEach(async () => {
    fake = await startFakeOpenAI({
      models: { "live-one": { chunks: ["One ", "answer."] }, "live-two": { chunks: ["Another ", "answer."] } },
    });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await first?.close();
    await second?.close();
    await fake.close();
  });

  it("takes the vote on a pool battle through another server, once", async () => {
    await startPair();
    const voter = await connect(first);
    const battle = await playBattle(voter);
    const elsewhere = await connect(second, voter.session);
    const result = expectOk(await request(elsewhere, "battle:vote", { battleId: battle.battleId, winner: "b" }));
    assert.notEqual(result.models.a, result.models.b);
    assert.equal(
      codeOf(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" })),
      "already_voted",
    );
    assert.equal(
      codeOf(await request(elsewhere, "battle:vote", { battleId: battle.battleId, winner: "a" })),
      "already_voted",
    );
  });

  it("refuses the handed-over vote of another voter, and before the answers were all sent", async () => {
    await startPair(200);
    const voter = await connect(first);
    const started = expectOk(await request(voter, "battle:start", {}));
    const elsewhere = await connect(second, voter.session);
    const stranger = await connect(second);
    assert.equal(
      codeOf(await request(elsewhere, "battle:vote", { battleId: started.battleId, winner: "a" })),
      "not_finished",
    );
    assert.equal(
      codeOf(await request(stranger, "battle:vote", { battleId: started.battleId, winner: "a" })),
      "forbidden",
    );
  });

  it("continues and takes the vote on a live conversation through another server", async () => {
    await startPair();
    const voter = await connect(first);
    const battle = await playBattle(voter, { prompt: "Say something, please." });
    const elsewhere = await connect(second, voter.session);
    const continued = playBattleTurn(elsewhere, battle.battleId, "And once more?");
    assert.equal((await continued).turn, 2);
    const result = expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "tie" }));
    assert.deepEqual(new Set([result.models.a, result.models.b]), new Set(["live-one", "live-two"]));
    // The second turn went to the models with each side's own first answer as history.
    const secondTurn = fake.requests.filter((recorded) => recorded.messages.at(-1)?.content === "And once more?");
    assert.equal(secondTurn.length, 2);
    for (const recorded of secondTurn) {
      const history = recorded.messages
        .filter((message) => message.role === "assistant")
        .map((message) => message.content);
      assert.deepEqual(history, [recorded.model === "live-one" ? "One answer." : "Another answer."]);
    }
  });

  it("forgets nothing across a restart: a battle started before it is voted after it", async () => {
    await startPair();
    const voter = await connect(first);
    const battle = await playBattle(voter);
    await first.close();
    const elsewhere = await connect(second, voter.session);
    expectOk(await request(elsewhere, "battle:vote", { battleId: battle.battleId, winner: "a" }));
  });
});

/** Sends a follow-up and waits until both sides of that turn ended. */
async function playBattleTurn(client: VoterClient, battleId: string, prompt: string) {
  const ends = new Set<string>();
  const done = new Promise<void>((resolve) =>
    client.on("battle:end", (end) => {
      if (end.battleId === battleId && end.turn === 2) ends.add(end.side);
      if (ends.size === 2) resolve();
    }),
  );
  const continued = expectOk(await request(client, "battle:continue", { battleId, prompt }));
  await done;
  return continued;
}
