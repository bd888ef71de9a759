/**
 * `export-battles --format json` is what FastChat's `elo_analysis.py --clean-battle-file` reads.
 * Checked twice: field by field against the shape FastChat's `clean_battle_data.py` writes (the
 * fixture test/fixtures/battles/fastchat-clean-battle.json, imported and exported again, and
 * battles voted in a running arena), and, where python3 with pandas is installed, by reading the
 * exports in Python — with FastChat's own elo_analysis.py when a FastChat checkout is at hand
 * (see test/support/fastChatPython.ts), else with our pandas stand-in for its filters.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Winner } from "@arena/shared/protocol";
import { loadTokenCounter } from "@arena/shared/ratings/markdownStyle";

import { startFakeOpenAI } from "../support/fakeOpenAI.ts";
import { CLEAN_BATTLE_KEYS, findPythonSide, type PythonSide, readAsFastChat } from "../support/fastChatPython.ts";
import {
  connectClient,
  expectOk,
  liveModel,
  playBattle,
  request,
  startTestServer,
  tempDbFile,
} from "../support/server.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/battles/fastchat-clean-battle.json", import.meta.url));

type FastChatRecord = Record<string, unknown>;

/** Arena's own fields, after every field of the file. */
const ARENA_KEYS = ["category", "tags", "flag", "reasons"];
const WINNERS = ["model_a", "model_b", "tie", "tie (bothbad)"];

/** The fixture's battles by what they ask (see the fixture's README). */
const ID = {
  water: "6f1c2e9a4b7d4c0e8a3f5b2d1c9e7a40",
  greatWall: "0b8e4d2c6a1f4e3b9c7d5a2e8f1b3c61",
  migration: "c3a9f7e1d5b24a6c8e0f2b4d6a8c1e37", // two turns, long, tie (bothbad)
  primaryColours: "9d2b6f0a8c4e4b1d7f3a5c9e1b7d2f58", // not anonymous
  keyboard: "4e7a1c9b3d5f4a2e8b6c0d9f7a1e3b95", // language "unknown", tie
  cooking: "a1f3c5e7b9d24f6a8c0e2d4b6f8a1c73", // long on side b
  machineLearning: "e5c7a9f1b3d64e8a0c2f4b6d8e0a2c19", // Chinese, long
  multiplication: "7b9d1f3a5c8e4b0d2f6a8c1e3b5d7f26",
};
/** The battles each of FastChat's filters keeps, in its order (by tstamp), anonymous ones only. */
const FIXTURE_RUNS: Record<string, string[]> = {
  full: [ID.water, ID.greatWall, ID.migration, ID.keyboard, ID.cooking, ID.machineLearning, ID.multiplication],
  long: [ID.migration, ID.cooking, ID.machineLearning],
  english: [ID.water, ID.migration, ID.cooking, ID.multiplication],
  chinese: [ID.greatWall, ID.machineLearning],
  "langs-english": [ID.water, ID.migration, ID.cooking, ID.multiplication],
  "known-language": [ID.water, ID.greatWall, ID.migration, ID.cooking, ID.machineLearning, ID.multiplication],
  "no-ties": [ID.water, ID.greatWall, ID.cooking, ID.machineLearning, ID.multiplication],
};

function arena(args: string[], db: string): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ARENA_DB: db, INIT_CWD: REPO };
  delete env.DATABASE_URL; // the SQLite file, whatever the shell says
  const run = spawnSync(process.execPath, ["scripts/arena.mjs", ...args], { cwd: REPO, env, encoding: "utf8" });
  if (run.error) throw run.error;
  return run;
}

/** `export-battles --format json --output FILE` of the database; returns FILE. */
function exportJson(db: string, file: string): string {
  const run = arena(["export-battles", "--format", "json", "--output", file], db);
  assert.equal(run.status, 0, run.stderr);
  return file;
}

const readRecords = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as FastChatRecord[];

/** JSON's types, with whole numbers apart (FastChat's `turn` and counts are ints, `tstamp` a float). */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The same JSON at every depth: types, object keys in the same order, values; `where` names the place. */
function assertSameJson(actual: unknown, expected: unknown, where: string): void {
  assert.equal(jsonType(actual), jsonType(expected), `${where}: type`);
  if (Array.isArray(expected)) {
    const items = actual as unknown[];
    assert.equal(items.length, expected.length, `${where}: length`);
    expected.forEach((item, index) => assertSameJson(items[index], item, `${where}[${index}]`));
  } else if (jsonType(expected) === "object") {
    const fields = actual as Record<string, unknown>;
    const wanted = expected as Record<string, unknown>;
    assert.deepEqual(Object.keys(fields), Object.keys(wanted), `${where}: keys in order`);
    for (const key of Object.keys(wanted)) assertSameJson(fields[key], wanted[key], `${where}.${key}`);
  } else {
    assert.equal(actual, expected, where);
  }
}

const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;

/**
 * The fields `clean_battle_data.py` writes, with its types: a conversation alternates user and
 * assistant from the user, and `turn` counts its user turns (FastChat: `len(conversation_a) // 2`).
 * `num_tokens` on every turn (what elo_analysis' `long` category sums) only when asked.
 */
function assertCleanBattleShape(record: FastChatRecord, where: string, { numTokens }: { numTokens: boolean }): void {
  assert.deepEqual(
    Object.keys(record).filter((key) => CLEAN_BATTLE_KEYS.includes(key)),
    CLEAN_BATTLE_KEYS,
    `${where}: clean_battle_data.py's fields, in its order`,
  );
  for (const key of ["question_id", "model_a", "model_b", "judge", "language"]) {
    assert.equal(typeof record[key], "string", `${where}.${key}`);
  }
  assert.ok(WINNERS.includes(record.winner as string), `${where}.winner: ${String(record.winner)}`);
  assert.equal(typeof record.anony, "boolean", `${where}.anony`);
  assert.match(record.language as string, /^(?:[A-Z][a-z]+|unknown)$/, `${where}.language: a FastChat language name`);
  assert.ok(Number.isFinite(record.tstamp) && (record.tstamp as number) > 1e9, `${where}.tstamp: seconds since 1970`);
  for (const side of ["conversation_a", "conversation_b"]) {
    const conversation = record[side] as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(conversation) && conversation.length >= 2, `${where}.${side}`);
    conversation.forEach((turn, index) => {
      assert.equal(turn.role, index % 2 === 0 ? "user" : "assistant", `${where}.${side}[${index}].role`);
      assert.equal(typeof turn.content, "string", `${where}.${side}[${index}].content`);
      if (numTokens) assert.ok(isCount(turn.num_tokens), `${where}.${side}[${index}].num_tokens`);
    });
    assert.equal(
      conversation.filter((turn) => turn.role === "user").length,
      record.turn,
      `${where}.turn counts ${side}'s user turns`,
    );
  }
  assert.ok(Number.isInteger(record.turn) && (record.turn as number) >= 1, `${where}.turn`);
  assert.equal(
    record.turn,
    Math.floor((record.conversation_a as unknown[]).length / 2),
    `${where}.turn is len(conversation_a) // 2`,
  );
}

/** `conv_metadata` as FastChat's style control reads it (rating_systems.py) and add_markdown_info.py writes it. */
function assertConvMetadataShape(metadata: unknown, where: string): void {
  assert.equal(jsonType(metadata), "object", where);
  const fields = metadata as Record<string, unknown>;
  const counts = (key: string, names: string[]) => {
    assert.deepEqual(Object.keys(fields[key] as object), names, `${where}.${key}`);
    for (const name of names)
      assert.ok(isCount((fields[key] as Record<string, unknown>)[name]), `${where}.${key}.${name}`);
  };
  for (const side of ["a", "b"]) {
    assert.ok(isCount(fields[`sum_assistant_${side}_tokens`]), `${where}.sum_assistant_${side}_tokens`);
    counts(`header_count_${side}`, ["h1", "h2", "h3", "h4", "h5", "h6"]);
    counts(`list_count_${side}`, ["ordered", "unordered"]);
    counts(`bold_count_${side}`, ["**", "__"]);
  }
}

function assertArenaFields(record: FastChatRecord, where: string): void {
  assert.deepEqual(Object.keys(record).slice(-ARENA_KEYS.length), ARENA_KEYS, `${where}: Arena's fields last`);
  assert.ok(record.category === null || typeof record.category === "string", `${where}.category`);
  assert.ok(Array.isArray(record.tags) && record.tags.every((tag) => typeof tag === "string"), `${where}.tags`);
  assert.equal(record.flag, null, `${where}.flag`);
  assert.deepEqual(record.reasons, [], `${where}.reasons`);
}

/** A follow-up of well over 768 tokens: FastChat's `long` category then keeps that battle. */
const LONG_FOLLOW_UP = `And of Spain? ${"Please also list every river, mountain and city you know there. ".repeat(80)}`;

describe("FastChat reads export-battles --format json", function () {
  let scratch: string;
  /** The fixture, imported into a fresh database and exported again. */
  let fixtureExport: string;
  /** Battles voted through a running arena, exported, and what the voters saw of them. */
  let arenaExport: string;
  let voted: Array<{
    battleId: string;
    models: { a: string; b: string };
    winner: Winner;
    language: string;
    conversation: Array<{ prompt: string; a: string; b: string }>;
  }>;
  let votingStarted: number;
  let votingEnded: number;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "arena-fastchat-"));
    const db = tempDbFile();
    const imported = arena(["import-battles", FIXTURE], db);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stderr, /^imported 8, skipped 0/);
    fixtureExport = exportJson(db, path.join(scratch, "fixture-export.json"));

    const answers: Record<string, string[]> = {
      "live-one": ["The capital ", "is **Paris**."],
      "live-two": ["Paris, ", "of course."],
    };
    const fake = await startFakeOpenAI({
      models: Object.fromEntries(Object.entries(answers).map(([model, chunks]) => [model, { chunks }])),
    });
    const server = await startTestServer({
      live: { models: ["live-one", "live-two"].map((id) => liveModel(id, fake.baseURL)) },
    });
    const voter = await connectClient(server.url);
    voted = [];
    votingStarted = Date.now() / 1000;
    try {
      const vote = async (
        battle: Awaited<ReturnType<typeof playBattle>>,
        winner: Winner,
        conversation: Array<{ prompt: string; a: string; b: string }>,
      ) => {
        const { models } = expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner }));
        voted.push({ battleId: battle.battleId, models, winner, language: battle.language, conversation });
      };
      // Two turns: the follow-up goes to both models, the vote covers the conversation.
      const first = await playBattle(voter, { prompt: "What is the capital of France?" });
      const ends = new Promise((resolve) => voter.once("battle:end", () => voter.once("battle:end", resolve)));
      expectOk(await request(voter, "battle:continue", { battleId: first.battleId, prompt: LONG_FOLLOW_UP }));
      await ends;
      // The fake answers the same whatever it is asked.
      await vote(first, "a", [
        { prompt: "What is the capital of France?", a: first.answers.a, b: first.answers.b },
        { prompt: LONG_FOLLOW_UP, a: first.answers.a, b: first.answers.b },
      ]);
      // Each model has a vote that is no tie (the first battle, the pool's): FastChat's
      // win-fraction plots index the no-tie battles by every rated model and fail otherwise.
      const french = await playBattle(voter, { prompt: "Quelle est la capitale de l'Italie, s'il te plaît ?" });
      await vote(french, "tie", [{ prompt: french.prompt, a: french.answers.a, b: french.answers.b }]);
      const fromPool = await playBattle(voter);
      await vote(fromPool, "a", [{ prompt: fromPool.prompt, a: fromPool.answers.a, b: fromPool.answers.b }]);
      const english = await playBattle(voter, { prompt: "Give me one tip for writing clear code." });
      await vote(english, "bothbad", [{ prompt: english.prompt, a: english.answers.a, b: english.answers.b }]);
    } finally {
      votingEnded = Date.now() / 1000;
      voter.disconnect();
      await server.close();
      await fake.close();
    }
    arenaExport = exportJson(server.dbFile, path.join(scratch, "arena-export.json"));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  describe("a clean_battle file imported and exported again", () => {
    it("the fixture has the shape clean_battle_data.py writes, with conv_metadata, dedup_tag and category_tag after it", () => {
      for (const [index, record] of readRecords(FIXTURE).entries()) {
        const where = `fixture[${index}]`;
        assertCleanBattleShape(record, where, { numTokens: true });
        assert.deepEqual(
          Object.keys(record),
          [...CLEAN_BATTLE_KEYS, "conv_metadata", "dedup_tag", "category_tag"],
          where,
        );
        assertConvMetadataShape(record.conv_metadata, `${where}.conv_metadata`);
      }
    });

    it("gives back every record field by field: the same keys in the same order, types and values, then Arena's category, tags, flag", () => {
      const original = readRecords(FIXTURE);
      const exported = readRecords(fixtureExport);
      assert.equal(exported.length, original.length);
      original.forEach((expected, index) => {
        const record = exported[index]!;
        const where = `battle ${index} (${String(expected.question_id)})`;
        assert.deepEqual(Object.keys(record), [...Object.keys(expected), ...ARENA_KEYS], `${where}: keys in order`);
        for (const key of Object.keys(expected)) assertSameJson(record[key], expected[key], `${where}.${key}`);
        assertArenaFields(record, where);
      });
      assert.deepEqual(exported[2]!.tags, ["multiturn"], "Arena's tags say what it derived from the conversation");
    });
  });

  describe("battles voted in the arena", () => {
    it("carry clean_battle_data.py's fields with its types: ids, revealed models, winner, voter, every turn with its tokens, language name, vote time, style counts", async () => {
      const countTokens = await loadTokenCounter();
      const exported = readRecords(arenaExport);
      assert.equal(exported.length, voted.length);
      const names: Record<string, string> = { en: "English", fr: "French", de: "German", zh: "Chinese" };
      const winners: Record<Winner, string> = { a: "model_a", b: "model_b", tie: "tie", bothbad: "tie (bothbad)" };
      for (const battle of voted) {
        const record = exported.find((candidate) => candidate.question_id === battle.battleId);
        const where = `battle ${battle.battleId}`;
        assert.ok(record, `${where} exported`);
        assertCleanBattleShape(record, where, { numTokens: true });
        assertConvMetadataShape(record.conv_metadata, `${where}.conv_metadata`);
        assert.equal(record.model_a, battle.models.a, `${where}.model_a`);
        assert.equal(record.model_b, battle.models.b, `${where}.model_b`);
        assert.equal(record.winner, winners[battle.winner], `${where}.winner`);
        assert.match(record.judge as string, /^[0-9a-f]{64}$/, `${where}.judge: the voter session's hash`);
        assert.equal(record.anony, true, `${where}.anony`);
        assert.equal(record.language, names[battle.language], `${where}.language (${battle.language})`);
        assert.equal(record.turn, battle.conversation.length, `${where}.turn`);
        const tstamp = record.tstamp as number;
        assert.ok(
          tstamp >= votingStarted - 1 && tstamp <= votingEnded + 1,
          `${where}.tstamp ${tstamp}: the vote's time in seconds`,
        );
        for (const side of ["a", "b"] as const) {
          const expected = battle.conversation.flatMap((turn) => [
            { role: "user", content: turn.prompt, num_tokens: countTokens(turn.prompt) },
            { role: "assistant", content: turn[side], num_tokens: countTokens(turn[side]) },
          ]);
          assert.deepEqual(record[`conversation_${side}`], expected, `${where}.conversation_${side}`);
        }
        assertArenaFields(record, where);
      }
      assert.equal(new Set(exported.map((record) => record.judge)).size, 1, "one voter, one judge");
    });
  });

  describe("elo_analysis.py reading the exports (python3 with pandas; FastChat's code when a checkout is at hand)", function () {
    let side: Extract<PythonSide, { missing: null }>;
    before(function () {
      const found = findPythonSide(scratch);
      if (found.missing !== null) {
        // mocha's skip() takes no reason, so it is printed first.
        console.log(`    skipping the Python reads: ${found.missing}`);
        this.skip();
      }
      side = found;
      const engine = side.fastChat
        ? `FastChat's elo_analysis.py from ${side.fastChat.from} (commit ${side.fastChat.commit ?? "unknown"})`
        : "our pandas stand-in for FastChat's filters (no FastChat checkout, or no numpy/scipy/tqdm)";
      console.log(`    reading with ${side.python}: ${engine}`);
    });

    it("selects the same battles from the export as from FastChat's own file, and computes the same", () => {
      const [original, exported] = readAsFastChat(side, [FIXTURE, fixtureExport]);
      assert.equal(original!.engine, side.fastChat ? "fastchat" : "pandas");
      for (const [name, ids] of Object.entries(FIXTURE_RUNS)) {
        assert.deepEqual(
          original!.runs[name]!.question_ids,
          ids,
          `${name}: the rows FastChat's filters keep from its own file`,
        );
      }
      assert.deepEqual(
        exported!.runs,
        original!.runs,
        "every run: the same rows, counts and (with FastChat's code) ratings and intervals",
      );
      assert.deepEqual(exported!.columns, [...original!.columns, ...ARENA_KEYS]);
      for (const column of original!.columns) {
        assert.equal(exported!.dtypes[column], original!.dtypes[column], `pandas dtype of ${column}`);
      }
      assert.deepEqual(
        [original!.dtypes.turn, original!.dtypes.anony, original!.dtypes.tstamp, original!.dtypes.question_id],
        ["int64", "bool", "float64", "object"],
      );
      if (side.fastChat) {
        const style = exported!.runs["style-control"]!;
        assert.equal(style.coefficients.length, 4, "one coefficient per style feature");
        assert.ok(
          style.coefficients.every((value) => Number.isFinite(value)),
          `coefficients ${JSON.stringify(style.coefficients)}`,
        );
        assert.deepEqual(Object.keys(style.rating).sort(), ["alpaca-13b", "koala-13b", "vicuna-13b"]);
      } else {
        assert.equal(exported!.runs["style-features"]!.length, FIXTURE_RUNS.full!.length);
      }
    });

    it("rates the arena's own battles: every vote anonymous, the English filters, the ties, the models' counts", () => {
      const [reading] = readAsFastChat(
        side,
        [arenaExport],
        ["full", "long", "english", "langs-english", "known-language", "no-ties"],
      );
      assert.equal(reading!.engine, side.fastChat ? "fastchat" : "pandas");
      assert.deepEqual(
        [reading!.dtypes.turn, reading!.dtypes.anony, reading!.dtypes.tstamp, reading!.dtypes.winner],
        ["int64", "bool", "float64", "object"],
      );
      const ids = (filter: (battle: (typeof voted)[number]) => boolean) =>
        voted.filter(filter).map((battle) => battle.battleId);
      const runs = reading!.runs;
      assert.deepEqual(
        runs.full!.question_ids,
        ids(() => true),
        "all, in the order they were voted",
      );
      // `long` (768 tokens or more on a side, summed from num_tokens) keeps the battle with the long follow-up.
      assert.deepEqual(runs.long!.question_ids, [voted[0]!.battleId]);
      assert.deepEqual(
        runs.english!.question_ids,
        ids((battle) => battle.language === "en"),
      );
      assert.deepEqual(
        runs["langs-english"]!.question_ids,
        ids((battle) => battle.language === "en"),
      );
      assert.deepEqual(
        runs["known-language"]!.question_ids,
        ids(() => true),
      );
      assert.deepEqual(
        runs["no-ties"]!.question_ids,
        ids((battle) => battle.winner === "a" || battle.winner === "b"),
      );
      const counts: Record<string, number> = {};
      for (const battle of voted)
        for (const model of [battle.models.a, battle.models.b]) counts[model] = (counts[model] ?? 0) + 1;
      assert.deepEqual(runs.full!.num_battles, counts);
      if (side.fastChat) {
        assert.deepEqual(Object.keys(runs.full!.rating!).sort(), Object.keys(counts).sort());
        assert.ok(Object.values(runs.full!.elo_online!).every(Number.isFinite));
        assert.equal(
          runs.full!.last_updated_tstamp,
          Math.max(...readRecords(arenaExport).map((record) => record.tstamp as number)),
        );
        // The exported conv_metadata is what FastChat's own style control runs on.
        const style = runs["style-control"]!;
        assert.ok(
          style.coefficients.length === 4 && style.coefficients.every((value) => Number.isFinite(value)),
          JSON.stringify(style),
        );
        assert.deepEqual(Object.keys(style.rating).sort(), Object.keys(counts).sort());
      } else {
        assert.equal(runs["style-features"]!.length, voted.length);
      }
    });
  });
});
