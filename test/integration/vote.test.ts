import assert from "node:assert/strict";

import type { Ack, VoteResult } from "@arena/shared/protocol";
import type { Leaderboard } from "@arena/shared/protocol";

import { codeOf, emitRaw, expectOk, getJson, playBattle, request, useArenaPerTest } from "../support/server.ts";

describe("battle:vote", () => {
  const arena = useArenaPerTest();
  const votesStored = async () => (await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard`)).body.battles;

  it("records the vote and reveals both models with their Elo moves", async () => {
    const battle = await playBattle(arena.voter);
    const result: VoteResult = expectOk(
      await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "a" }),
    );
    assert.equal(result.elo.a.before, 1000);
    assert.equal(result.elo.b.before, 1000);
    assert.equal(result.elo.a.after, 1002);
    assert.equal(result.elo.b.after, 998);
    const table = (await getJson<Leaderboard>(`${arena.server.url}/api/leaderboard`)).body;
    assert.equal(table.battles, 1);
    assert.deepEqual(
      table.rows.map((row) => [row.model, row.wins, row.losses, row.ties]),
      [
        [result.models.a, 1, 0, 0],
        [result.models.b, 0, 1, 0],
      ],
    );
  });

  it("refuses a second vote on the same battle", async () => {
    const battle = await playBattle(arena.voter);
    expectOk(await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    const again = await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "b" });
    assert.equal(codeOf(again), "already_voted");
    assert.equal(await votesStored(), 1);
  });

  it("refuses two votes sent at once: exactly one is accepted", async () => {
    const battle = await playBattle(arena.voter);
    const acks = await Promise.all(
      ["a", "b", "tie", "bothbad"].map((winner) =>
        request(arena.voter, "battle:vote", { battleId: battle.battleId, winner }),
      ),
    );
    assert.deepEqual(acks.map(codeOf).sort(), ["already_voted", "already_voted", "already_voted", "ok"]);
    assert.equal(await votesStored(), 1);
  });

  it("refuses a vote from another voter session and reveals nothing to it", async () => {
    const battle = await playBattle(arena.voter);
    const stranger = await arena.connect();
    {
      const ack = await request(stranger, "battle:vote", { battleId: battle.battleId, winner: "a" });
      assert.equal(codeOf(ack), "forbidden");
      assert.ok(!JSON.stringify(ack).includes("tiny-"));
      assert.equal(await votesStored(), 0);
      // The rightful voter still can.
      expectOk(await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    }
  });

  it("accepts the vote of the same session after a reconnect", async () => {
    const battle = await playBattle(arena.voter);
    arena.voter.disconnect();
    const again = await arena.connect(arena.voter.session);
    expectOk(await request(again, "battle:vote", { battleId: battle.battleId, winner: "bothbad" }));
    assert.equal(await votesStored(), 1);
  });

  it("refuses a vote before both answers ended", async () => {
    await arena.restart({ battles: { streamDelayMs: 40 } });
    const started = expectOk(await request(arena.voter, "battle:start", {}));
    const ack = await request(arena.voter, "battle:vote", { battleId: started.battleId, winner: "a" });
    assert.equal(codeOf(ack), "not_finished");
    assert.equal(await votesStored(), 0);
  });

  it("refuses a vote on a battle whose stream was abandoned", async () => {
    await arena.restart({ battles: { streamDelayMs: 40 } });
    const first = expectOk(await request(arena.voter, "battle:start", {}));
    await playBattle(arena.voter); // starting another battle stops the first stream
    const ack = await request(arena.voter, "battle:vote", { battleId: first.battleId, winner: "a" });
    assert.notEqual(codeOf(ack), "ok");
    assert.equal(await votesStored(), 0);
  });

  it("refuses an unknown battle and malformed votes", async () => {
    assert.equal(
      codeOf(await request(arena.voter, "battle:vote", { battleId: "A".repeat(22), winner: "a" })),
      "not_found",
    );
    const battle = await playBattle(arena.voter);
    const bad: unknown[] = [
      {},
      { battleId: battle.battleId },
      { battleId: battle.battleId, winner: "c" },
      { battleId: battle.battleId, winner: "A" },
      { battleId: battle.battleId, winner: "a", extra: 1 },
      { battleId: "../etc", winner: "a" },
      { battleId: 12, winner: "a" },
      "vote",
    ];
    for (const payload of bad) {
      const ack = (await emitRaw(arena.voter, "battle:vote", [payload])) as Ack<unknown>;
      assert.equal(codeOf(ack), "invalid_payload", JSON.stringify(payload));
    }
    assert.equal(await votesStored(), 0);
    expectOk(await request(arena.voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
  });
});

describe("voter sessions", () => {
  const arena = useArenaPerTest();

  it("starts a new session for a forged or altered token", async () => {
    const [id, mac] = arena.voter.session.split(".") as [string, string];
    const flipped = `${id}.${mac[0] === "A" ? "B" : "A"}${mac.slice(1)}`;
    for (const forged of [flipped, `${"x".repeat(24)}.${mac}`, "not-a-token", "a".repeat(64)]) {
      const client = await arena.connect(forged);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(client.session !== forged && client.session !== arena.voter.session, `${forged} was accepted`);
      assert.match(client.session, /^[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{22}$/);
    }
  });

  it("does not let an altered token vote on the real voter's battle", async () => {
    const battle = await playBattle(arena.voter);
    const [id] = arena.voter.session.split(".") as [string, string];
    const impostor = await arena.connect(`${id}.${"A".repeat(22)}`);
    const ack = await request(impostor, "battle:vote", { battleId: battle.battleId, winner: "a" });
    assert.equal(codeOf(ack), "forbidden");
  });
});
