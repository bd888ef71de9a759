/**
 * Two Arena servers on one PostgreSQL, as behind a load balancer: live votes reach every server's
 * watchers, a battle started on one is voted on the other, tables agree, and PostgreSQL restarting
 * under a stream of votes loses no acknowledged vote.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Leaderboard } from "@arena/shared/protocol";

import { openPostgresStore } from "../../server/src/store/postgres.ts";
import { startChildServer, tempArenaDir } from "../support/childServer.ts";
import { freshPostgresUrl, postgresSuiteTitle, skipWithoutPostgres, type TestDatabase } from "../support/postgres.ts";
import {
  codeOf,
  connectClient,
  expectOk,
  getJson,
  nextEvent,
  playBattle,
  request,
  startTestServer,
  type TestServer,
  TINY_PACK,
  type VoterClient,
} from "../support/server.ts";

const CLUSTER_SCRIPT = fileURLToPath(new URL("../../scripts/postgres-test-cluster.sh", import.meta.url));
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(postgresSuiteTitle("several servers on one PostgreSQL"), function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let servers: TestServer[] = [];
  let clients: VoterClient[] = [];

  before(function () {
    skipWithoutPostgres(this);
  });

  async function startServer(): Promise<TestServer> {
    const store = await openPostgresStore(database.url);
    const server = await startTestServer({
      leaderboard: { pushIntervalMs: 50 },
      cluster: { databaseUrl: database.url, checkIntervalMs: 500, leaderRetryMs: 200 },
      admin: { token: ADMIN_TOKEN },
      infrastructure: { store, sessionSecret: SECRET },
    });
    servers.push(server);
    return server;
  }

  async function connect(server: TestServer, session?: string) {
    const client = await connectClient(server.url, session);
    clients.push(client);
    return client;
  }

  /** Waits until one of the servers holds the leader lock. */
  async function leader(): Promise<TestServer> {
    for (let waited = 0; waited < 5_000; waited += 50) {
      const found = servers.find((server) => server.arena.isLeader());
      if (found) return found;
      await delay(50);
    }
    throw new Error("no server became the leader");
  }

  // Text, so that a server started from the environment signs with the same key.
  const SECRET = Buffer.from(randomBytes(24).toString("hex"));
  const ADMIN_TOKEN = randomBytes(24).toString("hex");

  beforeEach(async () => {
    database = await freshPostgresUrl();
  });
  afterEach(async () => {
    for (const client of clients) client.disconnect();
    clients = [];
    for (const server of servers) await server.close();
    servers = [];
    await database.drop();
  });

  it("pushes a vote made through one server to a watcher on the other, once", async () => {
    const [first, second] = [await startServer(), await startServer()];
    const watcher = await connect(second);
    const initial = expectOk(await request(watcher, "leaderboard:watch", {}));
    assert.equal(initial.battles, 0);
    const updates: Leaderboard[] = [];
    watcher.on("leaderboard:update", (table) => updates.push(table));

    const voter = await connect(first);
    const battle = await playBattle(voter);
    expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    const update = await nextEvent(watcher, "leaderboard:update", 1_000);
    assert.equal(update.battles, 1);
    await delay(300);
    assert.equal(updates.length, 1, "only the leader pushes: one update, not one per server");
  });

  it("pushes the style-controlled table watched on a follower, from the leader, once per change", async () => {
    await startServer();
    await startServer();
    const leading = await leader();
    const follower = servers.find((server) => server !== leading)!;
    const watcher = await connect(follower);
    const initial = expectOk(await request(watcher, "leaderboard:watch", { style: "control" }));
    assert.ok(initial.styleCoefficients);
    // The follower tells the leader, which alone refits and pushes: give the message a moment.
    await delay(300);
    const updates: Leaderboard[] = [];
    watcher.on("leaderboard:update", (table) => updates.push(table));
    const voter = await connect(follower);
    const battle = await playBattle(voter);
    expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "b" }));
    const update = await nextEvent(watcher, "leaderboard:update", 2_000);
    assert.equal(update.battles, 1);
    assert.ok(update.styleCoefficients, "the style-controlled table, with its coefficients");
    await delay(700);
    assert.equal(updates.length, 1, "one push, from the leader");
  });

  it("takes on one server the vote of a battle started on the other, and both count it", async () => {
    const [first, second] = [await startServer(), await startServer()];
    const voter = await connect(first);
    const battle = await playBattle(voter);
    const elsewhere = await connect(second, voter.session);
    expectOk(await request(elsewhere, "battle:vote", { battleId: battle.battleId, winner: "b" }));
    assert.equal(
      codeOf(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" })),
      "already_voted",
    );
    await delay(300);
    for (const server of [first, second]) {
      const { body } = await getJson<Leaderboard>(`${server.url}/api/leaderboard`);
      assert.equal(body.battles, 1, `server on ${server.port}`);
    }
  });

  it("keeps every server's tables equal to the database's votes, whichever server took them", async () => {
    const [first, second] = [await startServer(), await startServer()];
    const voters = [await connect(first), await connect(second), await connect(first), await connect(second)];
    await Promise.all(
      voters.map(async (voter, index) => {
        for (let round = 0; round < 5; round++) {
          const battle = await playBattle(voter);
          expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: round % 2 ? "a" : "tie" }));
        }
        return index;
      }),
    );
    await delay(300);
    const tables = await Promise.all(
      [first, second].map(async (server) => (await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body),
    );
    assert.equal(tables[0]!.battles, 20);
    // Same counts everywhere; the fits agree to rounding (each server warm-starts its own).
    const byModel = (table: Leaderboard) =>
      [...table.rows]
        .sort((x, y) => x.model.localeCompare(y.model))
        .map((row) => [row.model, row.battles, row.wins, row.ties]);
    assert.deepEqual(byModel(tables[1]!), byModel(tables[0]!));
    assert.equal(tables[1]!.votesHash, tables[0]!.votesHash);
    const ratingOf = new Map(tables[0]!.rows.map((row) => [row.model, row.rating]));
    for (const row of tables[1]!.rows) assert.ok(Math.abs(row.rating - ratingOf.get(row.model)!) < 0.5, row.model);
  });

  it("catches up from the database on a vote whose notification it missed", async () => {
    const server = await startServer();
    // Written straight into the database: no server announced it.
    const store = await openPostgresStore(database.url);
    await store.importBattles([
      {
        ...{ id: "quiet-battle", sessionHash: "s", prompt: "Hello?", language: "en", category: null, tags: [] },
        ...{ modelA: "alpha", modelB: "beta", answerA: "a", answerB: "b", source: "import", startedAt: new Date() },
        ...{ winner: "a", votedAt: new Date(), flag: null },
      },
    ]);
    await store.close();
    await untilCounted(server, 1, 5_000, "the periodic check did not pick up the vote");
  });

  it("excludes a session on every server when an admin excludes it through one", async () => {
    const [first, second] = [await startServer(), await startServer()];
    const voter = await connect(first);
    const other = await connect(first);
    for (const client of [voter, other]) {
      const battle = await playBattle(client);
      expectOk(await request(client, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    }
    const exported = await fetch(`${second.url}/api/admin/export?format=jsonl`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const sessions = (await exported.text())
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { judge: string }).judge);
    const excluded = await fetch(`${second.url}/api/admin/sessions/${encodeURIComponent(sessions[0]!)}/exclude`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ reason: "test" }),
    });
    assert.equal(excluded.status, 200);
    await untilCounted(first, 1, 3_000, "the other server did not rebuild without the excluded session");
  });

  it("hands the pushing over when the leading server stops", async () => {
    await startServer();
    await startServer();
    const leading = await leader();
    const other = servers.find((server) => server !== leading)!;
    const watcher = await connect(other);
    expectOk(await request(watcher, "leaderboard:watch", {}));
    await leading.close();
    servers = servers.filter((server) => server !== leading);
    assert.equal(await leader(), other);
    const voter = await connect(other);
    const battle = await playBattle(voter);
    expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    assert.equal((await nextEvent(watcher, "leaderboard:update", 1_000)).battles, 1);
  });

  it("carries on when the leading server is killed: another takes over and pushes", async () => {
    const arenaDir = tempArenaDir([TINY_PACK]);
    const killed = await startChildServer({
      DATABASE_URL: database.url,
      ARENA_SESSION_SECRET: SECRET.toString("utf8"),
      ARENA_CONFIG: arenaDir.configFile,
      ARENA_STREAM_DELAY_MS: "0",
      ARENA_RATE_LIMITS: "off",
      ARENA_DAILY_VOTE_CAP: "0",
      ARENA_ADMIN_TOKEN: undefined,
    });
    try {
      const survivor = await startServer(); // the child took the lock first
      assert.equal(survivor.arena.isLeader(), false);
      const watcher = await connect(survivor);
      expectOk(await request(watcher, "leaderboard:watch", {}));
      const early = await connectClient(killed.url);
      clients.push(early);
      const first = await playBattle(early);
      expectOk(await request(early, "battle:vote", { battleId: first.battleId, winner: "a" }));
      assert.equal(
        (await nextEvent(watcher, "leaderboard:update", 1_000)).battles,
        1,
        "pushed by the child, the leader",
      );

      await killed.kill("SIGKILL");
      await leader(); // PostgreSQL ends the dead server's session, and with it the lock
      assert.equal(survivor.arena.isLeader(), true);
      const voter = await connect(survivor, early.session);
      const second = await playBattle(voter);
      expectOk(await request(voter, "battle:vote", { battleId: second.battleId, winner: "b" }));
      assert.equal((await nextEvent(watcher, "leaderboard:update", 1_000)).battles, 2);
    } finally {
      if (killed.running()) await killed.kill("SIGKILL");
    }
  });

  it("loses no acknowledged vote while PostgreSQL restarts under a stream of votes, and recovers by itself", async function () {
    const state = path.join(process.env.ARENA_PG_DIR ?? path.join(process.env.TMPDIR ?? "/tmp", "arena-pg"), "state");
    if (!fs.existsSync(state)) this.skip(); // only a cluster started by the script can be restarted here
    const [first, second] = [await startServer(), await startServer()];
    const acked: string[] = [];
    const refused = new Map<string, number>();
    let stop = false;
    const loop = async (voter: VoterClient) => {
      const ends = endsOf(voter);
      while (!stop) {
        const started = await request(voter, "battle:start", {});
        if (!started.ok) {
          refused.set(started.error.code, (refused.get(started.error.code) ?? 0) + 1);
          await delay(20);
          continue;
        }
        await ends(started.data.battleId);
        const vote = await request(voter, "battle:vote", { battleId: started.data.battleId, winner: "a" });
        if (vote.ok) acked.push(started.data.battleId);
        else refused.set(vote.error.code, (refused.get(vote.error.code) ?? 0) + 1);
      }
    };
    const voters = [await connect(first), await connect(second), await connect(first), await connect(second)];
    const loops = voters.map(loop);
    await delay(500);
    const before = acked.length;
    execFileSync("bash", [CLUSTER_SCRIPT, "restart"], { stdio: "ignore" });
    await delay(1_500);
    const afterRestart = acked.length;
    await delay(1_000);
    stop = true;
    await Promise.all(loops);
    assert.ok(before > 0, "votes went through before the restart");
    assert.ok(acked.length > afterRestart, "votes went through again after the restart, without restarting Arena");
    assert.deepEqual(
      [...refused.keys()].filter((code) => code !== "unavailable"),
      [],
      "while PostgreSQL is away, refusals say so",
    );

    const store = await openPostgresStore(database.url);
    try {
      const stored = await store.listVotes({ includeFlagged: true });
      const counts = new Map<string, number>();
      for (const vote of stored) counts.set(vote.battleId, (counts.get(vote.battleId) ?? 0) + 1);
      for (const battleId of acked) assert.equal(counts.get(battleId), 1, `acknowledged vote ${battleId} stored once`);
    } finally {
      await store.close();
    }
  });
});

/** Waits until the server's overall table counts `battles` votes, failing with `problem` after `withinMs`. */
async function untilCounted(server: TestServer, battles: number, withinMs: number, problem: string): Promise<void> {
  for (let waited = 0; ; waited += 100) {
    const { body } = await getJson<Leaderboard>(`${server.url}/api/leaderboard`);
    if (body.battles === battles) return;
    assert.ok(waited < withinMs, problem);
    await delay(100);
  }
}

/** Collects `battle:end`s from the start; the returned function waits for both ends of a battle. */
function endsOf(client: VoterClient): (battleId: string) => Promise<void> {
  const ended = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  client.on("battle:end", ({ battleId }) => {
    ended.set(battleId, (ended.get(battleId) ?? 0) + 1);
    if (ended.get(battleId) === 2) waiting.get(battleId)?.();
  });
  return (battleId) =>
    new Promise((resolve) => {
      if (ended.get(battleId) === 2) resolve();
      else waiting.set(battleId, resolve);
    });
}
