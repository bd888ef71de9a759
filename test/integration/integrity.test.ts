import assert from "node:assert/strict";

import type { Leaderboard, VoteResult, Winner } from "@arena/shared/protocol";
import { createRandom } from "@arena/shared/ratings/random";

import { type InjectedVote, injectVotes, sessionHashOf } from "../support/injectVotes.ts";
import {
  connectClient,
  expectOk,
  getJson,
  playBattle,
  request,
  startTestServer,
  tempDbFile,
  type TestServer,
} from "../support/server.ts";

const TOKEN = "integrity-admin-token-0123456789abcdef";
const MODELS = ["tiny-alpha", "tiny-beta", "tiny-gamma"] as const;
/** Honest voters' chance that the first model beats the second: alpha > beta > gamma. */
const P_FIRST: Record<string, number> = {
  "tiny-alpha|tiny-beta": 0.7,
  "tiny-beta|tiny-gamma": 0.7,
  "tiny-alpha|tiny-gamma": 0.85,
};

function admin(server: TestServer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/api/admin${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...(init.headers ?? {}) },
  });
}

async function leaderboard(server: TestServer): Promise<Leaderboard> {
  return (await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body;
}

/** Eight honest sessions of 45 votes each over the three pairs (seeded). */
function honestVotes(seed: number): InjectedVote[] {
  const random = createRandom(seed);
  const votes: InjectedVote[] = [];
  for (let s = 0; s < 8; s++) {
    for (let v = 0; v < 45; v++) {
      const i = random.uint32() % 3;
      const [first, second] =
        i === 0 ? [MODELS[0], MODELS[1]] : i === 1 ? [MODELS[1], MODELS[2]] : [MODELS[0], MODELS[2]];
      const u = random.uniform();
      const winner: Winner = u < 0.1 ? "tie" : u < 0.1 + 0.9 * P_FIRST[`${first}|${second}`]! ? "a" : "b";
      votes.push({ session: `honest-${s}`, modelA: first, modelB: second, winner });
    }
  }
  return votes;
}

/** 30 votes for tiny-gamma, the weakest, whoever it meets. */
const PUSHER: InjectedVote[] = Array.from({ length: 30 }, (_, v) => ({
  session: "pusher",
  modelA: v % 2 ? "tiny-gamma" : MODELS[v % 4 < 2 ? 0 : 1],
  modelB: v % 2 ? MODELS[v % 4 < 2 ? 0 : 1] : "tiny-gamma",
  winner: v % 2 ? "a" : "b",
}));

type SessionList = {
  sessions: Array<{
    sessionHash: string;
    status: string;
    source: string;
    model: string | null;
    direction: string | null;
    pValue: number | null;
    votes: number;
    countedVotes: number;
    fisherStatistic: number | null;
  }>;
};

describe("vote integrity", () => {
  describe("the anomaly check", () => {
    let server: TestServer;
    afterEach(() => server.close());

    it("excludes a session that always votes for one model when an admin runs it, until an admin restores it", async () => {
      const dbFile = tempDbFile();
      await injectVotes(dbFile, honestVotes(11));
      server = await startTestServer({ dbFile, admin: { token: TOKEN }, integrity: { anomalyCheckMinutes: 0 } });
      const honest = await leaderboard(server);
      assert.equal(honest.battles, 360);

      // The pusher's votes arrive through the store while the server runs (as from another server).
      await injectVotes(server.dbFile, PUSHER);
      const checked = (await (await admin(server, "/anomaly-check", { method: "POST" })).json()) as {
        newlyExcluded: string[];
        excluded: string[];
        sessions: number;
      };
      const pusher = sessionHashOf("pusher");
      assert.deepEqual(checked.newlyExcluded, [pusher], "only the pusher, none of the honest voters");
      assert.equal(checked.sessions, 9);

      const { sessions } = (await (await admin(server, "/sessions")).json()) as SessionList;
      assert.equal(sessions.length, 1);
      const [flagged] = sessions;
      assert.equal(flagged!.sessionHash, pusher);
      assert.equal(flagged!.source, "anomaly");
      assert.equal(flagged!.status, "excluded");
      assert.equal(flagged!.model, "tiny-gamma");
      assert.equal(flagged!.direction, "up");
      assert.ok(flagged!.pValue! < 1e-4 && flagged!.fisherStatistic! > 60, JSON.stringify(flagged));
      assert.equal(flagged!.votes, 30);
      assert.equal(flagged!.countedVotes, 0);
      // Its votes are stored but counted nowhere: the table is the honest one.
      const after = await leaderboard(server);
      assert.equal(after.battles, 360);
      assert.deepEqual(after.rows, honest.rows);

      // An admin overrides the check, and the next check leaves the session alone.
      assert.equal(
        (
          await admin(server, `/sessions/${pusher}/restore`, {
            method: "POST",
            body: JSON.stringify({ reason: "a known tester" }),
          })
        ).status,
        200,
      );
      assert.equal((await leaderboard(server)).battles, 390);
      const again = (await (await admin(server, "/anomaly-check", { method: "POST" })).json()) as {
        newlyExcluded: string[];
        excluded: string[];
      };
      assert.deepEqual(again.newlyExcluded, []);
      assert.deepEqual(again.excluded, []);
      assert.equal((await leaderboard(server)).battles, 390);
      const { sessions: listed } = (await (await admin(server, "/sessions")).json()) as SessionList;
      assert.deepEqual(
        listed.map((s) => [s.status, s.source]),
        [["restored", "admin"]],
      );
    });

    it("runs at start too, so a restart serves the same tables without the pusher", async () => {
      const dbFile = tempDbFile();
      await injectVotes(dbFile, [...honestVotes(12), ...PUSHER]);
      server = await startTestServer({ dbFile, integrity: { anomalyCheckMinutes: 0 } });
      const first = await leaderboard(server);
      assert.equal(first.battles, 360);
      await server.close();
      server = await startTestServer({ dbFile, integrity: { anomalyCheckMinutes: 0 } });
      assert.deepEqual((await leaderboard(server)).rows, first.rows);
    });

    it("leaves every session counted with ARENA_ANOMALY_LEVEL=0", async () => {
      const dbFile = tempDbFile();
      await injectVotes(dbFile, [...honestVotes(13), ...PUSHER]);
      server = await startTestServer({ dbFile, integrity: { anomalyLevel: 0, anomalyCheckMinutes: 0 } });
      assert.equal((await leaderboard(server)).battles, 390);
    });
  });

  describe("the daily cap", () => {
    it("stores and reveals votes over the cap but does not count them, the same after a restart", async () => {
      const dbFile = tempDbFile();
      const options = { admin: { token: TOKEN }, integrity: { dailyVoteCap: 2, anomalyCheckMinutes: 0 } };
      let server = await startTestServer({ dbFile, ...options });
      const voter = await connectClient(server.url);
      try {
        const acks: VoteResult[] = [];
        for (let i = 0; i < 3; i++) {
          const battle = await playBattle(voter);
          acks.push(expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" })));
        }
        for (const ack of acks)
          assert.ok(MODELS.includes(ack.models.a as never) && MODELS.includes(ack.models.b as never));
        const elo = (ack: VoteResult) => ack.elo;
        assert.ok(elo(acks[1]!).a.after > elo(acks[1]!).a.before, "the second vote counted");
        assert.equal(elo(acks[2]!).a.after, elo(acks[2]!).a.before, "the third did not move anything");
        const table = await leaderboard(server);
        assert.equal(table.battles, 2);

        const exported = (await (await admin(server, "/export")).text()).trim().split("\n");
        assert.equal(exported.length, 3, "all three votes are stored");
        const uncounted = (await (await admin(server, "/votes")).json()) as {
          total: number;
          votes: Array<{ reason: string; kind: string }>;
        };
        assert.equal(uncounted.total, 1);
        assert.deepEqual(
          uncounted.votes.map((v) => [v.reason, v.kind]),
          [["daily_cap", "policy"]],
        );

        voter.disconnect();
        await server.close();
        server = await startTestServer({ dbFile, ...options });
        const replayed = await leaderboard(server);
        assert.equal(replayed.battles, 2);
        assert.deepEqual(replayed.rows, table.rows);
      } finally {
        voter.disconnect();
        await server.close();
      }
    });

    it("counts a session's votes again on the next UTC day", async () => {
      let now = new Date("2026-03-01T23:59:00Z");
      const server = await startTestServer({
        integrity: { dailyVoteCap: 1, anomalyCheckMinutes: 0 },
        infrastructure: { clock: () => now },
      });
      const voter = await connectClient(server.url);
      try {
        for (const at of ["2026-03-01T23:59:00Z", "2026-03-01T23:59:30Z", "2026-03-02T00:00:10Z"]) {
          now = new Date(at);
          const battle = await playBattle(voter);
          expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "b" }));
        }
        assert.equal((await leaderboard(server)).battles, 2);
      } finally {
        voter.disconnect();
        await server.close();
      }
    });
  });

  describe("duplicate-prompt damping", () => {
    it("counts a voter-written prompt only for its first votes, pack and imported ones always, the same after a restart", async () => {
      const dbFile = tempDbFile();
      const same = ["Tell me a joke", "tell me a joke!", "  TELL ME A JOKE  ", "Tell me a joke."];
      await injectVotes(dbFile, [
        ...same.map((prompt, i) => ({
          session: `asker-${i}`,
          modelA: "tiny-alpha",
          modelB: "tiny-beta",
          winner: "a" as const,
          prompt,
          source: "live" as const,
        })),
        {
          session: "asker-9",
          modelA: "tiny-alpha",
          modelB: "tiny-beta",
          winner: "b",
          prompt: "Something else",
          source: "live",
        },
        ...same.map((prompt, i) => ({
          session: `pack-${i}`,
          modelA: "tiny-beta",
          modelB: "tiny-gamma",
          winner: "a" as const,
          prompt,
          source: "pack" as const,
        })),
        ...same.map((prompt) => ({
          session: "importer",
          modelA: "tiny-alpha",
          modelB: "tiny-gamma",
          winner: "a" as const,
          prompt,
          source: "import" as const,
        })),
      ]);
      const options = { admin: { token: TOKEN }, integrity: { duplicatePromptCap: 2, anomalyCheckMinutes: 0 } };
      let server = await startTestServer({ dbFile, ...options });
      try {
        const table = await leaderboard(server);
        assert.equal(table.battles, 2 + 1 + 4 + 4);
        const uncounted = (await (await admin(server, "/votes?reason=duplicate_prompt")).json()) as {
          total: number;
          votes: Array<{ sessionHash: string }>;
        };
        assert.equal(uncounted.total, 2);
        assert.deepEqual(
          uncounted.votes.map((v) => v.sessionHash),
          [sessionHashOf("asker-2"), sessionHashOf("asker-3")],
        );
        assert.equal((await (await admin(server, "/export")).text()).trim().split("\n").length, 13);

        await server.close();
        server = await startTestServer({ dbFile, ...options });
        assert.deepEqual((await leaderboard(server)).rows, table.rows);
      } finally {
        await server.close();
      }
    });
  });

  it("lists votes flagged when stored (identity leaks) among the uncounted ones", async () => {
    const dbFile = tempDbFile();
    await injectVotes(dbFile, [
      { session: "v", modelA: "tiny-alpha", modelB: "tiny-beta", winner: "a", flag: "identity_leak" },
      { session: "v", modelA: "tiny-alpha", modelB: "tiny-beta", winner: "a" },
    ]);
    const server = await startTestServer({ dbFile, admin: { token: TOKEN }, integrity: { anomalyCheckMinutes: 0 } });
    try {
      assert.equal((await leaderboard(server)).battles, 1);
      const listed = (await (await admin(server, "/votes")).json()) as {
        total: number;
        votes: Array<{ reason: string; kind: string }>;
      };
      assert.deepEqual(
        listed.votes.map((v) => [v.reason, v.kind]),
        [["identity_leak", "flag"]],
      );
    } finally {
      await server.close();
    }
  });
});
