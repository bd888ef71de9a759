/**
 * The `arena` command line, run as people run it: a child process (`node --import tsx
 * server/src/cli.ts …`) with ARENA_DB pointing to a temporary database.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Leaderboard } from "@arena/shared/protocol";

import { openPostgresStore } from "../../server/src/store/postgres.ts";
import { openSqliteStore } from "../../server/src/store/sqlite.ts";
import { CLEAN_BATTLE_KEYS } from "../support/fastChatPython.ts";
import { freshPostgresUrl, postgresSuiteTitle, skipWithoutPostgres } from "../support/postgres.ts";
import { getJson, startTestServer, tempDbFile } from "../support/server.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/battles", import.meta.url));
const VOTES_140K = fileURLToPath(new URL("../../../shared/data/arena-140k/votes.csv", import.meta.url));
const PUBLISHED_140K = fileURLToPath(new URL("../../../shared/data/arena-140k/published_top10.csv", import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);

type Run = { status: number | null; stdout: string; stderr: string };

/** Runs the command line; `cwd` is where the person "typed" it (relative FILEs resolve there). */
function arena(args: string[], options: { db?: string; cwd?: string; databaseUrl?: string } = {}): Run {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ARENA_DB: options.db ?? tempDbFile(),
    INIT_CWD: options.cwd ?? REPO,
  };
  if (options.databaseUrl === undefined) delete env.DATABASE_URL;
  else env.DATABASE_URL = options.databaseUrl;
  const result = spawnSync(process.execPath, ["scripts/arena.mjs", ...args], {
    cwd: REPO,
    env,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function rate(...args: string[]): Leaderboard {
  const run = arena(["rate", ...args]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Leaderboard;
}

/** Exit 2, nothing on stdout, exactly one line on stderr matching `message`. */
function assertRefused(run: Run, message: RegExp | string): void {
  assert.equal(run.status, 2, `exit code (stderr: ${run.stderr})`);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr.trimEnd().split("\n").length, 1, `one line on stderr, got: ${run.stderr}`);
  if (typeof message === "string") assert.equal(run.stderr.trimEnd(), message);
  else assert.match(run.stderr, message);
}

let scratch: string;
before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "arena-cli-"));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Writes a file into the scratch folder; returns its name there (run with `cwd: scratch`). */
function scratchFile(name: string, content: string): string {
  fs.writeFileSync(path.join(scratch, name), content);
  return name;
}

const byModel = (table: Leaderboard) => new Map(table.rows.map((row) => [row.model, row]));

describe("arena rate", () => {
  it("prints one Leaderboard JSON document for a CSV battle file, rows sorted by rating", () => {
    const run = arena(["rate", fixture("small.csv")]);
    assert.equal(run.status, 0, run.stderr);
    const table = JSON.parse(run.stdout) as Leaderboard; // the whole of stdout is one document
    assert.equal(table.battles, 27);
    assert.equal(table.language, null);
    assert.equal(table.category, null);
    assert.equal(table.updatedAt, "1970-01-01T00:00:00.000Z"); // no tstamp in the file
    assert.deepEqual(
      table.rows.map((row) => row.model),
      ["alpha", "beta", "gamma", "delta"],
    );
    for (let index = 1; index < table.rows.length; index++) {
      assert.ok(table.rows[index - 1]!.rating >= table.rows[index]!.rating, "sorted by rating, best first");
      assert.ok(table.rows[index - 1]!.rank <= table.rows[index]!.rank, "ranks follow the order");
    }
    assert.equal(table.rows[0]!.rank, 1);
    const alpha = byModel(table).get("alpha")!;
    assert.deepEqual([alpha.battles, alpha.wins, alpha.losses, alpha.ties], [13, 9, 2, 2]);
    assert.equal(
      table.rows.reduce((sum, row) => sum + row.battles, 0),
      2 * 27,
    );
  });

  it("gives Bradley–Terry ratings centred on 1000 with sandwich intervals around them", () => {
    const table = rate(fixture("small.csv"));
    const mean = table.rows.reduce((sum, row) => sum + row.rating, 0) / table.rows.length;
    assert.ok(Math.abs(mean - 1000) < 1e-6, `mean rating ${mean}`);
    for (const row of table.rows) {
      assert.equal(typeof row.ciLower, "number", `${row.model} has an interval`);
      assert.ok(row.ciLower! < row.rating && row.rating < row.ciUpper!, `${row.model}: interval around the rating`);
    }
  });

  it("prints the same bytes for the same file and options", () => {
    const first = arena(["rate", fixture("small.json")]);
    const second = arena(["rate", fixture("small.json")]);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, second.stdout);
  });

  it("reads FastChat's JSON array and JSONL battles like the same battles in CSV", () => {
    const csv = rate(fixture("small.csv"));
    const json = rate(fixture("small.json"));
    const jsonl = rate(fixture("small.jsonl"));
    assert.deepEqual(json.rows, csv.rows);
    assert.deepEqual(jsonl.rows, csv.rows);
    // updatedAt is the latest tstamp of the file, which is not the last line.
    assert.equal(json.updatedAt, new Date(1719046800250).toISOString());
    assert.equal(jsonl.updatedAt, json.updatedAt);
  });

  it("counts FastChat's 'tie (bothbad)' as a tie and reads quoted fields, CRLF and a BOM", () => {
    const table = rate(fixture("quoted.csv"));
    assert.equal(table.battles, 4);
    assert.deepEqual([...byModel(table).keys()].sort(), ['model "quoted"', "model, with comma", "plain-model"]);
    const quoted = byModel(table).get('model "quoted"')!;
    assert.deepEqual([quoted.battles, quoted.wins, quoted.losses, quoted.ties], [2, 1, 0, 1]);
  });

  it("--language keeps the battles in that language, with FastChat's language names read as codes", () => {
    const csv = rate(fixture("small.csv"), "--language", "fr");
    assert.equal(csv.language, "fr");
    assert.equal(csv.battles, 9);
    const json = rate(fixture("small.json"), "--language", "fr");
    assert.deepEqual(json.rows, csv.rows);
    const none = rate(fixture("small.csv"), "--language", "de");
    assert.deepEqual([none.language, none.battles, none.rows], ["de", 0, []]);
  });

  it("--exclude-ties leaves out tie and both-bad votes", () => {
    const table = rate(fixture("small.csv"), "--exclude-ties");
    assert.equal(table.battles, 23);
    assert.ok(table.rows.every((row) => row.ties === 0));
  });

  it("--ci bootstrap is reproducible for a seed and differs with another seed", () => {
    const args = ["rate", fixture("small.csv"), "--ci", "bootstrap", "--rounds", "20", "--seed", "7"];
    const first = arena(args);
    const second = arena(args);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, second.stdout);
    const bootstrap = JSON.parse(first.stdout) as Leaderboard;
    const sandwich = rate(fixture("small.csv"));
    const otherSeed = rate(fixture("small.csv"), "--ci=bootstrap", "--rounds=20", "--seed=8");
    const intervals = (table: Leaderboard) => table.rows.map((row) => [row.ciLower, row.ciUpper]);
    assert.notDeepEqual(intervals(bootstrap), intervals(sandwich));
    assert.notDeepEqual(intervals(bootstrap), intervals(otherSeed));
    for (const row of bootstrap.rows) assert.ok(row.ciLower! <= row.ciUpper!);
  });

  it("does not rate votes the file marks as flagged (Arena's own exports)", () => {
    const file = scratchFile(
      "flagged.jsonl",
      [
        { model_a: "x", model_b: "y", winner: "model_a", flag: null },
        { model_a: "x", model_b: "y", winner: "model_b", flag: "identity_leak" },
      ]
        .map((record) => JSON.stringify(record))
        .join("\n"),
    );
    const table = rate(path.join(scratch, file));
    assert.equal(table.battles, 1);
    assert.equal(byModel(table).get("x")!.wins, 1);
  });

  it("answers an empty table for a file with a header and no battles", () => {
    for (const [name, content] of [
      ["header-only.csv", "model_a,model_b,winner\n"],
      ["empty.json", "[]\n"],
    ] as const) {
      const run = arena(["rate", scratchFile(name, content)], { cwd: scratch });
      assert.equal(run.status, 0, run.stderr);
      const table = JSON.parse(run.stdout) as Leaderboard;
      assert.deepEqual([table.battles, table.rows, table.updatedAt], [0, [], "1970-01-01T00:00:00.000Z"]);
    }
  });

  it("counts a battle of a model against itself in the table's battles and nowhere else", () => {
    const plain = "model_a,model_b,winner\nx,y,model_a\ny,x,tie\nx,y,model_b\nx,y,model_a\n";
    const selfBattles = "x,x,model_a\nx,x,model_b\ny,y,tie\nz,z,model_a\n";
    const without = rate(path.join(scratch, scratchFile("no-self.csv", plain)));
    const withSelf = rate(path.join(scratch, scratchFile("self.csv", plain + selfBattles)));
    assert.equal(withSelf.battles, without.battles + 4);
    // z met only itself: no row; x and y: the same rating, Elo and record as without.
    assert.deepEqual(withSelf.rows, without.rows);
  });

  it("marks models with fewer battles than --min-battles provisional (default 10)", () => {
    const rows = Array.from({ length: 12 }, (_, index) => (index % 3 === 0 ? "x,y,tie" : "x,y,model_a"));
    const file = path.join(
      scratch,
      scratchFile("rare.csv", ["model_a,model_b,winner", ...rows, "x,rare,tie", "rare,y,tie"].join("\n")),
    );
    const byDefault = byModel(rate(file));
    assert.deepEqual([...byDefault].map(([model, row]) => [model, row.battles, row.provisional]).sort(), [
      ["rare", 2, true],
      ["x", 13, false],
      ["y", 13, false],
    ]);
    assert.equal(byModel(rate(file, "--min-battles", "2")).get("rare")!.provisional, false);
    // Two ties say almost nothing: the interval says so (hundreds of points, not a handful).
    const rare = byDefault.get("rare")!;
    assert.ok(rare.ciUpper! - rare.ciLower! > 200, `interval ${rare.ciLower}–${rare.ciUpper}`);
  });

  describe("refuses a malformed file with one line naming the line, exit code 2", () => {
    it("a bad winner", () => {
      const file = scratchFile("bad-winner.csv", "model_a,model_b,winner\nx,y,model_a\ny,x,tie\nx,y,x\n");
      assertRefused(
        arena(["rate", file], { cwd: scratch }),
        'bad-winner.csv:4: winner must be model_a, model_b, tie or both_bad, got "x"',
      );
    });

    it("a bad winner after a quoted field that spans lines", () => {
      const file = scratchFile("multiline.csv", 'model_a,model_b,winner,note\nx,y,model_a,"one\ntwo"\nx,y,draw,\n');
      assertRefused(arena(["rate", file], { cwd: scratch }), /^multiline\.csv:4: winner must be .*got "draw"\n$/);
    });

    it("a missing column", () => {
      const file = scratchFile("no-winner.csv", "model_a,model_b,result\nx,y,model_a\n");
      assertRefused(arena(["rate", file], { cwd: scratch }), /^no-winner\.csv:1: missing column "winner"/);
    });

    it("a row with more or fewer fields than the header", () => {
      const file = scratchFile("short-row.csv", "model_a,model_b,winner\nx,y,model_a\nx,y\n");
      assertRefused(arena(["rate", file], { cwd: scratch }), /^short-row\.csv:3: has 2 fields, the header has 3/);
    });

    it("a quoted field that is never closed", () => {
      const file = scratchFile("open-quote.csv", 'model_a,model_b,winner\nx,y,model_a\n"x,y,tie\n');
      assertRefused(arena(["rate", file], { cwd: scratch }), /^open-quote\.csv:3: a quoted field is not closed/);
    });

    it("a JSONL line that is not JSON", () => {
      const file = scratchFile("broken.jsonl", '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"x",\n');
      assertRefused(arena(["rate", file], { cwd: scratch }), /^broken\.jsonl:2: is not valid JSON/);
    });

    it("a battle of a JSON array without model_b, named by the line it starts on", () => {
      const battles = [
        { model_a: "x", model_b: "y", winner: "model_a" },
        { model_a: "x", winner: "tie" },
      ];
      const file = scratchFile("missing-model.json", JSON.stringify(battles, null, 2));
      assertRefused(arena(["rate", file], { cwd: scratch }), "missing-model.json:7: model_b is missing");
    });

    it("a file that does not exist", () => {
      assertRefused(arena(["rate", "nowhere.csv"], { cwd: scratch }), "nowhere.csv: no such file");
    });
  });

  describe("refuses a bad option with one line naming the option, exit code 2", () => {
    const cases: Array<[string[], RegExp]> = [
      [["--ci", "foo"], /--ci must be sandwich or bootstrap, got "foo"/],
      [["--rounds", "-1"], /--rounds must be a whole number from 1 to \d+, got "-1"/],
      [["--rounds", "0"], /--rounds must be a whole number/],
      [["--seed", "seven"], /--seed must be a whole number/],
      [["--language", "<script>"], /--language must be an ISO 639-1 code/],
      [["--bogus"], /unknown option "--bogus"/],
      [["--rounds"], /--rounds needs a value/],
    ];
    for (const [options, message] of cases) {
      it(options.join(" "), () => {
        assertRefused(arena(["rate", fixture("small.csv"), ...options]), message);
      });
    }

    it("a missing FILE", () => {
      assertRefused(arena(["rate"]), /missing FILE/);
    });
  });

  it("rates the 135,634 battles of arena-human-preference-140k: 53 models", function () {
    this.timeout(120_000);
    const started = performance.now();
    const table = rate(VOTES_140K);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(table.battles, 135_634);
    assert.equal(table.rows.length, 53);
    assert.ok(seconds < 30, `took ${seconds.toFixed(1)} s`);
    // LMArena's own fit of the same votes (arena-rank): same order, same rating differences and
    // interval widths. Its absolute values sit 0.31 higher (data/README.md), so compare differences.
    const published = fs
      .readFileSync(PUBLISHED_140K, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(","))
      .map(([model, rating, lower, upper]) => ({ model: model!, rating: +rating!, lower: +lower!, upper: +upper! }));
    assert.deepEqual(
      table.rows.slice(0, 10).map((row) => row.model),
      published.map((row) => row.model),
    );
    const ours = byModel(table);
    const [topPublished, topOurs] = [published[0]!, ours.get(published[0]!.model)!];
    for (const expected of published) {
      const row = ours.get(expected.model)!;
      const difference = row.rating - topOurs.rating - (expected.rating - topPublished.rating);
      assert.ok(Math.abs(difference) < 0.05, `${expected.model}: rating difference off by ${difference}`);
      const width = row.ciUpper! - row.ciLower! - (expected.upper - expected.lower);
      assert.ok(Math.abs(width) < 0.05, `${expected.model}: interval width off by ${width}`);
    }
  });
});

describe("arena import-battles / export-battles", () => {
  it("imports a file once: importing it again adds nothing", () => {
    for (const name of ["small.csv", "small.json"]) {
      const db = tempDbFile();
      const first = arena(["import-battles", fixture(name)], { db });
      assert.equal(first.status, 0, first.stderr);
      assert.equal(first.stdout, "");
      assert.match(first.stderr, /^imported 27, skipped 0 \(already present\)/);
      const second = arena(["import-battles", fixture(name)], { db });
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stderr, /^imported 0, skipped 27 \(already present\)/);
    }
  });

  it("writes nothing when the file is malformed, even if its start is fine", () => {
    const db = tempDbFile();
    const file = scratchFile("late-error.csv", "model_a,model_b,winner\nx,y,model_a\nx,y,model_b\nx,y,maybe\n");
    assertRefused(arena(["import-battles", file], { db, cwd: scratch }), /^late-error\.csv:4: winner must be/);
    assert.equal(fs.existsSync(db), false);
  });

  it("writes nothing when a bad row comes after thousands of good ones, and leaves an existing database as it was", () => {
    const good = Array.from({ length: 2_500 }, (_, index) => `late-${String(index).padStart(12, "0")},x,y,model_a`);
    const file = scratchFile(
      "late-bad.csv",
      ["id,model_a,model_b,winner", ...good, "late-bad-row-00000,x,y,maybe", ""].join("\n"),
    );
    const fresh = tempDbFile();
    assertRefused(arena(["import-battles", file], { db: fresh, cwd: scratch }), /^late-bad\.csv:2502: winner must be/);
    assert.deepEqual(fs.readdirSync(path.dirname(fresh)), [], "no database file, journal or log left behind");

    const existing = tempDbFile();
    assert.equal(arena(["import-battles", fixture("small.csv")], { db: existing }).status, 0);
    const before = arena(["export-battles"], { db: existing }).stdout;
    assertRefused(
      arena(["import-battles", file], { db: existing, cwd: scratch }),
      /^late-bad\.csv:2502: winner must be/,
    );
    assert.equal(fs.existsSync(existing), true);
    assert.equal(arena(["export-battles"], { db: existing }).stdout, before);
    assert.match(arena(["import-battles", fixture("small.csv")], { db: existing }).stderr, /^imported 0, skipped 27/);
  });

  it("gives back every field of an imported FastChat file, and the export imports and rates the same", () => {
    const db = tempDbFile();
    assert.equal(arena(["import-battles", fixture("small.json")], { db }).status, 0);
    const original = JSON.parse(fs.readFileSync(fixture("small.json"), "utf8")) as Array<Record<string, unknown>>;
    for (const format of ["json", "jsonl"] as const) {
      const exported = arena(["export-battles", "--format", format], { db });
      assert.equal(exported.status, 0, exported.stderr);
      const records: Array<Record<string, unknown>> =
        format === "json"
          ? JSON.parse(exported.stdout)
          : exported.stdout
              .trimEnd()
              .split("\n")
              .map((line) => JSON.parse(line));
      assert.equal(records.length, original.length);
      records.forEach((record, index) => {
        for (const [key, value] of Object.entries(original[index]!)) {
          assert.deepEqual(record[key], value, `${format} battle ${index}: ${key} as imported`);
        }
      });
      // clean_battle_data.py's order; small.json has no conv_metadata.
      assert.deepEqual(Object.keys(records[0]!).slice(0, 11), CLEAN_BATTLE_KEYS);
      const exportFile = scratchFile(`export.${format}`, exported.stdout);
      const fresh = tempDbFile();
      assert.match(
        arena(["import-battles", exportFile], { db: fresh, cwd: scratch }).stderr,
        /^imported 27, skipped 0/,
      );
      assert.equal(
        arena(["export-battles", "--format", format], { db: fresh }).stdout,
        exported.stdout,
        "a second trip changes nothing",
      );
      assert.deepEqual(rate(path.join(scratch, exportFile)), rate(fixture("small.json")));
    }
  });

  it("keeps a CSV without times or judges without them, and its other columns (CSV back to CSV)", () => {
    const db = tempDbFile();
    assert.equal(arena(["import-battles", fixture("small.csv")], { db }).status, 0);
    const run = arena(["export-battles", "--format", "csv", "--output", "export.csv"], { db, cwd: scratch });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "");
    const text = fs.readFileSync(path.join(scratch, "export.csv"), "utf8");
    const [header, firstRow] = text.split("\n");
    assert.equal(
      header,
      "question_id,model_a,model_b,winner,judge,conversation_a,conversation_b,turn,anony,language,tstamp,conv_metadata,id,note,category,tags,flag,reasons",
    );
    // No judge, turn or time in the file: none invented; the language as the file wrote it.
    assert.equal(
      firstRow,
      'fixture-battle-0001,alpha,beta,model_a,,,,,true,en,,,fixture-battle-0001,"a note, with a comma",,[],,[]',
    );

    const fresh = tempDbFile();
    assert.match(
      arena(["import-battles", "export.csv"], { db: fresh, cwd: scratch }).stderr,
      /^imported 27, skipped 0/,
    );
    assert.match(arena(["import-battles", fixture("small.csv")], { db: fresh }).stderr, /^imported 0, skipped 27/);
    assert.deepEqual(rate(path.join(scratch, "export.csv")).rows, rate(fixture("small.csv")).rows);
  });

  it("reads what the file leaves out from the prompt: language, tags; keeps a plain-word category", () => {
    const battle = (prompt: string, extra: object) => ({
      model_a: "x",
      model_b: "y",
      winner: "model_a",
      conversation_a: [
        { role: "user", content: prompt },
        { role: "assistant", content: "answer x" },
      ],
      conversation_b: [{ role: "user", content: prompt }],
      ...extra,
    });
    const french = "Peux-tu m'expliquer pourquoi le ciel est bleu pendant la journée et rouge le soir ?";
    const code = "Why does this fail?\n```python\nprint(1/0)\n```";
    const file = scratchFile(
      "content.jsonl",
      [battle(french, { category: "writing", tstamp: 1700000000 }), battle(code, { category: "Hard prompt!" })]
        .map((record) => JSON.stringify(record))
        .join("\n"),
    );
    const db = tempDbFile();
    assert.match(arena(["import-battles", file], { db, cwd: scratch }).stderr, /^imported 2, skipped 0/);
    const [first, second] = arena(["export-battles"], { db })
      .stdout.trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    assert.deepEqual([first.language, first.category, first.tags, first.tstamp], ["French", "writing", [], 1700000000]);
    assert.deepEqual(first.conversation_b, [{ role: "user", content: french }], "no answer known for b");
    assert.deepEqual([second.category, second.tags], [null, ["coding"]]);
    assert.equal(rate(path.join(scratch, file), "--language", "fr").battles, 1);
  });

  it("refuses a bad --format, a database that does not exist and an option of another command", () => {
    assertRefused(arena(["export-battles", "--format", "xml"]), /--format must be json, jsonl or csv, got "xml"/);
    assertRefused(arena(["export-battles"], { db: path.join(scratch, "missing", "arena.db") }), /no database at/);
    assertRefused(arena(["import-battles", fixture("small.csv"), "--ci", "bootstrap"]), /unknown option "--ci"/);
  });

  it("imports the 135,634 battles of arena-human-preference-140k, which the server then counts", async function () {
    this.timeout(180_000);
    const db = tempDbFile();
    const run = arena(["import-battles", VOTES_140K], { db });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^imported 135634, skipped 0/);
    const server = await startTestServer({ dbFile: db });
    try {
      const { status, body } = await getJson<Leaderboard>(`${server.url}/api/leaderboard`);
      assert.equal(status, 200);
      assert.equal(body.battles, 135_634);
      assert.equal(body.rows.length, 53);
    } finally {
      await server.close();
    }
  });
});

describe("arena (no command, --help, unknown command)", () => {
  it("prints the usage on stderr for --help, exit code 0", () => {
    const run = arena(["--help"]);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /Usage: .*arena/);
    assert.match(run.stderr, /rate FILE/);
  });

  it("prints the usage with exit code 2 without a command or for an unknown one", () => {
    const none = arena([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /Usage:/);
    const unknown = arena(["rank"]);
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stdout, "");
    assert.match(unknown.stderr, /^arena: unknown command "rank"/);
  });
});

describe("arena migrate-to-postgres", function () {
  this.timeout(60_000); // several child processes
  it("refuses without a PostgreSQL URL, with another scheme, or without the SQLite file", () => {
    const db = tempDbFile();
    assert.equal(arena(["import-battles", fixture("small.csv")], { db }).status, 0);
    assertRefused(
      arena(["migrate-to-postgres"], { db }),
      "arena migrate-to-postgres: --to URL is missing (or set DATABASE_URL)",
    );
    assertRefused(
      arena(["migrate-to-postgres", "--to", "mysql://db/arena"], { db }),
      /--to must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    assertRefused(
      arena(["migrate-to-postgres", "--from", "nothing-here.db", "--to", "postgres://127.0.0.1:1/x"], { cwd: scratch }),
      /no SQLite database at .*nothing-here\.db/,
    );
    assertRefused(
      arena(["migrate-to-postgres", "--to", "postgres://postgres@127.0.0.1:1/none"], { db }),
      /cannot open PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/none/,
    );
  });
});

describe(postgresSuiteTitle("arena with PostgreSQL (DATABASE_URL)"), function () {
  this.timeout(60_000); // several child processes
  let databases: Array<{ drop(): Promise<void> }> = [];
  const freshDatabase = async () => {
    const database = await freshPostgresUrl();
    databases.push(database);
    return database.url;
  };
  before(function () {
    skipWithoutPostgres(this);
  });
  afterEach(async () => {
    for (const database of databases) await database.drop();
    databases = [];
  });

  it("import-battles and export-battles use PostgreSQL when DATABASE_URL is set", async () => {
    const databaseUrl = await freshDatabase();
    const first = arena(["import-battles", fixture("small.json")], { databaseUrl });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /^imported 27, skipped 0/);
    assert.match(arena(["import-battles", fixture("small.json")], { databaseUrl }).stderr, /^imported 0, skipped 27/);
    const db = tempDbFile();
    arena(["import-battles", fixture("small.json")], { db });
    const fromPostgres = arena(["export-battles"], { databaseUrl, db: path.join(scratch, "unused", "arena.db") });
    assert.equal(fromPostgres.status, 0, fromPostgres.stderr);
    const fromSqlite = arena(["export-battles"], { db });
    assert.equal(fromPostgres.stdout, fromSqlite.stdout, "the same file exports alike from either engine");
  });

  it("import-battles writes nothing to PostgreSQL when a bad row comes after thousands of good ones", async () => {
    const databaseUrl = await freshDatabase();
    const good = Array.from({ length: 2_500 }, (_, index) => `late-${String(index).padStart(12, "0")},x,y,model_a`);
    const file = scratchFile(
      "late-bad-pg.csv",
      ["id,model_a,model_b,winner", ...good, "late-bad-row-00000,x,y,maybe", ""].join("\n"),
    );
    assertRefused(
      arena(["import-battles", file], { databaseUrl, cwd: scratch }),
      /^late-bad-pg\.csv:2502: winner must be/,
    );
    const store = await openPostgresStore(databaseUrl);
    try {
      assert.equal(await store.countVotes(), 0);
      assert.equal(await store.getBattle("late-000000000000"), null);
    } finally {
      await store.close();
    }
  });

  it("moves voted battles with sessions, flags, conversations and standings; running again copies nothing new", async () => {
    const db = tempDbFile();
    assert.equal(arena(["import-battles", fixture("small.json")], { db }).status, 0);
    const sqlite = openSqliteStore(db);
    try {
      const started = new Date("2026-04-01T12:00:00.123Z");
      const live = {
        sessionHash: "8".repeat(64),
        language: "en",
        category: null,
        tags: [],
        modelA: "alpha",
        modelB: "beta",
        answerA: null,
        answerB: null,
        source: "live" as const,
        startedAt: started,
      };
      // Only the session that started a battle may vote on it: the export format carries that one session.
      await sqlite.insertBattle({ ...live, id: "live-voted", prompt: "Tell me a story" });
      await sqlite.insertBattle({ ...live, id: "live-open", prompt: "Never voted" });
      await sqlite.recordVote({
        battleId: "live-voted",
        sessionHash: "8".repeat(64),
        winner: "b",
        votedAt: new Date("2026-04-01T12:01:00.456Z"),
        flag: "identity-leak",
        outcome: {
          answerA: "A2",
          answerB: "B2",
          tags: ["multiturn"],
          conversation: [
            { prompt: "Tell me a story", a: "A1", b: "B1" },
            { prompt: "Longer", a: "A2", b: "B2" },
          ],
        },
      });
      await sqlite.setSessionStanding("8".repeat(64), {
        status: "excluded",
        source: "admin",
        reason: "spam",
        updatedAt: new Date("2026-04-02T00:00:00Z"),
      });
    } finally {
      await sqlite.close();
    }

    const to = await freshDatabase();
    const run = arena(["migrate-to-postgres", "--from", db, "--to", to]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(
      run.stderr,
      /^copied 28 voted battles, skipped 0 \(already in PostgreSQL\); 1 session standings; 1 open battles without a vote not copied; \d+ ms\n$/,
    );

    const source = openSqliteStore(db);
    const target = await openPostgresStore(to);
    try {
      assert.deepEqual(await target.exportBattles(), await source.exportBattles());
      assert.deepEqual(
        await target.listVotes({ includeFlagged: true }),
        await source.listVotes({ includeFlagged: true }),
      );
      assert.deepEqual(await target.listSessionStandings(), await source.listSessionStandings());
      assert.equal(await target.getBattle("live-open"), null);
    } finally {
      await source.close();
      await target.close();
    }

    // Defaults: ARENA_DB and DATABASE_URL.
    const again = arena(["migrate-to-postgres"], { db, databaseUrl: to });
    assert.equal(again.status, 0, again.stderr);
    assert.match(
      again.stderr,
      /^copied 0 voted battles, skipped 28 \(already in PostgreSQL\); 0 session standings; 1 open battles/,
    );
  });
});
