import assert from "node:assert/strict";

import { MAX_PROMPT_CHARS } from "@arena/shared/limits";
import type { Ack, Leaderboard } from "@arena/shared/protocol";
import Database from "better-sqlite3";
import express, { type NextFunction, type Request, type Response } from "express";
import { io as connectSocket } from "socket.io-client";

import { readConfig } from "../../server/src/config.ts";
import { httpStatusFor, toAckError } from "../../server/src/errors.ts";
import { addressKey, clientAddress } from "../../server/src/limits/clientAddress.ts";
import { RateLimitedError, RateLimits } from "../../server/src/limits/rateLimits.ts";
import { jsonBody } from "../../server/src/limits/sizes.ts";
import {
  type ArenaClient,
  codeOf,
  connectClient,
  expectOk,
  generousLimits as limits,
  getJson,
  playBattle,
  request,
  startTestServer,
  type TestServer,
  useArenaPerTest,
  type VoterClient,
} from "../support/server.ts";

const messageOf = (ack: Ack<unknown>) => (ack.ok ? "" : ack.error.message);

/** Battle rows in the server's database (read beside it; the server keeps its own connection). */
function battlesWritten(server: TestServer): number {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM battles").pluck().get() as number;
  } finally {
    db.close();
  }
}

const votesCounted = async (server: TestServer) =>
  (await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body.battles;

/** Seconds of a "try again in N s" hint, asserting it is there and within the 60 s window. */
function retryHint(message: string): number {
  const match = /try again in (\d+) s/.exec(message);
  assert.ok(match, `no retry hint in "${message}"`);
  const seconds = Number(match[1]);
  assert.ok(seconds >= 1 && seconds <= 60, `retry hint ${seconds} s is outside the window`);
  return seconds;
}

/** A voter connecting through a proxy that reports `forwardedFor` as X-Forwarded-For. */
async function connectVia(url: string, forwardedFor: string, opened: ArenaClient[]): Promise<VoterClient> {
  const socket: ArenaClient = connectSocket(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { "x-forwarded-for": forwardedFor },
  });
  opened.push(socket);
  const granted = new Promise<string>((resolve) => socket.once("session", ({ token }) => resolve(token)));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return Object.assign(socket, { session: await granted });
}

/** The error of a connection attempt the server refuses (fails if it is accepted). */
async function refusedConnection(url: string): Promise<Error & { data?: { code?: string } }> {
  try {
    const client = await connectClient(url);
    client.disconnect();
  } catch (error) {
    return error as Error & { data?: { code?: string } };
  }
  assert.fail("the connection was accepted");
}

describe("rate limits", () => {
  describe("battles per voter session", () => {
    const arena = useArenaPerTest({ limits: { rates: limits({ battlesPerMinute: 3 }) } });

    it("refuses a session's battles beyond its limit with a retry hint and writes nothing for them", async () => {
      for (let i = 0; i < 3; i++) await playBattle(arena.voter);
      assert.equal(battlesWritten(arena.server), 3);

      const start = await request(arena.voter, "battle:start", {});
      assert.equal(codeOf(start), "rate_limited");
      assert.match(messageOf(start), /Too many battles from this session/);
      retryHint(messageOf(start));
      // battle:continue shares the battles budget, and is refused before it looks at the battle.
      const follow = await request(arena.voter, "battle:continue", {
        battleId: "b_0000000000000000",
        prompt: "and then?",
      });
      assert.equal(codeOf(follow), "rate_limited");
      assert.equal(battlesWritten(arena.server), 3);
    });

    it("leaves other sessions and the session's own votes alone", async () => {
      const earlier = await playBattle(arena.voter);
      for (let i = 0; i < 2; i++) await playBattle(arena.voter);
      assert.equal(codeOf(await request(arena.voter, "battle:start", {})), "rate_limited");

      const neighbour = await arena.connect();
      const theirs = await playBattle(neighbour);
      expectOk(await request(neighbour, "battle:vote", { battleId: theirs.battleId, winner: "a" }));
      expectOk(await request(arena.voter, "battle:vote", { battleId: earlier.battleId, winner: "b" }));
      assert.equal(battlesWritten(arena.server), 4);
      assert.equal(await votesCounted(arena.server), 2);
    });
  });

  describe("votes per voter session", () => {
    const arena = useArenaPerTest({ limits: { rates: limits({ votesPerMinute: 2 }) } });

    it("refuses a session's votes beyond its limit, records none of them, and lets another session vote", async () => {
      const played = [];
      for (let i = 0; i < 3; i++) played.push(await playBattle(arena.voter));
      expectOk(await request(arena.voter, "battle:vote", { battleId: played[0]!.battleId, winner: "a" }));
      expectOk(await request(arena.voter, "battle:vote", { battleId: played[1]!.battleId, winner: "tie" }));
      const third = await request(arena.voter, "battle:vote", { battleId: played[2]!.battleId, winner: "b" });
      assert.equal(codeOf(third), "rate_limited");
      assert.match(messageOf(third), /Too many votes from this session/);
      retryHint(messageOf(third));
      assert.ok(!JSON.stringify(third).includes("tiny-"), "a refused vote reveals no model");
      assert.equal(await votesCounted(arena.server), 2);

      const neighbour = await arena.connect();
      const theirs = await playBattle(neighbour);
      expectOk(await request(neighbour, "battle:vote", { battleId: theirs.battleId, winner: "a" }));
      assert.equal(await votesCounted(arena.server), 3);
    });
  });

  describe("per client address", () => {
    const arena = useArenaPerTest({
      limits: { rates: limits({ battlesPerMinute: 3, ipBattlesPerMinute: 4, ipVotesPerMinute: 1 }) },
    });

    it("counts every session of an address together, and a session's own refusals do not spend it", async () => {
      for (let i = 0; i < 3; i++) await playBattle(arena.voter);
      // Refused by the session limit: must not use up the address's fourth battle.
      assert.equal(codeOf(await request(arena.voter, "battle:start", {})), "rate_limited");

      const second = await arena.connect();
      await playBattle(second);
      const over = await request(second, "battle:start", {});
      assert.equal(codeOf(over), "rate_limited");
      assert.match(messageOf(over), /Too many battles from your network address/);
      retryHint(messageOf(over));
      const third = await arena.connect();
      assert.equal(codeOf(await request(third, "battle:start", {})), "rate_limited");
      assert.equal(battlesWritten(arena.server), 4);
    });

    it("limits votes per address across sessions", async () => {
      const mine = await playBattle(arena.voter);
      const second = await arena.connect();
      const theirs = await playBattle(second);
      expectOk(await request(arena.voter, "battle:vote", { battleId: mine.battleId, winner: "a" }));
      const refused = await request(second, "battle:vote", { battleId: theirs.battleId, winner: "a" });
      assert.equal(codeOf(refused), "rate_limited");
      assert.match(messageOf(refused), /from your network address/);
      assert.equal(await votesCounted(arena.server), 1);
    });
  });

  describe("behind a reverse proxy (trustProxy)", () => {
    let server: TestServer;
    let opened: ArenaClient[] = [];
    afterEach(async () => {
      for (const client of opened) client.disconnect();
      opened = [];
      await server.close();
    });

    it("counts each forwarded client address apart, believing only the trusted hops", async () => {
      server = await startTestServer({ limits: { trustProxy: 1, rates: limits({ ipBattlesPerMinute: 2 }) } });
      const alice = await connectVia(server.url, "203.0.113.1", opened);
      for (let i = 0; i < 2; i++) await playBattle(alice);
      assert.equal(codeOf(await request(alice, "battle:start", {})), "rate_limited");
      // Same address behind the proxy, a new session, and a forged entry the client wrote itself.
      const forger = await connectVia(server.url, "198.51.100.9, 203.0.113.1", opened);
      assert.equal(codeOf(await request(forger, "battle:start", {})), "rate_limited");
      const bob = await connectVia(server.url, "203.0.113.2", opened);
      await playBattle(bob);
      assert.equal(battlesWritten(server), 3);
    });

    it("ignores X-Forwarded-For when no proxy is trusted", async () => {
      server = await startTestServer({ limits: { rates: limits({ ipBattlesPerMinute: 2 }) } });
      await playBattle(await connectVia(server.url, "203.0.113.1", opened));
      await playBattle(await connectVia(server.url, "203.0.113.2", opened));
      const third = await connectVia(server.url, "203.0.113.3", opened);
      assert.equal(codeOf(await request(third, "battle:start", {})), "rate_limited");
    });

    it("uses the same address for /api requests", async () => {
      server = await startTestServer({ limits: { trustProxy: 1, rates: limits({ apiRequestsPerMinute: 1 }) } });
      const from = (address: string) => fetch(`${server.url}/api/health`, { headers: { "x-forwarded-for": address } });
      assert.equal((await from("203.0.113.1")).status, 200);
      assert.equal((await from("203.0.113.1")).status, 429);
      assert.equal((await from("198.51.100.9, 203.0.113.1")).status, 429);
      assert.equal((await from("203.0.113.2")).status, 200);
    });
  });

  describe("connections per client address", () => {
    const arena = useArenaPerTest({ limits: { rates: limits({ connectionsPerIp: 2 }) } });

    it("refuses the connection beyond the limit with a clear error, and accepts again after one leaves", async () => {
      const second = await arena.connect(); // the fixture's voter is the first
      const refusal = await refusedConnection(arena.server.url);
      assert.match(refusal.message, /Too many connections from your network address \(at most 2 at once\)/);
      assert.equal(refusal.data?.code, "rate_limited");
      // The refused attempt holds no slot: a second refusal says the same.
      await refusedConnection(arena.server.url);

      second.disconnect();
      const sockets = arena.server.arena.io.sockets.sockets;
      for (let i = 0; i < 100 && sockets.size > 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(sockets.size, 1);
      const again = await arena.connect();
      await playBattle(again);
      await refusedConnection(arena.server.url);
    });
  });

  describe("/api requests per client address", () => {
    const arena = useArenaPerTest({ limits: { rates: limits({ apiRequestsPerMinute: 3 }) } });

    it("answers 429 rate_limited with Retry-After beyond the limit", async () => {
      for (const route of ["health", "models", "no-such-route"]) {
        const response = await fetch(`${arena.server.url}/api/${route}`);
        assert.notEqual(response.status, 429);
      }
      const response = await fetch(`${arena.server.url}/api/leaderboard`);
      assert.equal(response.status, 429);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, "rate_limited");
      assert.deepEqual(Object.keys(body), ["error"]);
      const hinted = retryHint(body.error.message);
      assert.equal(response.headers.get("retry-after"), String(hinted));
      // Sockets are not /api: the voter still plays.
      await playBattle(arena.voter);
    });
  });

  describe("settings", () => {
    let server: TestServer;
    let client: VoterClient | undefined;
    afterEach(async () => {
      client?.disconnect();
      client = undefined;
      await server.close();
    });

    const startMany = async (count: number) => {
      const codes = [];
      for (let i = 0; i < count; i++) codes.push(codeOf(await request(client!, "battle:start", {})));
      return codes;
    };

    it("rates: null limits nothing", async () => {
      server = await startTestServer({ limits: { rates: null } });
      client = await connectClient(server.url);
      assert.deepEqual(new Set(await startMany(61)), new Set(["ok"]));
    });

    it("the configuration's default rate limits are the production defaults (60 battles a minute per session)", async () => {
      server = await startTestServer({ limits: { rates: readConfig({}).limits.rates } });
      client = await connectClient(server.url);
      const codes = await startMany(61);
      assert.equal(codes.filter((code) => code === "ok").length, 60);
      assert.equal(codes.at(-1), "rate_limited");
    });
  });

  describe("sizes", () => {
    const arena = useArenaPerTest();

    it("refuses a prompt over MAX_PROMPT_CHARS as invalid_payload", async () => {
      const ack = await request(arena.voter, "battle:start", { prompt: "x".repeat(MAX_PROMPT_CHARS + 1) });
      assert.equal(codeOf(ack), "invalid_payload");
    });

    it("closes a connection that sends a message over 64 KiB", async () => {
      const closed = new Promise<string>((resolve) => arena.voter.once("disconnect", resolve));
      arena.voter.emit("battle:start", { prompt: "x".repeat(70 * 1024) }, () => {});
      assert.equal(await closed, "transport close");
    });

    it("jsonBody refuses a body over 16 KB and malformed JSON as invalid_payload", async () => {
      const app = express();
      app.post("/echo", jsonBody, (req, res) => void res.json({ got: req.body }));
      app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
        const ackError = toAckError(error);
        res.status(httpStatusFor(ackError)).json({ error: ackError });
      });
      const listener = app.listen(0, "127.0.0.1");
      await new Promise((resolve) => listener.once("listening", resolve));
      try {
        const { port } = listener.address() as { port: number };
        const post = async (body: string) => {
          const response = await fetch(`http://127.0.0.1:${port}/echo`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          });
          return {
            status: response.status,
            body: (await response.json()) as { got?: unknown; error?: { code: string; message: string } },
          };
        };
        assert.deepEqual(await post(JSON.stringify({ a: 1 })), { status: 200, body: { got: { a: 1 } } });
        const big = await post(JSON.stringify({ a: "x".repeat(17 * 1024) }));
        assert.equal(big.status, 400);
        assert.equal(big.body.error?.code, "invalid_payload");
        assert.match(big.body.error?.message ?? "", /larger than 16kb/);
        const broken = await post("{ nope");
        assert.equal(broken.status, 400);
        assert.equal(broken.body.error?.code, "invalid_payload");
      } finally {
        listener.close();
      }
    });
  });

  describe("RateLimits", () => {
    it("refunds the session when the address refuses, so a voter who moves to another network keeps its budget", async () => {
      const counters = new RateLimits(limits({ battlesPerMinute: 2, ipBattlesPerMinute: 1 }));
      await counters.consume("battle", "voter", "203.0.113.1");
      await assert.rejects(
        counters.consume("battle", "voter", "203.0.113.1"),
        (error: Error) => error instanceof RateLimitedError && /network address/.test(error.message),
      );
      await counters.consume("battle", "voter", "198.51.100.9");
      await assert.rejects(counters.consume("battle", "voter", "198.51.100.9"), /from this session/);
    });

    it("keeps battles and votes in separate budgets", async () => {
      const counters = new RateLimits(limits({ battlesPerMinute: 1, votesPerMinute: 1 }));
      await counters.consume("battle", "voter", "203.0.113.1");
      await counters.consume("vote", "voter", "203.0.113.1");
      await assert.rejects(counters.consume("vote", "voter", "203.0.113.1"), /Too many votes/);
    });
  });

  describe("client address", () => {
    it("takes X-Forwarded-For only as far back as the trusted hops", () => {
      assert.equal(clientAddress("10.0.0.1", "203.0.113.1", 0), "10.0.0.1");
      assert.equal(clientAddress("10.0.0.1", undefined, 1), "10.0.0.1");
      assert.equal(clientAddress("10.0.0.1", "198.51.100.9, 203.0.113.1", 1), "203.0.113.1");
      assert.equal(clientAddress("10.0.0.1", "198.51.100.9, 203.0.113.1, 10.0.0.2", 2), "203.0.113.1");
      assert.equal(clientAddress("10.0.0.1", "203.0.113.1", 5), "203.0.113.1");
      assert.equal(clientAddress("10.0.0.1", ["198.51.100.9", "203.0.113.1"], 1), "203.0.113.1");
    });

    it("counts IPv4-mapped addresses as IPv4 and IPv6 by its /64", () => {
      assert.equal(addressKey("::ffff:127.0.0.1"), "127.0.0.1");
      assert.equal(addressKey("203.0.113.1"), "203.0.113.1");
      assert.equal(addressKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
      assert.equal(addressKey("2001:0db8:0001:0002:ffff:1:2:3"), "2001:db8:1:2::/64");
      assert.equal(addressKey("2001:db8::1"), "2001:db8:0:0::/64");
      assert.equal(addressKey("::1"), "0:0:0:0::/64");
      assert.equal(addressKey("fe80::1%eth0"), "fe80:0:0:0::/64");
    });
  });
});
