/**
 * `arena agreement` on MT-bench's human judgments: the paper's human–human agreement (first turn:
 * 63% with ties, 81% without) to the vote, and the exact counts of FastChat's own
 * `compute_agreement.py` (run through test/support/fastchat_agreement.py where python3 with pandas
 * and a FastChat checkout are at hand; see test/support/fastChatPython.ts).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createRandom } from "@arena/shared/ratings/random";

import { arena } from "../support/cli.ts";
import { findPythonSide } from "../support/fastChatPython.ts";
import { MT_BENCH } from "../support/server.ts";

const HUMAN = path.join(MT_BENCH, "human_judgments.csv");
const FASTCHAT_AGREEMENT = fileURLToPath(new URL("../support/fastchat_agreement.py", import.meta.url));

/** What FastChat's compute_agreement.py counts on human_judgments.csv, `--judges human human` ([agree, total]). */
const EXPERTS = {
  turn1: { withTies: [454, 721], withoutTies: [388, 479] },
  turn2: { withTies: [471, 707], withoutTies: [388, 474] },
};

type Count = { agree: number; total: number; ratio: number | null };
type Report = {
  judges: [string, string];
  turn: number | null;
  withTies: Count;
  withoutTies: Count;
  turns: Array<{ turn: number; withTies: Count; withoutTies: Count }>;
};

const count = ([agree, total]: number[]): Count => ({ agree: agree!, total: total!, ratio: agree! / total! });
const pairs = (report: { withTies: Count; withoutTies: Count }) => ({
  withTies: [report.withTies.agree, report.withTies.total],
  withoutTies: [report.withoutTies.agree, report.withoutTies.total],
});

function agreement(args: string[]): Report {
  const run = arena(["agreement", ...args]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Report;
}

/**
 * One scripted judge vote (`gpt-4_pair`) per question, model pair and turn the people voted on, in a
 * seeded random order and verdict: FastChat's gpt4-pair branch wants exactly one per key.
 */
function writeJudgeFile(file: string): void {
  const seen = new Set<string>();
  const random = createRandom(14);
  const lines: string[] = [];
  const rows = fs.readFileSync(HUMAN, "utf8").trim().split("\n").slice(1);
  for (const row of rows) {
    const [questionId, modelA, modelB, , , turn] = row.split(",");
    const [first, second] = [modelA!, modelB!].sort();
    const key = `${questionId}|${first}|${second}|${turn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const swap = random.uniform() < 0.5;
    const winner = ["model_a", "model_b", "tie"][random.uint32() % 3];
    lines.push(
      JSON.stringify({
        question_id: Number(questionId),
        model_a: swap ? second : first,
        model_b: swap ? first : second,
        winner,
        judge: "gpt-4_pair",
        turn: Number(turn),
      }),
    );
  }
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
}

describe("arena agreement", () => {
  let scratch: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "arena-agreement-"));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("gives MT-bench's expert–expert agreement on the first turn: 63% with ties, 81% without", () => {
    const report = agreement([HUMAN, "--judges", "expert", "expert", "--turn", "1"]);
    assert.deepEqual(report.judges, ["expert", "expert"]);
    assert.equal(report.turn, 1);
    assert.deepEqual(report.withTies, count(EXPERTS.turn1.withTies));
    assert.deepEqual(report.withoutTies, count(EXPERTS.turn1.withoutTies));
    assert.equal(Math.round(report.withTies.ratio! * 100), 63);
    assert.equal(Math.round(report.withoutTies.ratio! * 100), 81);
    assert.deepEqual(report.turns, [{ turn: 1, withTies: report.withTies, withoutTies: report.withoutTies }]);
  });

  it("counts every turn without --turn, and lists each turn", () => {
    const report = agreement([HUMAN, "--judges=expert,expert"]);
    assert.equal(report.turn, null);
    assert.deepEqual(pairs(report.turns[0]!), EXPERTS.turn1);
    assert.deepEqual(pairs(report.turns[1]!), EXPERTS.turn2);
    assert.deepEqual(pairs(report), {
      withTies: [454 + 471, 721 + 707],
      withoutTies: [388 + 388, 479 + 474],
    });
  });

  it("compares a judge's file with the people's file, whichever group comes first", () => {
    const judgeFile = path.join(scratch, "judge.jsonl");
    writeJudgeFile(judgeFile);
    const judgeFirst = agreement([judgeFile, HUMAN, "--judges", "gpt-4", "expert"]);
    const expertFirst = agreement([HUMAN, judgeFile, "--judges", "expert", "gpt-4"]);
    assert.deepEqual(pairs(judgeFirst), pairs(expertFirst));
    assert.ok(judgeFirst.withTies.total > 0);
    // A judge never agrees with itself in this file (one vote per key).
    assert.equal(agreement([judgeFile, "--judges", "gpt-4", "gpt-4"]).withTies.total, 0);
  });

  describe("against FastChat's compute_agreement.py", () => {
    let python: string;
    let checkout: string;
    before(function () {
      this.timeout(60_000);
      const found = findPythonSide(scratch);
      if (found.missing !== null || found.fastChat === null) {
        // mocha's skip() takes no reason, so it is printed first.
        console.log(`    skipping FastChat's compute_agreement.py: ${found.missing ?? "no FastChat checkout"}`);
        this.skip();
      }
      python = found.python;
      checkout = found.fastChat.dir;
    });

    const fastChat = (files: string[], judges: [string, string]) => {
      const run = spawnSync(python, [FASTCHAT_AGREEMENT, "--fastchat", checkout, "--judges", ...judges, ...files], {
        encoding: "utf8",
      });
      assert.equal(run.status, 0, run.stderr);
      return JSON.parse(run.stdout) as typeof EXPERTS;
    };

    it("counts the same expert–expert pairs as FastChat's code, turn by turn", () => {
      assert.deepEqual(fastChat([HUMAN], ["human", "human"]), EXPERTS);
    });

    it("counts the same judge–expert pairs as FastChat's gpt4-pair branch", () => {
      const judgeFile = path.join(scratch, "judge-fastchat.jsonl");
      writeJudgeFile(judgeFile);
      const theirs = fastChat([judgeFile, HUMAN], ["gpt4-pair", "human"]);
      const ours = agreement([judgeFile, HUMAN, "--judges", "gpt-4", "expert"]);
      assert.deepEqual({ turn1: pairs(ours.turns[0]!), turn2: pairs(ours.turns[1]!) }, theirs);
    });
  });

  describe("refuses, with one line naming the problem and exit code 2", () => {
    const refused = (args: string[], pattern: RegExp) => {
      const run = arena(["agreement", ...args]);
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stdout, "");
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
      assert.match(run.stderr, pattern);
    };

    it("a missing or incomplete --judges", () => {
      refused([HUMAN], /--judges A B is required/);
      refused([HUMAN, "--judges", "expert"], /--judges needs two values/);
      refused([HUMAN, "--judges", "expert", "--turn", "1"], /--judges must be two judge groups.*"--turn"/);
    });

    it("a --turn that is not a turn number", () => {
      refused([HUMAN, "--judges", "expert", "expert", "--turn", "0"], /--turn must be a whole number from 1/);
      refused([HUMAN, "--judges", "expert", "expert", "--turn", "two"], /--turn must be/);
    });

    it("no file, or a file that is not there", () => {
      refused(["--judges", "expert", "expert"], /missing FILE/);
      refused([path.join(scratch, "absent.csv"), "--judges", "expert", "expert"], /absent\.csv: no such file/);
    });

    it("a vote without turn, question or judge, naming its line", () => {
      const file = path.join(scratch, "no-turn.csv");
      fs.writeFileSync(
        file,
        "question_id,model_a,model_b,winner,judge,turn\n81,x,y,model_a,expert_0,1\n81,x,y,tie,expert_1,\n",
      );
      refused([file, "--judges", "expert", "expert"], /no-turn\.csv:3: turn is missing/);
      const noQuestion = path.join(scratch, "no-question.jsonl");
      fs.writeFileSync(
        noQuestion,
        `${JSON.stringify({ model_a: "x", model_b: "y", winner: "tie", judge: "j", turn: 1 })}\n`,
      );
      refused([noQuestion, "--judges", "j", "j"], /no-question\.jsonl:1: question_id is missing/);
      const noJudge = path.join(scratch, "no-judge.jsonl");
      fs.writeFileSync(
        noJudge,
        `${JSON.stringify({ question_id: 1, model_a: "x", model_b: "y", winner: "tie", turn: 1 })}\n`,
      );
      refused([noJudge, "--judges", "j", "j"], /no-judge\.jsonl:1: judge is missing/);
    });

    it("a malformed winner, naming its line", () => {
      const file = path.join(scratch, "bad-winner.csv");
      fs.writeFileSync(file, "question_id,model_a,model_b,winner,judge,turn\n81,x,y,maybe,expert_0,1\n");
      refused([file, "--judges", "expert", "expert"], /bad-winner\.csv:2: winner/);
    });
  });
});
