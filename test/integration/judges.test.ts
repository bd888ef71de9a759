/**
 * Judges (issue #14) against a local scripted OpenAI-compatible judge (fakeOpenAI.ts): both orders
 * sent, verdicts combined, failures kept apart from ties, faults and cool-down, a restart in the
 * middle of the queue, the agreement arithmetic, `?judge=` tables and their pushes, the admin API.
 * On SQLite, and on PostgreSQL when ARENA_TEST_POSTGRES_URL is set.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

import type { AdminJudgesResponse, JudgesResponse, JudgmentsResponse } from "@arena/shared/judges";
import type { Leaderboard, Winner } from "@arena/shared/protocol";

import type { JudgeConfig } from "../../server/src/judges/judgeConfig.ts";
import { judgeSchema } from "../../server/src/judges/judgeConfig.ts";
import { SINGLE_TURN_SYSTEM_PROMPT } from "../../server/src/judges/pairwisePrompt.ts";
import { openPostgresStore } from "../../server/src/store/postgres.ts";
import { openSqliteStore } from "../../server/src/store/sqlite.ts";
import type { ArenaStore } from "../../server/src/store/store.ts";
import {
  type FakeOpenAI,
  judgeScript,
  type RecordedRequest,
  type ShownPair,
  shownPair,
  startFakeOpenAI,
} from "../support/fakeOpenAI.ts";
import {
  freshPostgresUrl,
  POSTGRES_TEST_URL,
  postgresSuiteTitle,
  skipWithoutPostgres,
  type TestDatabase,
} from "../support/postgres.ts";
import {
  connectClient,
  expectOk,
  getJson,
  liveModel,
  nextEvent,
  playBattle,
  request,
  startTestServer,
  tempDbFile,
  type TestServer,
  type TestServerOptions,
} from "../support/server.ts";

const ADMIN_TOKEN = "judges-test-admin-token-0123456789abcdef";
const JUDGE = "judge-1";

/** Prefers whichever answer is Alpha's (tiny-pack's answers start with the model's name); a tie between the others. */
function prefersAlpha(shown: ShownPair): string {
  const a = shown.answersA[0]!.startsWith("Alpha");
  const b = shown.answersB[0]!.startsWith("Alpha");
  return a ? "Assistant A is better.\n\n[[A]]" : b ? "Assistant B wins.\n\n[[B]]" : "Equally good. [[C]]";
}

function judgeConfig(fake: FakeOpenAI, overrides: Partial<JudgeConfig> = {}): JudgeConfig {
  return judgeSchema.parse({
    id: JUDGE,
    type: "openai",
    baseURL: fake.baseURL,
    model: JUDGE,
    firstTokenTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
    ...overrides,
  });
}

/** Resolves once `check` answers true (polling); fails with `what` after `timeoutMs`. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function adminJson<T>(server: TestServer, path: string, method = "GET"): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return { status: response.status, body: (await response.json()) as T };
}

const judgeRequests = (fake: FakeOpenAI): RecordedRequest[] => fake.requests.filter((r) => r.model === JUDGE);

async function summary(server: TestServer, query = ""): Promise<JudgesResponse["judges"][number]> {
  const { status, body } = await getJson<JudgesResponse>(`${server.url}/api/judges${query}`);
  assert.equal(status, 200);
  return body.judges.find((judge) => judge.id === JUDGE)!;
}

type Engine = { name: string; open(): Promise<{ store: () => Promise<ArenaStore>; drop(): Promise<void> }> };

const ENGINES: Engine[] = [
  {
    name: "SQLite",
    async open() {
      const file = tempDbFile();
      return { store: async () => openSqliteStore(file), drop: async () => undefined };
    },
  },
  ...(POSTGRES_TEST_URL
    ? [
        {
          name: "PostgreSQL",
          async open() {
            const database: TestDatabase = await freshPostgresUrl();
            return { store: () => openPostgresStore(database.url), drop: () => database.drop() };
          },
        },
      ]
    : []),
];

for (const engine of ENGINES) {
  describe(`judges (${engine.name})`, function () {
    this.timeout(30_000);
    let fake: FakeOpenAI;
    let database: Awaited<ReturnType<Engine["open"]>>;
    let servers: TestServer[] = [];

    beforeEach(async () => {
      fake = await startFakeOpenAI();
      database = await engine.open();
      servers = [];
    });

    afterEach(async () => {
      for (const server of servers) await server.close();
      await fake.close();
      await database.drop();
    });

    async function start(judge: Partial<JudgeConfig> = {}, options: TestServerOptions = {}): Promise<TestServer> {
      const server = await startTestServer({
        admin: { token: ADMIN_TOKEN },
        ...options,
        judges: { judges: [judgeConfig(fake, judge)], pool: {}, pollMs: 100, ...options.judges },
        infrastructure: { store: await database.store(), ...options.infrastructure },
      });
      servers.push(server);
      return server;
    }

    /** Plays one pack battle and votes `winner`; the models revealed. */
    async function vote(server: TestServer, winner: Winner): Promise<{ battleId: string; a: string; b: string }> {
      const voter = await connectClient(server.url);
      try {
        const battle = await playBattle(voter);
        const { models } = expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner }));
        return { battleId: battle.battleId, ...models };
      } finally {
        voter.close();
      }
    }

    it("judges a voted battle twice, the answers in both orders, with MT-bench's pairwise prompt", async () => {
      fake.script(JUDGE, judgeScript(prefersAlpha));
      const server = await start();
      const voter = await connectClient(server.url);
      const battle = await playBattle(voter);
      expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
      voter.close();
      await until("two judgings", async () => (await summary(server)).judged + (await summary(server)).failed === 1);

      const sent = judgeRequests(fake);
      assert.equal(sent.length, 2);
      const [first, second] = sent.map((r) => judgeScriptShown(r));
      assert.equal(first!.system, SINGLE_TURN_SYSTEM_PROMPT);
      assert.deepEqual(first!.questions, [battle.prompt]);
      assert.deepEqual([first!.answersA[0], first!.answersB[0]], [battle.answers.a, battle.answers.b]);
      assert.deepEqual([second!.answersA[0], second!.answersB[0]], [battle.answers.b, battle.answers.a]);
      for (const r of sent) {
        assert.equal(r.body.temperature, 0);
        assert.equal(r.body.stream, true);
        assert.equal(r.messages.length, 2, "the judge prompt only: no arena system prompt beside it");
      }

      const { status, body } = await adminJson<JudgmentsResponse>(server, `/battles/${battle.battleId}/judgments`);
      assert.equal(status, 200);
      assert.deepEqual(
        body.map(({ judge, order }) => [judge, order]),
        [
          [JUDGE, "ab"],
          [JUDGE, "ba"],
        ],
      );
      for (const judgment of body) {
        assert.match(judgment.raw, /\[\[[ABC]\]\]/);
        assert.ok(!Number.isNaN(Date.parse(judgment.judgedAt)));
      }
      // Both orders agree in the battle's own sides.
      assert.equal(body[0]!.verdict, body[1]!.verdict);
    });

    it("counts orders that disagree as a tie, and an answer without a verdict as a failure, not a tie", async () => {
      // Always "A": position bias at its purest. Then, for the second battle, no marker at all.
      let mode: "biased" | "mute" = "biased";
      fake.script(
        JUDGE,
        judgeScript(() => (mode === "biased" ? "The first one. [[A]]" : "I cannot decide between them.")),
      );
      const server = await start();
      const first = await vote(server, "a");
      await until("the first battle judged", async () => (await summary(server)).judged === 1);
      const biased = await adminJson<JudgmentsResponse>(server, `/battles/${first.battleId}/judgments`);
      assert.deepEqual(
        biased.body.map((j) => j.verdict),
        ["a", "b"],
      );
      let table = (await getJson<Leaderboard>(`${server.url}/api/leaderboard?judge=${JUDGE}`)).body;
      assert.equal(table.battles, 1);
      assert.deepEqual(
        table.rows.map((row) => row.ties),
        [1, 1],
      );

      mode = "mute";
      const second = await vote(server, "b");
      await until("the second battle judged", async () => (await summary(server)).failed === 1);
      const judges = await summary(server);
      assert.equal(judges.judged, 1, "a failure is not judged");
      assert.equal(judges.counts.withTies.total, 1, "nor counted in the agreement");
      const mute = await adminJson<JudgmentsResponse>(server, `/battles/${second.battleId}/judgments`);
      assert.deepEqual(
        mute.body.map((j) => [j.verdict, j.raw, typeof j.error]),
        [
          [null, "I cannot decide between them.", "string"],
          [null, "I cannot decide between them.", "string"],
        ],
      );
      table = (await getJson<Leaderboard>(`${server.url}/api/leaderboard?judge=${JUDGE}`)).body;
      assert.equal(table.battles, 1, "the judge's table holds only battles with a verdict");
      const admin = await adminJson<AdminJudgesResponse>(server, "/judges");
      assert.equal(admin.body.judges[0]!.failed, 1);
      assert.match(admin.body.judges[0]!.lastError!.message, /no single verdict marker/);
    });

    it("computes the agreement with the people exactly, with and without ties, and per model pair", async () => {
      fake.script(JUDGE, judgeScript(prefersAlpha));
      const server = await start();
      const winners: Winner[] = ["a", "b", "tie", "bothbad", "a", "b", "a", "tie"];
      const battles = [];
      for (const winner of winners) battles.push({ ...(await vote(server, winner)), winner });
      await until("every battle judged", async () => {
        const now = await summary(server);
        return now.judged === winners.length && now.pending === 0;
      });

      // What the judge says: the side showing Alpha, or a tie between Beta and Gamma.
      const judgeOf = ({ a, b }: { a: string; b: string }) =>
        a === "tiny-alpha" ? "a" : b === "tiny-alpha" ? "b" : "tie";
      const people = (winner: Winner) => (winner === "bothbad" ? "tie" : winner);
      let agree = 0;
      let agreeWithoutTies = 0;
      let withoutTies = 0;
      const pairs = new Map<string, { agree: number; total: number }>();
      for (const battle of battles) {
        const same = judgeOf(battle) === people(battle.winner) ? 1 : 0;
        agree += same;
        if (judgeOf(battle) !== "tie" && people(battle.winner) !== "tie") {
          withoutTies++;
          agreeWithoutTies += same;
        }
        const key = [battle.a, battle.b].sort().join(" vs ");
        const pair = pairs.get(key) ?? { agree: 0, total: 0 };
        pair.agree += same;
        pair.total++;
        pairs.set(key, pair);
      }
      const judges = await summary(server);
      assert.deepEqual(judges.counts.withTies, { agree, total: 8, ratio: agree / 8 });
      assert.deepEqual(judges.counts.withoutTies, {
        agree: agreeWithoutTies,
        total: withoutTies,
        ratio: withoutTies === 0 ? null : agreeWithoutTies / withoutTies,
      });
      assert.deepEqual(judges.agreement, {
        withTies: judges.counts.withTies.ratio,
        withoutTies: judges.counts.withoutTies.ratio,
      });
      assert.equal(judges.pending, 0);
      assert.equal(judges.failed, 0);
      assert.deepEqual(
        Object.fromEntries(judges.pairs.map((pair) => [`${pair.modelA} vs ${pair.modelB}`, pair.withTies])),
        Object.fromEntries(
          [...pairs].map(([key, { agree: a, total }]) => [key, { agree: a, total, ratio: a / total }]),
        ),
      );
      const ratios = judges.pairs.map((pair) => pair.withTies.ratio!);
      assert.deepEqual(
        ratios,
        [...ratios].sort((x, y) => x - y),
        "lowest agreement first",
      );
      for (const pair of judges.pairs) assert.ok(pair.modelA < pair.modelB);

      // Filters narrow the battles; a language nobody voted in has none.
      const none = await summary(server, "?language=zu");
      assert.deepEqual(none.counts.withTies, { agree: 0, total: 0, ratio: null });
      assert.equal(none.agreement.withTies, null);
      assert.equal((await getJson(`${server.url}/api/judges?language=<b>`)).status, 400);
      assert.equal((await getJson(`${server.url}/api/judges?judge=x`)).status, 400);

      // The people's table is the people's: judging changed none of it.
      const peopleTable = (await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body;
      assert.equal(peopleTable.battles, 8);
      assert.equal(peopleTable.judge, undefined);
      const judgeTable = (await getJson<Leaderboard>(`${server.url}/api/leaderboard?judge=${JUDGE}`)).body;
      assert.equal(judgeTable.judge, JUDGE);
      assert.equal(judgeTable.battles, 8);
      const alpha = judgeTable.rows.find((row) => row.model === "tiny-alpha");
      if (alpha) assert.equal(alpha.losses, 0, "the judge never lets Alpha lose");
    });

    it("answers ?judge= tables with the other filters, 404 for an unknown judge and 400 for a malformed one", async () => {
      fake.script(JUDGE, judgeScript(prefersAlpha));
      const server = await start();
      await vote(server, "a");
      await until("judged", async () => (await summary(server)).judged === 1);
      const styled = await getJson<Leaderboard>(`${server.url}/api/leaderboard?judge=${JUDGE}&style=control`);
      assert.equal(styled.status, 200);
      assert.equal(styled.body.judge, JUDGE);
      assert.ok(styled.body.styleCoefficients);
      const zulu = await getJson<Leaderboard>(`${server.url}/api/leaderboard?judge=${JUDGE}&language=zu`);
      assert.equal(zulu.status, 200);
      assert.equal(zulu.body.battles, 0);
      const unknown = await getJson<{ error: { code: string } }>(`${server.url}/api/leaderboard?judge=nobody`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, "not_found");
      const malformed = await getJson<{ error: { code: string } }>(`${server.url}/api/leaderboard?judge=%3Cscript%3E`);
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error.code, "invalid_payload");
      assert.equal((await getJson(`${server.url}/api/leaderboard?judge=${"j".repeat(101)}`)).status, 400);
      // A judge's past tables are not computed: refused rather than answered with the people's.
      for (const past of [
        "/api/leaderboard?at=2026-01-01&judge=",
        "/api/leaderboard/history?model=tiny-alpha&judge=",
      ]) {
        const response = await getJson<{ error: { code: string; message: string } }>(
          `${server.url}${past}${encodeURIComponent(JUDGE)}`,
        );
        assert.equal(response.status, 400, past);
        assert.match(response.body.error.message, /^judge: /);
      }

      const watcher = await connectClient(server.url);
      const refused = await request(watcher, "leaderboard:watch", { judge: "nobody" });
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.error.code, "not_found");
      watcher.close();
      assert.equal((await adminJson(server, "/battles/AAAAAAAAAAAAAAAAAAAAAA/judgments")).status, 404);
      assert.equal((await adminJson(server, "/battles/not-an-id!/judgments")).status, 400);
    });

    it("pushes a judge's table to its watchers when a new verdict arrives", async () => {
      fake.script(JUDGE, judgeScript(prefersAlpha));
      const server = await start();
      const watcher = await connectClient(server.url);
      const people = await connectClient(server.url);
      try {
        const before = expectOk(await request(watcher, "leaderboard:watch", { judge: JUDGE }));
        assert.equal(before.battles, 0);
        assert.equal(before.judge, JUDGE);
        expectOk(await request(people, "leaderboard:watch", {}));
        const peopleUpdate = nextEvent(people, "leaderboard:update", 5_000);
        const update = nextEvent(watcher, "leaderboard:update", 8_000);
        await vote(server, "b");
        assert.equal((await peopleUpdate).judge, undefined);
        const pushed = await update;
        assert.equal(pushed.judge, JUDGE);
        assert.equal(pushed.battles, 1);
      } finally {
        watcher.close();
        people.close();
      }
    });

    it("cools a failing judge down like a live model, retries, and judges once it is back", async () => {
      let failing = true;
      fake.script(
        JUDGE,
        judgeScript((shown) => (failing ? { fault: "http500" } : prefersAlpha(shown))),
      );
      const server = await start({}, { judges: { pool: { failuresBeforeCooldown: 2, cooldownMs: 2_500 } } });
      await vote(server, "a");
      await until(
        "a cool-down",
        async () => (await adminJson<AdminJudgesResponse>(server, "/judges")).body.judges[0]!.coolDown.active,
      );
      const status = (await adminJson<AdminJudgesResponse>(server, "/judges")).body.judges[0]!;
      assert.match(status.lastError!.message, /HTTP 500/);
      assert.equal(status.queued, 1, "a fault leaves the battle in the queue");
      assert.equal(status.failed, 0);
      const duringCooldown = judgeRequests(fake).length;
      assert.equal(duringCooldown, 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(judgeRequests(fake).length, duringCooldown, "no request while cooling down");
      failing = false;
      await until("judged after the cool-down", async () => {
        const now = await summary(server);
        return now.judged === 1 && now.pending === 0;
      });
      const after = await summary(server);
      assert.equal(after.failed, 0);
      assert.equal(after.pending, 0);
    });

    it("writes a judging that keeps failing as a failure, which the admin can send back to the queue", async () => {
      let failing = true;
      fake.script(
        JUDGE,
        judgeScript((shown) => (failing ? { fault: "http500" } : prefersAlpha(shown))),
      );
      const server = await start({}, { judges: { pool: { failuresBeforeCooldown: 100 } } });
      const battle = await vote(server, "a");
      const judgmentsOf = () => adminJson<JudgmentsResponse>(server, `/battles/${battle.battleId}/judgments`);
      await until("both orders failed", async () => (await judgmentsOf()).body.length === 2);
      await until("a failure", async () => (await summary(server)).failed === 1);
      const judgments = await judgmentsOf();
      assert.ok(judgments.body.every((j) => j.verdict === null && /HTTP 500/.test(j.error ?? "")));
      failing = false;
      const retry = await adminJson<{ requeued: number }>(server, `/judges/${JUDGE}/retry`, "POST");
      assert.equal(retry.status, 200);
      assert.equal(retry.body.requeued, 2);
      await until("judged after the retry", async () => (await summary(server)).judged === 1);
      assert.equal((await summary(server)).failed, 0);
      assert.equal((await adminJson(server, `/judges/nobody/retry`, "POST")).status, 404);
    });

    it("judges a multi-turn live battle on the whole conversation (MT-bench's multi-turn template)", async () => {
      fake.script(
        JUDGE,
        judgeScript(() => "Both follow the conversation. [[C]]"),
      );
      const server = await start(
        {},
        { live: { models: ["live-x", "live-y"].map((id) => liveModel(id, fake.baseURL)) } },
      );
      const voter = await connectClient(server.url);
      const first = await playBattle(voter, { prompt: "What is the capital of France?" });
      const ends = new Promise((resolve) => voter.once("battle:end", () => voter.once("battle:end", resolve)));
      expectOk(await request(voter, "battle:continue", { battleId: first.battleId, prompt: "And of Italy?" }));
      await ends;
      expectOk(await request(voter, "battle:vote", { battleId: first.battleId, winner: "tie" }));
      voter.close();
      await until("judged", async () => (await summary(server)).judged === 1);
      const [shown] = judgeRequests(fake).map(judgeScriptShown);
      assert.match(shown!.system, /better answer to the second user question/);
      assert.deepEqual(shown!.questions, ["What is the capital of France?", "And of Italy?"]);
      assert.equal(shown!.answersA.length, 2);
      assert.equal(shown!.answersB.length, 2);
      const judges = await summary(server);
      assert.deepEqual(judges.counts.withTies, { agree: 1, total: 1, ratio: 1 });
      assert.deepEqual(judges.counts.withoutTies, { agree: 0, total: 0, ratio: null });
    });

    it("judges after a restart what was voted and not judged, each order exactly once", async () => {
      // The first server's judge answers the first request, then hangs: one battle is half judged.
      let served = 0;
      fake.script(
        JUDGE,
        judgeScript((shown) => (served++ === 0 ? prefersAlpha(shown) : { firstDelayMs: 60_000, chunks: ["[[A]]"] })),
      );
      const first = await start({ maxConcurrent: 1, firstTokenTimeoutMs: 60_000 });
      const battles = [await vote(first, "a"), await vote(first, "b"), await vote(first, "tie")];
      await until("the first judging written", async () => served >= 2);
      await first.close();
      const before = judgeRequests(fake).length;

      fake.script(JUDGE, judgeScript(prefersAlpha));
      const second = await start();
      await until("every battle judged after the restart", async () => (await summary(second)).judged === 3);
      const afterRestart = judgeRequests(fake).slice(before);
      assert.equal(afterRestart.length, 5, "six judgings, one of them written before the restart");
      for (const battle of battles) {
        const { body } = await adminJson<JudgmentsResponse>(second, `/battles/${battle.battleId}/judgments`);
        assert.deepEqual(
          body.map((j) => j.order),
          ["ab", "ba"],
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(judgeRequests(fake).length - before, 5, "nothing judged twice");
    });
  });
}

describe(postgresSuiteTitle("judges with several servers on one PostgreSQL"), function () {
  this.timeout(30_000);
  let fake: FakeOpenAI;
  let database: TestDatabase;
  const servers: TestServer[] = [];

  before(function () {
    skipWithoutPostgres(this);
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await fake?.close();
    await database?.drop();
  });

  it("judges each battle once, on the leader, whichever server took the vote; every server shows it", async () => {
    fake = await startFakeOpenAI();
    fake.script(JUDGE, judgeScript(prefersAlpha));
    database = await freshPostgresUrl();
    const secret = Buffer.from(randomBytes(24).toString("hex"));
    for (let i = 0; i < 2; i++) {
      servers.push(
        await startTestServer({
          cluster: { databaseUrl: database.url, checkIntervalMs: 500, leaderRetryMs: 200 },
          judges: { judges: [judgeConfig(fake)], pool: {}, pollMs: 100 },
          infrastructure: { store: await openPostgresStore(database.url), sessionSecret: secret },
        }),
      );
    }
    await until("a leader", () => servers.some((server) => server.arena.isLeader()));
    for (const server of servers) {
      const voter = await connectClient(server.url);
      const battle = await playBattle(voter);
      expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner: "a" }));
      voter.close();
    }
    for (const server of servers) await until("both battles judged", async () => (await summary(server)).judged === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(judgeRequests(fake).length, 4, "two orders of two battles, nothing twice");
  });
});

/** The pairwise prompt a recorded judge request carried. */
function judgeScriptShown(request: RecordedRequest): ShownPair | null {
  return shownPair(request.messages);
}
