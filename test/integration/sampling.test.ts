import assert from "node:assert/strict";

import { createRandom } from "@arena/shared/ratings/random";

import type { BattleWithVote } from "../../server/src/domain/battle.ts";
import { openSqliteStore } from "../../server/src/store/sqlite.ts";
import { connectClient, expectOk, playBattle, request, startTestServer, tempDbFile } from "../support/server.ts";

describe("adaptive pair sampling", () => {
  it("draws pairs that still lack votes far more often than well-measured ones", async () => {
    // 300 earlier votes between tiny-alpha and tiny-beta; tiny-gamma has none.
    const dbFile = tempDbFile();
    const store = openSqliteStore(dbFile);
    const earlier: BattleWithVote[] = Array.from({ length: 300 }, (_, i) => ({
      id: `earlier-vote-${String(i).padStart(6, "0")}`,
      sessionHash: "0".repeat(64),
      prompt: "",
      language: "und",
      category: null,
      tags: [],
      modelA: "tiny-alpha",
      modelB: "tiny-beta",
      answerA: null,
      answerB: null,
      source: "import",
      startedAt: new Date(2026, 0, 1),
      winner: i % 3 === 0 ? "b" : "a",
      votedAt: new Date(2026, 0, 1),
      flag: null,
    }));
    await store.importBattles(earlier);
    await store.close();

    const random = createRandom(5);
    const server = await startTestServer({
      dbFile,
      battles: { sampling: "adaptive" },
      infrastructure: { random: () => random.uniform() },
    });
    const voter = await connectClient(server.url);
    try {
      let measuredPair = 0;
      for (let i = 0; i < 40; i++) {
        const battle = await playBattle(voter);
        const { models } = expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "tie" }));
        assert.notEqual(models.a, models.b);
        if (!models.a.includes("gamma") && !models.b.includes("gamma")) measuredPair++;
      }
      // Uniform sampling would give that pair about 13 of 40 battles.
      assert.ok(measuredPair <= 4, `${measuredPair} of 40 battles went to the pair with 300 votes`);
    } finally {
      voter.disconnect();
      await server.close();
    }
  });
});
