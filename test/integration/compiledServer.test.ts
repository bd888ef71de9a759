/**
 * What `npm run serve` runs: the server compiled by `npm run build` (scripts/buildServer.mjs) on
 * plain node, no TypeScript loader. The other tests run the sources through tsx; this one makes
 * sure the bundle itself serves a battle, takes a vote, counts it and stops cleanly.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import type { Leaderboard } from "@arena/shared/protocol";

import { type ChildServer, startChildServer, tempArenaDir } from "../support/childServer.ts";
import { connectClient, expectOk, getJson, playBattle, request, TINY_PACK } from "../support/server.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("the compiled server (npm run build, then npm run serve)", function () {
  this.timeout(60_000);
  let server: ChildServer | undefined;
  after(async () => {
    await server?.kill("SIGKILL");
  });

  it("serves a battle and counts its vote on plain node, and stops cleanly on SIGTERM", async () => {
    execFileSync(process.execPath, ["scripts/buildServer.mjs"], { cwd: REPO_ROOT, stdio: "inherit" });
    const { dbFile, configFile } = tempArenaDir([TINY_PACK]);
    server = await startChildServer(
      { ARENA_DB: dbFile, ARENA_CONFIG: configFile, ARENA_STREAM_DELAY_MS: "0" },
      30_000,
      {
        compiled: true,
      },
    );
    assert.deepEqual((await getJson(`${server.url}/api/health`)).body, { ok: true });

    const voter = await connectClient(server.url);
    try {
      const battle = await playBattle(voter);
      assert.ok(battle.answers.a.length > 0 && battle.answers.b.length > 0, "both answers streamed");
      expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    } finally {
      voter.close();
    }
    const table = (await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body;
    assert.equal(table.battles, 1);

    const exit = await server.kill("SIGTERM");
    assert.deepEqual(exit, { code: 0, signal: null });
  });
});
