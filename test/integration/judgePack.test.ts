/**
 * `arena judge --pack DIR --judge ID`: an offline LLM judge over a pack, against a scripted
 * OpenAI-compatible judge (test/support/fakeJudge.ts) that reads the answers' quality from the
 * prompt. The command runs in a child process, as a person runs it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { arena, REPO } from "../support/cli.ts";
import { type FakeJudge, type JudgeReply, type JudgeRequest, startFakeJudge } from "../support/fakeJudge.ts";
import { tempDbFile } from "../support/server.ts";

type Run = { status: number | null; stdout: string; stderr: string };

/** The command line in a child process, without blocking this process (the fake judge answers from here). */
function arenaAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/arena.mjs", ...args], {
      cwd: REPO,
      env: { ...process.env, INIT_CWD: REPO, ARENA_CONFIG: "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (piece: string) => (stdout += piece));
    child.stderr.setEncoding("utf8").on("data", (piece: string) => (stderr += piece));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Quality of each model's answers, turn by turn: gamma is worst on turn 1 and best on turn 2. */
const QUALITY: Record<string, [number, number]> = { "m-alpha": [3, 2], "m-beta": [2, 1], "m-gamma": [1, 5] };
const MODELS = Object.keys(QUALITY);
const QUESTIONS = 2;
const TURNS = 2;
const PAIRS = 3;
const JUDGINGS = QUESTIONS * PAIRS * TURNS;

function writePack(dir: string): void {
  fs.mkdirSync(path.join(dir, "model_answer"), { recursive: true });
  const questions = Array.from({ length: QUESTIONS }, (_, index) => ({
    question_id: 81 + index,
    category: "writing",
    turns: [`Question ${81 + index}, first turn`, `Question ${81 + index}, second turn`],
  }));
  fs.writeFileSync(path.join(dir, "question.jsonl"), questions.map((q) => JSON.stringify(q)).join("\n"));
  for (const model of MODELS) {
    const lines = questions.map((q) =>
      JSON.stringify({
        question_id: q.question_id,
        model_id: model,
        choices: [
          {
            index: 0,
            turns: QUALITY[model]!.map((quality, turn) => `${model} on turn ${turn + 1} [quality ${quality}]`),
          },
        ],
      }),
    );
    fs.writeFileSync(path.join(dir, "model_answer", `${model}.jsonl`), lines.join("\n"));
  }
}

/** The shown answers' quality (last turn), read from the judge prompt: A's part comes before B's. */
function qualities(request: JudgeRequest): { a: number; b: number } {
  const prompt = request.messages.at(-1)!.content;
  const at = prompt.search(/\[The Start of Assistant B's Answer\]|<\|The Start of Assistant B's Conversation/);
  const last = (part: string) => Number([...part.matchAll(/\[quality (\d)\]/g)].at(-1)![1]);
  return { a: last(prompt.slice(0, at)), b: last(prompt.slice(at)) };
}

/** A fair judge: the better answer wins, equal ones tie; usage as an endpoint reports it. */
const fair = (request: JudgeRequest): JudgeReply => {
  const { a, b } = qualities(request);
  const verdict = a > b ? "[[A]]" : a < b ? "[[B]]" : "[[C]]";
  return {
    text: `Assistant ${a > b ? "A" : "B"} explains more. ${verdict}`,
    usage: { prompt_tokens: 100, completion_tokens: 10 },
  };
};

type JudgeRecord = {
  battle_id: string;
  question_id: number;
  model_a: string;
  model_b: string;
  winner: string;
  judge: string;
  turn: number;
  category: string;
  conversation_a: Array<{ role: string; content: string }>;
  judgments: Array<{
    order: string;
    verdict: string | null;
    raw: string;
    tokens: { prompt: number; completion: number; counted: boolean };
  }>;
};

const readRecords = (file: string): JudgeRecord[] =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as JudgeRecord);

/** The winner a fair judge gives on a turn. */
function fairWinner(modelA: string, modelB: string, turn: number): string {
  const [a, b] = [QUALITY[modelA]![turn - 1]!, QUALITY[modelB]![turn - 1]!];
  return a > b ? "model_a" : a < b ? "model_b" : "tie";
}

describe("arena judge --pack", function () {
  this.timeout(60_000);
  let scratch: string;
  let pack: string;
  let judge: FakeJudge;
  let output: string;
  const inline = () => ["--judge", "fake-judge", "--base-url", judge.baseURL, "--model", "judge-model"];

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "arena-judge-"));
    pack = path.join(scratch, "pack");
    writePack(pack);
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  beforeEach(async () => {
    judge = await startFakeJudge(fair);
    output = path.join(scratch, `judged-${Math.random().toString(36).slice(2)}.jsonl`);
  });
  afterEach(() => judge.close());

  it("judges every pair on every question and turn in both orders, and writes one battle per judging", async () => {
    const run = await arenaAsync(["judge", "--pack", pack, ...inline(), "--output", output]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "");
    assert.equal(judge.requests.length, JUDGINGS * 2);
    const records = readRecords(output);
    assert.equal(records.length, JUDGINGS);
    for (const record of records) {
      assert.equal(record.judge, "fake-judge");
      assert.ok(record.model_a < record.model_b);
      assert.equal(record.winner, fairWinner(record.model_a, record.model_b, record.turn), JSON.stringify(record));
      assert.equal(record.category, "writing");
      assert.equal(record.conversation_a.length, record.turn * 2);
      assert.deepEqual(
        record.judgments.map((j) => j.order),
        ["ab", "ba"],
      );
      assert.ok(record.judgments.every((j) => /\[\[[ABC]\]\]/.test(j.raw)));
      assert.deepEqual(record.judgments[0]!.tokens, { prompt: 100, completion: 10, counted: false });
    }
    assert.equal(new Set(records.map((record) => record.battle_id)).size, JUDGINGS);
    // Each pair, question and turn was shown both ways round: the same two answers, swapped.
    const shown = judge.requests.map((request) => qualities(request));
    assert.equal(shown.filter(({ a, b }) => a === 3 && b === 2).length, QUESTIONS);
    assert.equal(shown.filter(({ a, b }) => a === 2 && b === 3).length, QUESTIONS);
    // Turn 2 on the whole conversation, with MT-bench's multi-turn template.
    const multiTurn = judge.requests.filter((request) => request.messages.at(-1)!.content.includes("### User:"));
    assert.equal(multiTurn.length, JUDGINGS);
    assert.ok(multiTurn.every((request) => /second user question/.test(request.messages[0]!.content)));
    assert.ok(
      judge.requests.every((request) => (request.body.stream_options as { include_usage: boolean }).include_usage),
    );
    assert.match(run.stderr, new RegExp(`${JUDGINGS} of ${JUDGINGS} judgings written`));
    assert.match(
      run.stderr,
      /tokens: 2,400 prompt \+ 240 completion = 2,640 over 24 requests \(the endpoint's usage\)/,
    );
  });

  it("writes battles that rate, import-battles and agreement read", async () => {
    const run = await arenaAsync(["judge", "--pack", pack, ...inline(), "--output", output]);
    assert.equal(run.status, 0, run.stderr);
    const rated = arena(["rate", output]);
    assert.equal(rated.status, 0, rated.stderr);
    const leaderboard = JSON.parse(rated.stdout) as { battles: number; rows: Array<{ model: string }> };
    assert.equal(leaderboard.battles, JUDGINGS);
    assert.deepEqual(leaderboard.rows.map((row) => row.model).sort(), MODELS);
    const db = tempDbFile();
    const imported = arena(["import-battles", output], { db });
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stderr, new RegExp(`^imported ${JUDGINGS}, skipped 0`));
    // The battle ids are the judgings': the same file again adds nothing.
    assert.match(arena(["import-battles", output], { db }).stderr, new RegExp(`^imported 0, skipped ${JUDGINGS}`));
    const agreement = arena(["agreement", output, "--judges", "fake-judge", "fake-judge", "--turn", "1"]);
    assert.equal(agreement.status, 0, agreement.stderr);
    assert.equal((JSON.parse(agreement.stdout) as { withTies: { total: number } }).withTies.total, 0);
  });

  it("counts two orders that disagree as a tie (a judge that always picks the first answer)", async () => {
    judge.script = () => ({ text: "The first is better. [[A]]" });
    const run = await arenaAsync(["judge", "--pack", pack, ...inline(), "--output", output]);
    assert.equal(run.status, 0, run.stderr);
    const records = readRecords(output);
    assert.equal(records.length, JUDGINGS);
    assert.ok(records.every((record) => record.winner === "tie"));
    assert.deepEqual(
      records[0]!.judgments.map((j) => j.verdict),
      ["a", "b"],
    );
    assert.match(run.stderr, new RegExp(`the two orders disagreed: ${JUDGINGS}\\)`));
    // Without usage from the endpoint, tokens are counted here.
    assert.equal(records[0]!.judgments[0]!.tokens.counted, true);
    assert.ok(records[0]!.judgments[0]!.tokens.prompt > 100);
    assert.match(run.stderr, /counted here with cl100k_base/);
  });

  it("writes no battle for an answer without a verdict, and --resume judges only what is missing", async () => {
    judge.script = (request) =>
      request.messages.at(-1)!.content.includes("Question 82") ? { text: "Both are fine." } : fair(request);
    const first = await arenaAsync(["judge", "--pack", pack, ...inline(), "--output", output]);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(readRecords(output).length, JUDGINGS / 2);
    assert.match(first.stderr, new RegExp(`${JUDGINGS / 2} without a verdict`));
    assert.match(first.stderr, /no single verdict marker/);

    judge.script = fair;
    const before = judge.requests.length;
    const second = await arenaAsync(["judge", "--pack", pack, ...inline(), "--output", output, "--resume"]);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(judge.requests.length - before, JUDGINGS);
    assert.match(second.stderr, new RegExp(`${JUDGINGS / 2} already in`));
    const records = readRecords(output);
    assert.equal(records.length, JUDGINGS);
    assert.equal(new Set(records.map((record) => record.battle_id)).size, JUDGINGS);
  });

  it("carries on after an interrupted write, dropping its unfinished line", async () => {
    const run = await arenaAsync(["judge", "--pack", pack, ...inline(), "--output", output, "--pairs", "1"]);
    assert.equal(run.status, 0, run.stderr);
    const judged = readRecords(output).length;
    assert.equal(judged, QUESTIONS * TURNS);
    fs.appendFileSync(output, '{"battle_id":"abc","question_id":8');
    const resumed = await arenaAsync(["judge", "--pack", pack, ...inline(), "--output", output, "--resume"]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, /dropped an unfinished last line/);
    const records = readRecords(output);
    assert.equal(records.length, JUDGINGS);
    assert.equal(new Set(records.map((record) => record.battle_id)).size, JUDGINGS);
  });

  it("judges the first N pairs of a connected design with --pairs N", async () => {
    const run = await arenaAsync(["judge", "--pack", pack, ...inline(), "--output", output, "--pairs", "2"]);
    assert.equal(run.status, 0, run.stderr);
    const pairs = new Set(readRecords(output).map((record) => `${record.model_a} ${record.model_b}`));
    assert.deepEqual([...pairs].sort(), ["m-alpha m-beta", "m-beta m-gamma"]);
  });

  it("retries a failed request, and stops with what it judged when the endpoint keeps failing", async () => {
    let calls = 0;
    judge.script = (request) => (++calls % 2 === 1 ? { status: 500 } : fair(request));
    const retried = await arenaAsync([
      "judge",
      "--pack",
      pack,
      ...inline(),
      "--output",
      output,
      "--concurrency",
      "1",
      "--cooldown",
      "0",
    ]);
    assert.equal(retried.status, 0, retried.stderr);
    assert.equal(readRecords(output).length, JUDGINGS);

    judge.script = () => ({ status: 500 });
    const failing = path.join(scratch, "failing.jsonl");
    const stopped = await arenaAsync(["judge", "--pack", pack, ...inline(), "--output", failing, "--cooldown", "0"]);
    assert.equal(stopped.status, 1, stopped.stderr);
    assert.match(
      stopped.stderr,
      /stopped: the judge's endpoint failed 9 times in a row \(The model's endpoint answered with an error \(HTTP 500\)\.\)/,
    );
    assert.match(stopped.stderr, /--resume carries on/);
    assert.equal(readRecords(failing).length, 0);
  });

  it("takes the judge from the models file's judges", async () => {
    const config = path.join(scratch, "models.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        packs: ["pack"],
        judges: [{ id: "file-judge", type: "openai", baseURL: judge.baseURL, model: "judge-model" }],
      }),
    );
    const run = await arenaAsync([
      "judge",
      "--pack",
      pack,
      "--judge",
      "file-judge",
      "--config",
      config,
      "--pairs",
      "1",
    ]);
    assert.equal(run.status, 0, run.stderr);
    const records = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as JudgeRecord);
    assert.equal(records.length, QUESTIONS * TURNS);
    assert.ok(records.every((record) => record.judge === "file-judge"));
    assert.ok(judge.requests.every((request) => request.model === "judge-model"));

    const unknown = await arenaAsync(["judge", "--pack", pack, "--judge", "nobody", "--config", config]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--judge "nobody" is not a judge of .*models\.json \(its judges: file-judge\)/);
  });

  describe("refuses, with one line and exit code 2, changing nothing", () => {
    const refused = async (args: string[], pattern: RegExp) => {
      const run = await arenaAsync(["judge", ...args]);
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
      assert.match(run.stderr, pattern);
      assert.equal(judge.requests.length, 0);
    };

    it("missing or wrong options", async () => {
      await refused([...inline()], /--pack DIR is required/);
      await refused(["--pack", pack], /--judge ID is required/);
      await refused(["--pack", pack, "--judge", "j"], /no judge: give --config FILE/);
      await refused(["--pack", pack, "--judge", "j", "--model", "m"], /--base-url is missing/);
      await refused(["--pack", pack, ...inline(), "--pairs", "4"], /--pairs 4: the pack's 3 models make 3 pairs/);
      await refused(["--pack", pack, ...inline(), "--pairs", "some"], /--pairs must be all or a whole number/);
      await refused(["--pack", pack, ...inline(), "--resume"], /--resume needs --output FILE/);
      await refused(["--pack", path.join(scratch, "absent"), ...inline()], /question\.jsonl: not found/);
    });

    it("an output file that already holds judgings, without --resume", async () => {
      fs.writeFileSync(output, "keep me\n");
      await refused(["--pack", pack, ...inline(), "--output", output], /already holds judgings: --resume/);
      assert.equal(fs.readFileSync(output, "utf8"), "keep me\n");
      await refused(["--pack", pack, ...inline(), "--output", output, "--resume"], /:1: not valid JSON/);
      assert.equal(fs.readFileSync(output, "utf8"), "keep me\n");
    });
  });
});
