/**
 * Rate limits across servers: with PostgreSQL, two servers on one database count into the same
 * counters, so a client spread over both gets the configured limit once, not twice; and when the
 * database cannot answer, each server falls back to counting on its own instead of refusing.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

import pg from "pg";

import {
  createSharedCounterTable,
  RateLimitedError,
  RateLimits,
  type RateLimitSettings,
  SHARED_COUNTER_TABLE,
} from "../../server/src/limits/rateLimits.ts";
import { openPostgresStore } from "../../server/src/store/postgres.ts";
import { freshPostgresUrl, postgresSuiteTitle, skipWithoutPostgres, type TestDatabase } from "../support/postgres.ts";
import {
  codeOf,
  connectClient,
  expectOk,
  generousLimits as limits,
  request,
  startTestServer,
  type TestServer,
  type VoterClient,
} from "../support/server.ts";

describe(postgresSuiteTitle("rate limits shared by the servers of one PostgreSQL"), function () {
  this.timeout(30_000);
  let database: TestDatabase;
  let servers: TestServer[] = [];
  let clients: VoterClient[] = [];
  const SECRET = randomBytes(32);

  before(function () {
    skipWithoutPostgres(this);
  });
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

  /** Two servers on the database, started at the same moment (so their table creation races). */
  async function startTwo(rates: RateLimitSettings): Promise<[TestServer, TestServer]> {
    const start = async () => {
      const server = await startTestServer({
        limits: { rates },
        cluster: { databaseUrl: database.url, checkIntervalMs: 500, leaderRetryMs: 200 },
        infrastructure: { store: await openPostgresStore(database.url), sessionSecret: SECRET },
      });
      servers.push(server);
      return server;
    };
    const [one, two] = await Promise.all([start(), start()]);
    return [one, two];
  }

  async function connect(server: TestServer, session?: string): Promise<VoterClient> {
    const client = await connectClient(server.url, session);
    clients.push(client);
    return client;
  }

  it("counts /api requests of one address on both servers against one limit", async () => {
    const [one, two] = await startTwo(limits({ apiRequestsPerMinute: 4 }));
    const statuses: number[] = [];
    for (const server of [one, two, one, two, one, two]) {
      statuses.push((await fetch(`${server.url}/api/health`)).status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
  });

  it("counts a voter session's battles on both servers against one limit", async () => {
    const [one, two] = await startTwo(limits({ battlesPerMinute: 3 }));
    const first = await connect(one);
    const second = await connect(two, first.session);
    const codes: string[] = [];
    for (const client of [first, second, first, second, first]) {
      codes.push(codeOf(await request(client, "battle:start", {})));
    }
    assert.deepEqual(codes, ["ok", "ok", "ok", "rate_limited", "rate_limited"]);
  });

  it("keeps the counters in PostgreSQL, in one table", async () => {
    const [one] = await startTwo(limits({ votesPerMinute: 5 }));
    const voter = await connect(one);
    expectOk(await request(voter, "battle:start", {}));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string; points: number }>(
        `SELECT key, points FROM ${SHARED_COUNTER_TABLE} ORDER BY key`,
      );
      assert.deepEqual(
        rows.map((row) => row.key.split(":")[0]),
        ["ip-battles", "session-battles"],
      );
      assert.ok(rows.every((row) => row.points === 1));
    } finally {
      await client.end();
    }
  });
});

describe("rate limits when PostgreSQL cannot answer", () => {
  it("falls back to counting in this process: the limit holds, and nobody else is refused", async () => {
    // Nothing listens on port 1: every query fails at once, as during an outage.
    const pool = new pg.Pool({ connectionString: "postgres://arena@127.0.0.1:1/arena", connectionTimeoutMillis: 200 });
    pool.on("error", () => undefined);
    try {
      const counters = new RateLimits(limits({ apiRequestsPerMinute: 3 }), pool);
      for (let i = 0; i < 3; i++) await counters.consumeApiRequest("203.0.113.1");
      await assert.rejects(counters.consumeApiRequest("203.0.113.1"), RateLimitedError);
      await counters.consumeApiRequest("203.0.113.2");
      await counters.consume("battle", "session-hash", "203.0.113.1");
    } finally {
      await pool.end();
    }
  });

  it("refuses to start when the counters' table cannot be created", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://arena@127.0.0.1:1/arena", connectionTimeoutMillis: 200 });
    try {
      await assert.rejects(createSharedCounterTable(pool));
    } finally {
      await pool.end();
    }
  });
});
