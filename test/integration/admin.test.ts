import assert from "node:assert/strict";

import type { AdminVotersResponse } from "@arena/shared/admin";
import type { Leaderboard } from "@arena/shared/protocol";

import { type InjectedVote, injectVotes, sessionHashOf } from "../support/injectVotes.ts";
import {
  connectClient,
  expectOk,
  getJson,
  nextEvent,
  request,
  startTestServer,
  tempDbFile,
  type TestServer,
} from "../support/server.ts";

const TOKEN = "admin-token-for-tests-0123456789abcdef";
const auth = { authorization: `Bearer ${TOKEN}` };

function admin(server: TestServer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/api/admin${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
}

function postJson(server: TestServer, path: string, body: unknown): Promise<Response> {
  return admin(server, path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Six votes from "fan-of-alpha" for tiny-alpha, six from "fan-of-beta" for tiny-beta. */
const TWO_CAMPS: InjectedVote[] = Array.from({ length: 12 }, (_, i) => ({
  session: i % 2 ? "fan-of-beta" : "fan-of-alpha",
  modelA: "tiny-alpha",
  modelB: "tiny-beta",
  winner: i % 2 ? "b" : "a",
}));

describe("admin API", () => {
  describe("without ARENA_ADMIN_TOKEN", () => {
    let server: TestServer;
    before(async () => (server = await startTestServer()));
    after(() => server.close());

    it("answers every /api/admin path exactly like an unknown route, token or not", async () => {
      const unknown = await fetch(`${server.url}/api/no-such-route`);
      const unknownBody = await unknown.json();
      for (const [method, path] of [
        ["GET", "/sessions"],
        ["POST", "/anomaly-check"],
        ["GET", "/export"],
        ["GET", ""],
      ] as const) {
        const response = await admin(server, path, { method });
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal(response.headers.get("www-authenticate"), null);
        assert.deepEqual(await response.json(), unknownBody);
      }
    });
  });

  describe("with ARENA_ADMIN_TOKEN", () => {
    let server: TestServer;
    beforeEach(async () => {
      const dbFile = tempDbFile();
      await injectVotes(dbFile, TWO_CAMPS);
      server = await startTestServer({ dbFile, admin: { token: TOKEN }, integrity: { anomalyCheckMinutes: 0 } });
    });
    afterEach(() => server.close());

    it("refuses a missing, malformed or wrong token with 401, WWW-Authenticate: Bearer and the error shape", async () => {
      for (const authorization of [
        undefined,
        TOKEN,
        `Basic ${TOKEN}`,
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(1)}`,
        "Bearer ",
      ]) {
        const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
        const response = await fetch(`${server.url}/api/admin/sessions`, { headers });
        assert.equal(response.status, 401, String(authorization));
        assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer/);
        const body = (await response.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, "unauthorized");
        assert.equal(typeof body.error.message, "string");
      }
      // …and a wrong token changes nothing
      const refused = await fetch(`${server.url}/api/admin/sessions/${sessionHashOf("fan-of-beta")}/exclude`, {
        method: "POST",
        headers: { authorization: "Bearer nope", "content-type": "application/json" },
        body: JSON.stringify({ reason: "x" }),
      });
      assert.equal(refused.status, 401);
      assert.equal((await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body.battles, 12);
      // the right one, with any case of "Bearer"
      const ok = await fetch(`${server.url}/api/admin/sessions`, { headers: { authorization: `bearer ${TOKEN}` } });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get("cache-control"), "no-store");
    });

    it("lists every voter session with its statistics and standing, a page at a time (GET /api/admin/voters)", async () => {
      const extra = tempDbFile();
      await injectVotes(extra, [
        ...TWO_CAMPS,
        { session: "one-vote", modelA: "tiny-alpha", modelB: "tiny-beta", winner: "tie" },
      ]);
      await server.close();
      server = await startTestServer({ dbFile: extra, admin: { token: TOKEN }, integrity: { anomalyCheckMinutes: 0 } });
      const voters = async (query: string) => {
        const response = await admin(server, `/voters${query}`);
        assert.equal(response.status, 200, query);
        assert.equal(response.headers.get("cache-control"), "no-store");
        return (await response.json()) as AdminVotersResponse;
      };
      const all = await voters("");
      assert.equal(all.total, 3);
      // most votes first
      assert.deepEqual(
        all.voters.map((voter) => [voter.votes, voter.countedVotes, voter.standing]),
        [
          [6, 6, null],
          [6, 6, null],
          [1, 1, null],
        ],
      );
      assert.equal(all.voters[2]!.sessionHash, sessionHashOf("one-vote"));
      assert.deepEqual(
        new Set(all.voters.slice(0, 2).map((voter) => voter.sessionHash)),
        new Set([sessionHashOf("fan-of-alpha"), sessionHashOf("fan-of-beta")]),
      );
      for (const voter of all.voters) assert.ok(voter.firstVoteAt <= voter.lastVoteAt);

      const recent = await voters("?order=recent");
      const lastVotes = recent.voters.map((voter) => voter.lastVoteAt);
      assert.deepEqual(lastVotes, [...lastVotes].sort().reverse());

      const page = await voters("?limit=1&offset=1");
      assert.deepEqual(
        page.voters.map((voter) => voter.sessionHash),
        [all.voters[1]!.sessionHash],
      );
      assert.equal(page.total, 3);
      assert.equal(page.offset, 1);

      // An exclusion shows as the session's standing, and its votes stop counting.
      const beta = sessionHashOf("fan-of-beta");
      assert.equal((await postJson(server, `/sessions/${beta}/exclude`, { reason: "one-sided" })).status, 200);
      const excluded = (await voters("")).voters.find((voter) => voter.sessionHash === beta)!;
      assert.equal(excluded.countedVotes, 0);
      assert.equal(excluded.votes, 6);
      assert.deepEqual(
        { ...excluded.standing, updatedAt: undefined },
        { status: "excluded", source: "admin", reason: "one-sided", updatedAt: undefined },
      );

      for (const bad of ["?order=oldest", "?limit=0", "?limit=1001", "?offset=-1", "?page=2"]) {
        assert.equal((await admin(server, `/voters${bad}`)).status, 400, bad);
      }
      assert.equal((await fetch(`${server.url}/api/admin/voters`)).status, 401);
    });

    it("excluding a session moves the leaderboard and pushes it to a watcher; restoring brings it back", async () => {
      const watcher = await connectClient(server.url);
      try {
        const before = expectOk(await request(watcher, "leaderboard:watch", {}));
        assert.equal(before.battles, 12);
        const beta = sessionHashOf("fan-of-beta");

        const pushed = nextEvent(watcher, "leaderboard:update", 2000);
        const excluded = await postJson(server, `/sessions/${beta}/exclude`, { reason: "votes from a script" });
        assert.equal(excluded.status, 200);
        const { session } = (await excluded.json()) as { session: Record<string, unknown> };
        assert.deepEqual(
          {
            status: session.status,
            source: session.source,
            reason: session.reason,
            votes: session.votes,
            countedVotes: session.countedVotes,
          },
          { status: "excluded", source: "admin", reason: "votes from a script", votes: 6, countedVotes: 0 },
        );
        const update = await pushed;
        assert.equal(update.battles, 6);
        assert.deepEqual(
          update.rows.map((row) => [row.model, row.wins, row.losses]),
          [
            ["tiny-alpha", 6, 0],
            ["tiny-beta", 0, 6],
          ],
        );
        assert.equal((await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body.battles, 6);

        const listed = (await (await admin(server, "/sessions")).json()) as {
          sessions: Array<{ sessionHash: string; status: string }>;
        };
        assert.deepEqual(
          listed.sessions.map((s) => [s.sessionHash, s.status]),
          [[beta, "excluded"]],
        );
        const uncounted = (await (await admin(server, "/votes?reason=session_excluded")).json()) as {
          total: number;
          votes: Array<{ sessionHash: string; kind: string }>;
        };
        assert.equal(uncounted.total, 6);
        assert.ok(uncounted.votes.every((vote) => vote.sessionHash === beta && vote.kind === "policy"));

        const pushedBack = nextEvent(watcher, "leaderboard:update", 2000);
        const restored = await postJson(server, `/sessions/${beta}/restore`, {});
        assert.equal(restored.status, 200);
        assert.equal(
          ((await restored.json()) as { session: { status: string; countedVotes: number } }).session.countedVotes,
          6,
        );
        const back = await pushedBack;
        assert.equal(back.battles, 12);
        assert.deepEqual(back.rows, before.rows, "the same votes, replayed in the same order, give the same table");
      } finally {
        watcher.disconnect();
      }
    });

    it("validates session ids, reasons and bodies, and answers 404 for a session without votes", async () => {
      const beta = sessionHashOf("fan-of-beta");
      const cases: Array<[string, unknown, number]> = [
        ["/sessions/not-a-hash/exclude", { reason: "x" }, 400],
        [`/sessions/${beta}/exclude`, {}, 400],
        [`/sessions/${beta}/exclude`, { reason: "   " }, 400],
        [`/sessions/${beta}/exclude`, { reason: "x", extra: 1 }, 400],
        [`/sessions/${beta}/exclude`, { reason: "x".repeat(501) }, 400],
        [`/sessions/${sessionHashOf("nobody")}/exclude`, { reason: "x" }, 404],
        [`/sessions/${sessionHashOf("nobody")}/restore`, {}, 404],
      ];
      for (const [path, body, status] of cases) {
        const response = await postJson(server, path, body);
        assert.equal(response.status, status, `${path} ${JSON.stringify(body)}`);
        const { error } = (await response.json()) as { error: { code: string } };
        assert.equal(error.code, status === 400 ? "invalid_payload" : "not_found");
      }
      const huge = await admin(server, `/sessions/${beta}/exclude`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reason: "x".repeat(20_000) }),
      });
      assert.equal(huge.status, 400);
      assert.equal((await admin(server, "/votes?limit=0")).status, 400);
      assert.equal((await admin(server, "/votes?limit=5&unknown=1")).status, 400);
      assert.equal((await admin(server, "/export?format=xml")).status, 400);
      assert.equal((await admin(server, "/no-such-admin-route")).status, 404);
      assert.equal((await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body.battles, 12, "nothing changed");
    });

    it("exports every stored vote as FastChat JSONL or a JSON array, as a named attachment", async () => {
      const jsonl = await admin(server, "/export");
      assert.equal(jsonl.status, 200);
      assert.match(jsonl.headers.get("content-type") ?? "", /application\/x-ndjson/);
      assert.match(
        jsonl.headers.get("content-disposition") ?? "",
        /^attachment; filename="?arena-battles-\d{8}T\d{6}Z\.jsonl"?$/,
      );
      const lines = (await jsonl.text())
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { model_a: string; winner: string; judge: string });
      assert.equal(lines.length, 12);
      assert.deepEqual(
        new Set(lines.map((line) => line.judge)),
        new Set([sessionHashOf("fan-of-alpha"), sessionHashOf("fan-of-beta")]),
      );

      const json = await admin(server, "/export?format=json");
      assert.match(json.headers.get("content-disposition") ?? "", /\.json"?$/);
      const battles = (await json.json()) as Array<{ winner: string }>;
      assert.equal(battles.length, 12);
      assert.deepEqual(battles.map((battle) => battle.winner).slice(0, 2), ["model_a", "model_b"]);
    });
  });
});
