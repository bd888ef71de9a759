import assert from "node:assert/strict";

import type { Leaderboard } from "@arena/shared/protocol";

import {
  connectClient,
  expectOk,
  getJson,
  playBattle,
  request,
  startTestServer,
  tempDbFile,
} from "../support/server.ts";

describe("restart", () => {
  it("keeps every vote and serves the same tables from the same database file", async () => {
    const dbFile = tempDbFile();
    const first = await startTestServer({ dbFile });
    const voter = await connectClient(first.url);
    for (let i = 0; i < 15; i++) {
      const battle = await playBattle(voter);
      expectOk(
        await request(voter, "battle:vote", { battleId: battle.battleId, winner: (["a", "b", "tie"] as const)[i % 3] }),
      );
    }
    voter.disconnect();
    const before = (await getJson<Leaderboard>(`${first.url}/api/leaderboard`)).body;
    const beforeFr = (await getJson<Leaderboard>(`${first.url}/api/leaderboard?language=fr`)).body;
    await first.close();

    const second = await startTestServer({ dbFile });
    try {
      const after = (await getJson<Leaderboard>(`${second.url}/api/leaderboard`)).body;
      const afterFr = (await getJson<Leaderboard>(`${second.url}/api/leaderboard?language=fr`)).body;
      assert.equal(after.battles, 15);
      assert.deepEqual(after.rows, before.rows);
      assert.deepEqual(afterFr.rows, beforeFr.rows);
      assert.equal(after.updatedAt, before.updatedAt, "updatedAt is the last vote's time");
    } finally {
      await second.close();
    }
  });
});
