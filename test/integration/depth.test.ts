/**
 * Leaderboard depth (CONTRACT v2 "Depth"), through HTTP and socket.io on a real server: vote
 * reasons, the tables of the past (`?at=`) and histories, and the catalogue's lifecycle — on
 * SQLite, and on PostgreSQL when ARENA_TEST_POSTGRES_URL is set.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { LeaderboardHistory, ModelReasonsResponse, ReasonsResponse } from "@arena/shared/depth";
import { DAY_MS, REASONS_WINDOW_MS } from "@arena/shared/depth";
import type { Ack, HttpError, Leaderboard, ModelsResponse, VoteResult, Winner } from "@arena/shared/protocol";

import { readModelsFile } from "../../server/src/config.ts";
import { ConfigError } from "../../server/src/configError.ts";
import { LIVE_PRIOR_VOTES } from "../../server/src/leaderboard/service.ts";
import { Tally } from "../../server/src/leaderboard/tally.ts";
import { openPostgresStore } from "../../server/src/store/postgres.ts";
import { openSqliteStore } from "../../server/src/store/sqlite.ts";
import type { ArenaStore } from "../../server/src/store/store.ts";
import { arena } from "../support/cli.ts";
import { freshPostgresUrl, POSTGRES_TEST_URL, type TestDatabase } from "../support/postgres.ts";
import {
  type ArenaClient,
  connectClient,
  getJson,
  playBattle,
  request,
  startTestServer,
  tempDbFile,
  type TestServer,
  type TestServerOptions,
} from "../support/server.ts";

/** A clock the test moves; every server of this file reads it. */
const START = Date.parse("2026-11-02T09:00:00Z");
let now = START;
const clock = () => new Date(now);

/** A database for one test: `store()` opens it (again, after a server closed it); none = SQLite on the server's `dbFile`. */
type Database = { store(dbFile: string): Promise<ArenaStore>; drop(): Promise<void> };
type Engine = { name: string; database(): Promise<Database> };
const ENGINES: Engine[] = [
  {
    name: "SQLite",
    database: async () => ({ store: async (dbFile) => openSqliteStore(dbFile), drop: async () => {} }),
  },
  {
    name: "PostgreSQL",
    database: async () => {
      const database: TestDatabase = await freshPostgresUrl();
      return { store: () => openPostgresStore(database.url), drop: () => database.drop() };
    },
  },
];

async function vote(
  client: ArenaClient,
  winner: Winner,
  reasons?: string[],
): Promise<{ battleId: string; ack: Ack<VoteResult> }> {
  const { battleId } = await playBattle(client);
  const ack = await request(client, "battle:vote", { battleId, winner, ...(reasons ? { reasons } : {}) });
  return { battleId, ack };
}

function votedModels(ack: Ack<VoteResult>): { a: string; b: string } {
  assert.ok(ack.ok, ack.ok ? "" : ack.error.message);
  return ack.data.models;
}

for (const engine of ENGINES) {
  const postgres = engine.name === "PostgreSQL";
  describe(`Depth (${engine.name})${postgres && !POSTGRES_TEST_URL ? " (skipped: ARENA_TEST_POSTGRES_URL is not set)" : ""}`, function () {
    this.timeout(60_000);
    let server: TestServer;
    let client: ArenaClient;
    let database: Database | undefined;
    let store: ArenaStore;
    const clients: ArenaClient[] = [];

    /** A server on this test's database (made at the first start, kept for restarts). */
    const start = async (options: TestServerOptions = {}) => {
      database ??= await engine.database();
      const dbFile = options.dbFile ?? tempDbFile();
      store = await database.store(dbFile);
      server = await startTestServer({ ...options, dbFile, infrastructure: { clock, store } });
      client = await connectClient(server.url);
      clients.push(client);
    };
    const connect = async (session?: string) => {
      const other = await connectClient(server.url, session);
      clients.push(other);
      return other;
    };

    before(function () {
      if (postgres && !POSTGRES_TEST_URL) this.skip();
    });
    beforeEach(() => {
      now = START;
    });
    afterEach(async () => {
      for (const each of clients.splice(0)) each.disconnect();
      await server?.close();
      await database?.drop();
      database = undefined;
    });

    describe("vote reasons", () => {
      beforeEach(() => start());

      it("lists the default reasons in en, fr and zh, the label in the asked language", async () => {
        const { status, body } = await getJson<ReasonsResponse>(`${server.url}/api/reasons?language=fr`);
        assert.equal(status, 200);
        assert.deepEqual(
          body.reasons.map((reason) => `${reason.polarity}:${reason.id}`),
          [
            "positive:correct",
            "positive:complete",
            "positive:clear",
            "positive:well-formatted",
            "positive:follows-instructions",
            "negative:incorrect",
            "negative:superficial",
            "negative:ignores-instructions",
            "negative:too-long",
            "negative:refuses-without-reason",
          ],
        );
        const correct = body.reasons[0]!;
        assert.equal(correct.label, correct.labels.fr);
        assert.ok(correct.labels.en && correct.labels.zh);
        assert.equal((await getJson(`${server.url}/api/reasons?language=xx`)).status, 400);
      });

      it("stores reasons given with the vote, crediting positives to the winner and negatives to the other", async () => {
        const { ack } = await vote(client, "a", ["correct", "clear", "too-long"]);
        const models = votedModels(ack);
        const winner = await reasonsOf(models.a);
        const loser = await reasonsOf(models.b);
        assert.deepEqual(winner.reasons, [
          { id: "clear", polarity: "positive", count: 1 },
          { id: "correct", polarity: "positive", count: 1 },
        ]);
        assert.deepEqual(loser.reasons, [{ id: "too-long", polarity: "negative", count: 1 }]);
        assert.equal(winner.battles, 1);
        assert.equal(winner.withReasons, 1);
      });

      it("credits both models with negatives after 'both bad' and with every reason after a tie", async () => {
        const bad = votedModels((await vote(client, "bothbad", ["incorrect", "clear"])).ack);
        for (const model of [bad.a, bad.b]) {
          assert.deepEqual(
            (await reasonsOf(model)).reasons.filter((reason) => reason.id === "incorrect" || reason.id === "clear"),
            [{ id: "incorrect", polarity: "negative", count: 1 }],
          );
        }
        const tie = votedModels((await vote(client, "tie", ["complete", "superficial"])).ack);
        for (const model of [tie.a, tie.b]) {
          const ids = (await reasonsOf(model)).reasons.map((reason) => reason.id);
          assert.ok(ids.includes("complete") && ids.includes("superficial"), `${model}: ${ids.join(",")}`);
        }
      });

      it("refuses a vote naming an unknown reason, and stores nothing of it", async () => {
        const { battleId } = await playBattle(client);
        const refused = await request(client, "battle:vote", { battleId, winner: "a", reasons: ["correct", "nope"] });
        assert.equal(refused.ok, false);
        assert.equal(!refused.ok && refused.error.code, "invalid_payload");
        assert.match(!refused.ok ? refused.error.message : "", /nope/);
        assert.equal(await store.countVotes(), 0);
        // The battle is still open: the same voter can vote on it, once.
        assert.ok((await request(client, "battle:vote", { battleId, winner: "a" })).ok);
        assert.equal(await store.countVotes(), 1);
      });

      it("lets the voter add or replace reasons within the window after the vote", async () => {
        const { battleId, ack } = await vote(client, "b");
        const models = votedModels(ack);
        now += 60_000;
        assert.deepEqual(await request(client, "battle:reasons", { battleId, reasons: ["correct"] }), {
          ok: true,
          data: {},
        });
        assert.deepEqual((await reasonsOf(models.b)).reasons, [{ id: "correct", polarity: "positive", count: 1 }]);
        now = START + REASONS_WINDOW_MS;
        assert.ok((await request(client, "battle:reasons", { battleId, reasons: ["complete", "incorrect"] })).ok);
        assert.deepEqual((await reasonsOf(models.b)).reasons, [{ id: "complete", polarity: "positive", count: 1 }]);
        assert.deepEqual((await reasonsOf(models.a)).reasons, [{ id: "incorrect", polarity: "negative", count: 1 }]);
        assert.deepEqual((await store.voteReasons(battleId))?.reasons, ["complete", "incorrect"]);
      });

      it("refuses reasons after the window (too_late), from another session (forbidden), unknown ids and unvoted battles", async () => {
        const { battleId } = await vote(client, "a", ["clear"]);
        const stored = async () => (await store.voteReasons(battleId))?.reasons;

        const other = await connect();
        const forbidden = await request(other, "battle:reasons", { battleId, reasons: ["correct"] });
        assert.equal(!forbidden.ok && forbidden.error.code, "forbidden");

        const unknown = await request(client, "battle:reasons", { battleId, reasons: ["made-up"] });
        assert.equal(!unknown.ok && unknown.error.code, "invalid_payload");
        const malformed = await request(client, "battle:reasons", { battleId, reasons: "correct" });
        assert.equal(!malformed.ok && malformed.error.code, "invalid_payload");

        now = START + REASONS_WINDOW_MS + 1;
        const late = await request(client, "battle:reasons", { battleId, reasons: ["correct"] });
        assert.equal(!late.ok && late.error.code, "too_late");
        assert.deepEqual(await stored(), ["clear"]);

        const { battleId: open } = await playBattle(client);
        const unvoted = await request(client, "battle:reasons", { battleId: open, reasons: ["correct"] });
        assert.equal(!unvoted.ok && unvoted.error.code, "not_found");
      });

      it("answers 404 for the reasons of an unknown model and 400 for a malformed filter", async () => {
        const missing = await getJson<HttpError>(`${server.url}/api/models/no-such-model/reasons`);
        assert.equal(missing.status, 404);
        assert.equal(missing.body.error.code, "not_found");
        assert.equal((await getJson(`${server.url}/api/models/tiny-alpha/reasons?language=<b>`)).status, 400);
        const empty = await getJson<ModelReasonsResponse>(`${server.url}/api/models/tiny-alpha/reasons?language=fr`);
        assert.deepEqual(empty.body, {
          model: "tiny-alpha",
          language: "fr",
          category: null,
          battles: 0,
          withReasons: 0,
          reasons: [],
        });
      });

      it("exports carry the reasons, and an import of the export gives them back", async () => {
        const { battleId } = await vote(client, "a", ["correct", "too-long"]);
        await vote(client, "tie");
        const [first, second] = await store.exportBattles();
        assert.deepEqual(first!.reasons, ["correct", "too-long"]);
        assert.equal(second!.reasons, undefined);
        assert.equal(first!.id, battleId);
      });

      async function reasonsOf(model: string): Promise<ModelReasonsResponse> {
        const { status, body } = await getJson<ModelReasonsResponse>(
          `${server.url}/api/models/${encodeURIComponent(model)}/reasons`,
        );
        assert.equal(status, 200);
        return body;
      }
    });

    describe("the leaderboard in the past (?at=) and histories", () => {
      beforeEach(() => start());

      /** Votes on three days (two per day's start), returning each day's live table after its votes. */
      async function threeDays(): Promise<Leaderboard[]> {
        const tables: Leaderboard[] = [];
        const winners: Winner[] = ["a", "b", "a", "tie", "b", "a", "bothbad", "a", "b"];
        for (let day = 0; day < 3; day++) {
          now = START + day * DAY_MS;
          for (let i = 0; i < 3 + day; i++) {
            now += 1000;
            votedModels((await vote(client, winners[(day * 3 + i) % winners.length]!)).ack);
          }
          tables.push((await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body);
        }
        now = START + 3 * DAY_MS;
        return tables;
      }

      it("answers for a day the table of the votes counted up to its end, equal to a fit from scratch", async () => {
        const liveTables = await threeDays();
        const votes = await store.listVotes();
        for (const [index, day] of ["2026-11-02", "2026-11-03", "2026-11-04"].entries()) {
          const { status, body } = await getJson<Leaderboard>(`${server.url}/api/leaderboard?at=${day}`);
          assert.equal(status, 200);
          const cutoff = Date.parse(`${day}T23:59:59.999Z`);
          const scratch = fromScratch(votes.filter((each) => each.votedAt.getTime() <= cutoff));
          assert.equal(body.battles, scratch.battles);
          assert.equal(body.battles, liveTables[index]!.battles);
          assert.equal(body.votesHash, scratch.votesHash);
          assertSameRows(body, scratch);
          assertSameRows(body, liveTables[index]!);
        }
      });

      it("answers for an instant the votes up to it, and an empty table before the first vote", async () => {
        await threeDays();
        const votes = await store.listVotes();
        const instant = new Date(votes[4]!.votedAt.getTime()).toISOString();
        const { body } = await getJson<Leaderboard>(`${server.url}/api/leaderboard?at=${instant}`);
        assert.equal(body.battles, 5);
        assertSameRows(body, fromScratch(votes.slice(0, 5)));
        const before = await getJson<Leaderboard>(`${server.url}/api/leaderboard?at=2026-11-01`);
        assert.equal(before.status, 200);
        assert.equal(before.body.battles, 0);
        assert.deepEqual(before.body.rows, []);
      });

      it("combines with the language and category filters", async () => {
        await threeDays();
        const votes = await store.listVotes();
        const language = votes[0]!.language;
        const { body } = await getJson<Leaderboard>(`${server.url}/api/leaderboard?at=2026-11-03&language=${language}`);
        const cutoff = Date.parse("2026-11-03T23:59:59.999Z");
        const expected = fromScratch(
          votes.filter((v) => v.language === language && v.votedAt.getTime() <= cutoff),
          {
            language,
          },
        );
        assert.equal(body.language, language);
        assert.equal(body.battles, expected.battles);
        assertSameRows(body, expected);
      });

      it("refuses a malformed or future `at` with 400", async () => {
        for (const at of [
          "yesterday",
          "2026-13-01",
          "2026-02-30",
          "2026-11-02T25:00:00Z",
          "2026-11-02T10:00:00",
          "<script>",
        ]) {
          const { status, body } = await getJson<HttpError>(
            `${server.url}/api/leaderboard?at=${encodeURIComponent(at)}`,
          );
          assert.equal(status, 400, at);
          assert.equal(body.error.code, "invalid_payload", at);
        }
        for (const at of ["2026-11-03", "2026-11-02T09:00:01Z"]) {
          const { status, body } = await getJson<HttpError>(`${server.url}/api/leaderboard?at=${at}`);
          assert.equal(status, 400, at);
          assert.match(body.error.message, /future/);
        }
        // Today has begun: its table so far.
        assert.equal((await getJson(`${server.url}/api/leaderboard?at=2026-11-02`)).status, 200);
      });

      it("gives a model's history: one point per day with votes, each equal to that day's ?at= row", async () => {
        await threeDays();
        const model = (await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body.rows[0]!.model;
        const { status, body } = await getJson<LeaderboardHistory>(
          `${server.url}/api/leaderboard/history?model=${encodeURIComponent(model)}`,
        );
        assert.equal(status, 200);
        assert.equal(body.model, model);
        assert.ok(body.points.length >= 2 && body.points.length <= 3);
        for (const point of body.points) {
          const day = (await getJson<Leaderboard>(`${server.url}/api/leaderboard?at=${point.date}`)).body;
          const row = day.rows.find((each) => each.model === model)!;
          assert.deepEqual(
            point,
            {
              date: point.date,
              rating: row.rating,
              ciLower: row.ciLower,
              ciUpper: row.ciUpper,
              battles: row.battles,
              rank: row.rank,
              provisional: row.provisional,
            },
            point.date,
          );
        }
        assert.deepEqual(
          body.points.map((point) => point.date),
          [...body.points.map((point) => point.date)].sort(),
        );
      });

      it("sees a new vote at once (no stale cache), and refuses an unknown or missing model", async () => {
        await threeDays();
        const model = (await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body.rows[0]!.model;
        const url = `${server.url}/api/leaderboard/history?model=${encodeURIComponent(model)}`;
        const before = (await getJson<LeaderboardHistory>(url)).body;
        now = START + 3 * DAY_MS + 5000;
        votedModels((await vote(client, "a")).ack);
        const after = (await getJson<LeaderboardHistory>(url)).body;
        // A new day with votes in the table: one more point, that day's row.
        assert.equal(after.points.length, before.points.length + 1);
        assert.equal(after.points.at(-1)!.date, "2026-11-05");
        assert.equal((await getJson(`${server.url}/api/leaderboard/history?model=nobody`)).status, 404);
        assert.equal((await getJson(`${server.url}/api/leaderboard/history`)).status, 400);
      });
    });

    describe("catalogue and lifecycle", () => {
      it("lists catalogue fields, status, battles and preliminary on /api/models", async () => {
        await start({
          catalog: {
            models: {
              "tiny-alpha": {
                displayName: "Tiny Alpha",
                organization: "Arena tests",
                license: "apache-2.0",
                parameters: "7B",
                contextWindow: 8192,
                priceInput: 0.5,
                priceOutput: 1.5,
                releaseDate: "2026-01-15",
                url: "https://example.org/alpha",
              },
              "tiny-gamma": { status: "paused" },
            },
          },
          leaderboard: { minVotes: 2 },
        });
        const played = votedModels((await vote(client, "a")).ack);
        const { body } = await getJson<ModelsResponse>(`${server.url}/api/models`);
        const alpha = body.models.find((model) => model.id === "tiny-alpha")!;
        assert.deepEqual(
          { ...alpha, battles: 0, preliminary: false },
          {
            id: "tiny-alpha",
            kind: "pack",
            displayName: "Tiny Alpha",
            organization: "Arena tests",
            license: "apache-2.0",
            parameters: "7B",
            contextWindow: 8192,
            priceInput: 0.5,
            priceOutput: 1.5,
            releaseDate: "2026-01-15",
            url: "https://example.org/alpha",
            status: "active",
            availability: "available",
            battles: 0,
            preliminary: false,
          },
        );
        assert.equal(body.models.find((model) => model.id === "tiny-gamma")!.status, "paused");
        for (const model of body.models) {
          const battles = model.id === played.a || model.id === played.b ? 1 : 0;
          assert.equal(model.battles, battles, model.id);
          assert.equal(model.preliminary, true, model.id);
        }
      });

      it("never draws a paused or an archived model, and keeps an archived one on the board, marked", async () => {
        // First an arena where every model plays, so that the archived one has votes.
        const dbFile = tempDbFile();
        await start({ dbFile });
        const seen = new Set<string>();
        for (let i = 0; i < 20 && seen.size < 3; i++) {
          const models = votedModels((await vote(client, "a")).ack);
          seen.add(models.a).add(models.b);
        }
        assert.equal(seen.size, 3, "every model played before the catalogue retires two");
        client.disconnect();
        await server.close();

        // Then the same votes under a catalogue that pauses one model and archives another.
        await start({
          dbFile,
          catalog: { models: { "tiny-beta": { status: "paused" }, "tiny-gamma": { status: "archived" } } },
        });
        // One drawable model of three: no prompt has two drawable answers, so battles are refused.
        const refused = await request(client, "battle:start", {});
        assert.equal(refused.ok, false);
        assert.equal(!refused.ok && refused.error.code, "no_prompts");

        const board = (await getJson<Leaderboard>(`${server.url}/api/leaderboard`)).body;
        const gamma = board.rows.find((row) => row.model === "tiny-gamma")!;
        assert.equal(gamma.status, "archived");
        assert.equal(board.rows.find((row) => row.model === "tiny-alpha")!.status, undefined);
        const models = (await getJson<ModelsResponse>(`${server.url}/api/models`)).body.models;
        assert.equal(models.find((model) => model.id === "tiny-gamma")!.status, "archived");
        assert.equal(models.find((model) => model.id === "tiny-beta")!.status, "paused");
      });

      it("draws only active models over many battles", async () => {
        await start({ catalog: { models: { "tiny-gamma": { status: "archived" } } } });
        for (let i = 0; i < 40; i++) {
          const models = votedModels((await vote(client, "tie")).ack);
          assert.deepEqual([models.a, models.b].sort(), ["tiny-alpha", "tiny-beta"]);
        }
      });

      it("refuses to start with a catalogue entry that names no model, naming it", async () => {
        await assert.rejects(
          () => startTestServer({ catalog: { models: { "no-such-model": { status: "paused" } } } }),
          (error: Error) => error instanceof ConfigError && /catalog\.no-such-model/.test(error.message),
        );
        await start();
      });
    });
  });
}

describe("battle files carry vote reasons (SQLite, arena import-battles / export-battles)", function () {
  this.timeout(120_000);

  it("exports the reasons in JSON, JSONL and CSV, and importing the export gives them back", async () => {
    now = START;
    const dbFile = tempDbFile();
    const server = await startTestServer({ dbFile, infrastructure: { clock } });
    const client = await connectClient(server.url);
    const given = new Map<string, string[]>();
    try {
      for (const [winner, reasons] of [
        ["a", ["correct", "too-long"]],
        ["bothbad", ["incorrect"]],
        ["tie", undefined],
      ] as Array<[Winner, string[] | undefined]>) {
        const { battleId, ack } = await vote(client, winner, reasons);
        votedModels(ack);
        given.set(battleId, reasons ?? []);
      }
    } finally {
      client.disconnect();
      await server.close();
    }
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "arena-depth-files-"));
    for (const format of ["json", "jsonl", "csv"] as const) {
      const first = arena(["export-battles", "--format", format], { db: dbFile });
      assert.equal(first.status, 0, first.stderr);
      const records = recordsOf(first.stdout, format);
      assert.deepEqual(new Map(records.map((record) => [record.question_id, record.reasons])), given, format);
      // Through a fresh database and back: the same reasons, and a second trip changes nothing.
      const file = path.join(scratch, `first.${format}`);
      fs.writeFileSync(file, first.stdout);
      const fresh = tempDbFile();
      assert.equal(arena(["import-battles", file], { db: fresh }).status, 0);
      const second = arena(["export-battles", "--format", format], { db: fresh });
      assert.deepEqual(
        new Map(recordsOf(second.stdout, format).map((record) => [record.question_id, record.reasons])),
        given,
        `${format}, imported`,
      );
      const again = path.join(scratch, `second.${format}`);
      fs.writeFileSync(again, second.stdout);
      const third = tempDbFile();
      assert.equal(arena(["import-battles", again], { db: third }).status, 0);
      assert.equal(arena(["export-battles", "--format", format], { db: third }).stdout, second.stdout, format);
    }
    // Refused on import: a reason that is not an id.
    const bad = path.join(scratch, "bad.jsonl");
    fs.writeFileSync(
      bad,
      `${JSON.stringify({ model_a: "x", model_b: "y", winner: "model_a", reasons: ["Not an id"] })}\n`,
    );
    const refused = arena(["import-battles", bad], { db: tempDbFile() });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /reasons/);
  });
});

/** The records of an exported file; a CSV's `reasons` cell is JSON. */
function recordsOf(text: string, format: "json" | "jsonl" | "csv"): Array<Record<string, unknown>> {
  if (format === "json") return JSON.parse(text) as Array<Record<string, unknown>>;
  const lines = text.trimEnd().split("\n");
  if (format === "jsonl") return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const header = parseCsvLine(lines[0]!);
  return lines.slice(1).map((line) => {
    const cells = parseCsvLine(line);
    const record: Record<string, unknown> = {};
    header.forEach((name, index) => (record[name] = cells[index]));
    record.reasons = JSON.parse(record.reasons as string);
    return record;
  });
}

/** One CSV line (the exports quote fields with commas or quotes; no field of these spans lines). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

describe("models file: catalog and reasons", () => {
  const write = (content: unknown) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "arena-depth-")), "models.json");
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it("reads a catalogue and replaces the reasons", () => {
    const file = write({
      packs: ["pack"],
      catalog: { x: { priceInput: 3, status: "archived" } },
      reasons: [{ id: "funny", polarity: "positive", labels: { en: "Funny" } }],
    });
    const read = readModelsFile(file);
    assert.deepEqual(read.catalog, { x: { priceInput: 3, status: "archived" } });
    assert.deepEqual(read.reasons, [{ id: "funny", polarity: "positive", labels: { en: "Funny" } }]);
  });

  it("refuses bad entries, naming the field", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ catalog: { x: { status: "retired" } } }, /catalog\.x\.status/],
      [{ catalog: { x: { priceInput: -1 } } }, /catalog\.x\.priceInput/],
      [{ catalog: { x: { releaseDate: "2026-02-30" } } }, /catalog\.x\.releaseDate/],
      [{ catalog: { x: { colour: "red" } } }, /catalog\.x/],
      [{ reasons: [{ id: "Bad Id", polarity: "positive", labels: { en: "x" } }] }, /reasons\.0\.id/],
      [
        {
          reasons: [
            { id: "a", polarity: "positive", labels: { en: "x" } },
            { id: "a", polarity: "negative", labels: { en: "y" } },
          ],
        },
        /reasons\.1\.id: "a" is listed twice/,
      ],
      [{ reasons: [] }, /reasons/],
    ];
    for (const [content, pattern] of cases) {
      assert.throws(() => readModelsFile(write({ packs: ["pack"], ...(content as object) })), pattern);
    }
  });
});

/** The table a fresh tally gives for these votes, with the live tables' options. */
function fromScratch(
  votes: ReadonlyArray<{ modelA: string; modelB: string; winner: Winner; votedAt: Date }>,
  filter: { language?: string } = {},
): Leaderboard {
  const tally = new Tally(filter, new Date(0));
  for (const each of votes) tally.add(each.modelA, each.modelB, each.winner, each.votedAt);
  return tally.toLeaderboard({ minVotes: 10, weighting: "none", priorVotes: LIVE_PRIOR_VOTES });
}

/**
 * Same models, records and ranks; ratings and intervals equal to well within a thousandth of a
 * point. Compared model by model: two models whose ratings tie to the last digits may come in
 * either order (a fit warm-started from the day before and one from scratch differ there).
 */
function assertSameRows(actual: Leaderboard, expected: Leaderboard): void {
  const byModel = new Map(expected.rows.map((row) => [row.model, row]));
  assert.deepEqual(actual.rows.map((row) => row.model).sort(), [...byModel.keys()].sort());
  for (const row of actual.rows) {
    const other = byModel.get(row.model)!;
    const record = (each: Leaderboard["rows"][number]) => [
      each.rank,
      each.battles,
      each.wins,
      each.losses,
      each.ties,
      each.provisional,
    ];
    assert.deepEqual(record(row), record(other), row.model);
    for (const key of ["rating", "ciLower", "ciUpper"] as const) {
      assert.ok(
        Math.abs((row[key] ?? 0) - (other[key] ?? 0)) < 1e-6,
        `${row.model}.${key}: ${row[key]} vs ${other[key]}`,
      );
    }
  }
  // Best first, up to ties.
  actual.rows.forEach((row, index) => index === 0 || assert.ok(row.rating <= actual.rows[index - 1]!.rating + 1e-6));
}
