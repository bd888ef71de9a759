/**
 * GET /metrics: Prometheus' text format with the arena's own numbers and the process metrics,
 * each server with its own registry, and readable only by whom the access rule lets in.
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
  type TestServer,
  type TestServerOptions,
  type VoterClient,
} from "../support/server.ts";

type Sample = { name: string; labels: Record<string, string>; value: number };

/**
 * Parses the text exposition format strictly enough to catch a malformed line: every line is a
 * `# HELP`/`# TYPE` comment or `name{label="value",…} number`, and every sample's family is typed.
 */
function parseExposition(text: string): Sample[] {
  const typed = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      if (comment[1] === "TYPE") {
        assert.match(comment[3]!, /^(counter|gauge|histogram|summary|untyped)$/, line);
        typed.set(comment[2]!, comment[3]!);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn]a[Nn]|[+-]Inf)$/.exec(line);
    assert.ok(sample, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = value!;
    }
    const name = sample[1]!;
    const family = name.replace(/_(bucket|sum|count|total|created)$/, "");
    assert.ok(typed.has(name) || typed.has(family), `sample ${name} has no # TYPE`);
    samples.push({ name, labels, value: Number(sample[3]) });
  }
  return samples;
}

/** The value of one sample (0 when absent), its labels matched exactly. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find(
    (sample) =>
      sample.name === name &&
      Object.keys(sample.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  return found?.value ?? 0;
}

/** The sum of every sample of `name` whose labels include `labels`. */
function sumOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v))
    .reduce((sum, sample) => sum + sample.value, 0);
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<Sample[]> {
  const response = await fetch(`${server.url}/metrics`, { headers });
  assert.equal(response.status, 200, await response.clone().text());
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

describe("GET /metrics", function () {
  this.timeout(20_000);
  let servers: TestServer[] = [];
  let clients: VoterClient[] = [];

  async function start(options: TestServerOptions = {}): Promise<TestServer> {
    const server = await startTestServer(options);
    servers.push(server);
    return server;
  }
  async function connect(server: TestServer): Promise<VoterClient> {
    const client = await connectClient(server.url);
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
    clients = [];
  });

  it("answers in Prometheus' text format, with the process metrics", async () => {
    const samples = await scrape(await start());
    assert.ok(valueOf(samples, "process_resident_memory_bytes") > 0);
    assert.ok(samples.some((sample) => sample.name === "process_cpu_seconds_total"));
    assert.ok(samples.some((sample) => sample.name === "nodejs_eventloop_lag_seconds"));
    assert.ok(samples.some((sample) => sample.name === "nodejs_heap_size_used_bytes"));
    // Counters a dashboard graphs are there at zero from the start.
    assert.equal(valueOf(samples, "arena_votes_total", { winner: "a", flagged: "false" }), 0);
    assert.equal(valueOf(samples, "arena_battles_started_total", { source: "pack" }), 0);
  });

  it("counts each accepted vote once, and no refused vote", async () => {
    const server = await start();
    const voter = await connect(server);
    const other = await connect(server);
    const first = await playBattle(voter);
    const second = await playBattle(voter);
    expectOk(await request(voter, "battle:vote", { battleId: first.battleId, winner: "a" }));
    expectOk(await request(voter, "battle:vote", { battleId: second.battleId, winner: "tie" }));
    // Refused: a second vote on the same battle, another session's vote, an unknown battle, a bad winner.
    assert.equal(
      codeOf(await request(voter, "battle:vote", { battleId: first.battleId, winner: "b" })),
      "already_voted",
    );
    const third = await playBattle(voter);
    assert.equal(codeOf(await request(other, "battle:vote", { battleId: third.battleId, winner: "a" })), "forbidden");
    assert.equal(
      codeOf(await request(voter, "battle:vote", { battleId: randomBytes(16).toString("base64url"), winner: "a" })),
      "not_found",
    );
    const malformed = await request(voter, "battle:vote", { battleId: third.battleId, winner: "x" } as never);
    assert.equal(codeOf(malformed), "invalid_payload");

    const samples = await scrape(server);
    assert.equal(sumOf(samples, "arena_votes_total"), 2);
    assert.equal(valueOf(samples, "arena_votes_total", { winner: "a", flagged: "false" }), 1);
    assert.equal(valueOf(samples, "arena_votes_total", { winner: "tie", flagged: "false" }), 1);
    assert.equal(valueOf(samples, "arena_battles_started_total", { source: "pack" }), 3);
    // Acks by event and outcome, each with its latency histogram.
    const acks = (event: string, outcome: string) =>
      valueOf(samples, "arena_ack_duration_seconds_count", { event, outcome });
    assert.equal(acks("battle:vote", "ok"), 2);
    assert.equal(acks("battle:vote", "already_voted"), 1);
    assert.equal(acks("battle:vote", "forbidden"), 1);
    assert.equal(acks("battle:vote", "not_found"), 1);
    assert.equal(acks("battle:vote", "invalid_payload"), 1);
    assert.equal(acks("battle:start", "ok"), 3);
    const infBucket = valueOf(samples, "arena_ack_duration_seconds_bucket", {
      event: "battle:vote",
      outcome: "ok",
      le: "+Inf",
    });
    assert.equal(infBucket, 2);
    // Store writes: three battles and two votes, each timed.
    assert.equal(valueOf(samples, "arena_store_write_seconds_count", { operation: "insertBattle" }), 3);
    assert.equal(valueOf(samples, "arena_store_write_seconds_count", { operation: "recordVote" }), 2);
    assert.equal(valueOf(samples, "arena_open_sockets"), 2);
  });

  it("shows watched and cached tables, and the refit behind each push", async () => {
    const server = await start();
    const voter = await connect(server);
    const watcher = await connect(server);
    expectOk(await request(watcher, "leaderboard:watch", {}));
    expectOk(await request(watcher, "leaderboard:watch", { language: "fr" }));
    const update = new Promise((resolve) => watcher.once("leaderboard:update", resolve));
    const battle = await playBattle(voter);
    expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "b" }));
    await update;
    const samples = await scrape(server);
    assert.equal(valueOf(samples, "arena_leaderboard_tables_watched"), 2);
    assert.ok(valueOf(samples, "arena_leaderboard_tables_cached") >= 2);
    assert.ok(valueOf(samples, "arena_leaderboard_refit_seconds_count", { style: "plain" }) >= 1);
  });

  it("keeps each server's numbers apart in one process", async () => {
    const [one, two] = [await start(), await start()];
    const voter = await connect(one);
    const battle = await playBattle(voter);
    expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
    assert.equal(sumOf(await scrape(one), "arena_votes_total"), 1);
    assert.equal(sumOf(await scrape(two), "arena_votes_total"), 0);
  });

  describe("live models", () => {
    let fake: FakeOpenAI;
    beforeEach(async () => {
      fake = await startFakeOpenAI({
        models: { "live-one": { chunks: ["Hello", " there"], delayMs: 5 }, "live-two": { chunks: ["Hi"], delayMs: 5 } },
      });
    });
    afterEach(async () => fake.close());

    it("times each model's first chunk and whole answer, and counts its failures", async () => {
      const server = await start({
        live: { models: [liveModel("live-one", fake.baseURL), liveModel("live-two", fake.baseURL)] },
      });
      const voter = await connect(server);
      await playBattle(voter, { prompt: "Say hello." });
      fake.script("live-two", { fault: "http500" });
      await playBattle(voter, { prompt: "Say hello again." });
      const samples = await scrape(server);
      assert.equal(valueOf(samples, "arena_battles_started_total", { source: "live" }), 2);
      assert.equal(valueOf(samples, "arena_live_answers_total", { model: "live-one", outcome: "ok" }), 2);
      assert.equal(valueOf(samples, "arena_live_answers_total", { model: "live-two", outcome: "ok" }), 1);
      assert.equal(valueOf(samples, "arena_live_answers_total", { model: "live-two", outcome: "failed" }), 1);
      assert.equal(valueOf(samples, "arena_live_first_chunk_seconds_count", { model: "live-one" }), 2);
      assert.equal(valueOf(samples, "arena_live_first_chunk_seconds_count", { model: "live-two" }), 1);
      assert.equal(valueOf(samples, "arena_live_answer_seconds_count", { model: "live-one" }), 2);
      assert.ok(valueOf(samples, "arena_live_answer_seconds_sum", { model: "live-one" }) > 0);
    });
  });

  describe("who may read it", () => {
    const get = (server: TestServer, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/metrics`, { headers });

    it("answers this machine without a token", async () => {
      assert.equal((await get(await start())).status, 200);
    });

    it("refuses a request relayed by a proxy the server does not trust", async () => {
      const response = await get(await start(), { "X-Forwarded-For": "10.0.0.7" });
      assert.equal(response.status, 403);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, "forbidden");
    });

    it("behind a trusted proxy, answers private clients and refuses public ones", async () => {
      const server = await start({ limits: { trustProxy: 1 } });
      assert.equal((await get(server, { "X-Forwarded-For": "192.168.1.20" })).status, 200);
      assert.equal((await get(server, { "X-Forwarded-For": "203.0.113.9" })).status, 403);
      assert.equal((await get(server, { "X-Forwarded-For": "2001:db8::1" })).status, 403);
    });

    it("with ARENA_METRICS_TOKEN, requires the bearer token from everyone", async () => {
      const token = randomBytes(24).toString("hex");
      const server = await start({ metrics: { token }, limits: { trustProxy: 1 } });
      const missing = await get(server);
      assert.equal(missing.status, 401);
      assert.match(missing.headers.get("www-authenticate") ?? "", /^Bearer/);
      assert.equal((await get(server, { Authorization: "Bearer wrong" })).status, 401);
      const good = await get(server, { Authorization: `Bearer ${token}`, "X-Forwarded-For": "203.0.113.9" });
      assert.equal(good.status, 200);
      assert.match(await good.text(), /arena_votes_total/);
    });
  });
});
