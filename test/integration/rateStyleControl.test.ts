/**
 * `arena rate FILE --style-control` end to end, on MT-Bench's expert votes written as battle
 * files, against FastChat's own `compute_style_control` on the same votes (the fixture's figures).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Leaderboard } from "@arena/shared/protocol";
import { readStyleCount, STYLE_METADATA_KEYS } from "@arena/shared/ratings/styleFeatures";

import { arena } from "../support/cli.ts";
import { type MtBenchBattle, readMtBenchBattles } from "../support/mtBenchStyleBattles.ts";

const EXPECTED = new URL("../fixtures/style-control/fastchat-expected.json", import.meta.url);
type ExpectedFit = { ratings: Record<string, number>; coefficients: Record<string, number> };

describe("arena rate --style-control", function () {
  this.timeout(60_000);
  let scratch: string;
  let battles: MtBenchBattle[];
  let expected: ExpectedFit;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "arena-style-"));
    battles = await readMtBenchBattles();
    expected = (JSON.parse(fs.readFileSync(EXPECTED, "utf8")) as { datasets: Record<string, ExpectedFit> }).datasets[
      "mt-bench"
    ]!;
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const write = (name: string, lines: string[]) => {
    const file = path.join(scratch, name);
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  };

  const rateStyled = (file: string): Leaderboard => {
    const run = arena(["rate", file, "--style-control", "--min-battles", "0"]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /style control/);
    return JSON.parse(run.stdout) as Leaderboard;
  };

  /** Within 0.5 rating points and 0.005 in each coefficient of FastChat's fit. */
  const assertAsFastChat = (board: Leaderboard) => {
    assert.equal(board.battles, battles.length);
    assert.deepEqual(board.rows.map((row) => row.model).sort(), Object.keys(expected.ratings).sort());
    for (const row of board.rows) {
      const gap = Math.abs(row.rating - expected.ratings[row.model]!);
      assert.ok(gap <= 0.5, `${row.model}: ${row.rating} vs FastChat's ${expected.ratings[row.model]}`);
      assert.ok(row.ciLower! <= row.rating && row.rating <= row.ciUpper!);
      assert.equal(typeof row.plainRank, "number");
    }
    for (const [feature, value] of Object.entries(board.styleCoefficients!)) {
      // Bold never varies in MT-Bench's answers: left out, 0 (FastChat was given the other three).
      const reference = expected.coefficients[feature] ?? 0;
      assert.ok(Math.abs(value - reference) <= 0.005, `${feature}: ${value} vs FastChat's ${reference}`);
    }
    assert.equal(board.styleCoefficients!.bold, 0);
  };

  it("reads FastChat's conv_metadata from JSONL and rates as FastChat's compute_style_control does", () => {
    assertAsFastChat(
      rateStyled(
        write(
          "with-metadata.jsonl",
          battles.map((battle) => JSON.stringify(battle)),
        ),
      ),
    );
  });

  it("counts the style from the conversations when a battle has no conv_metadata, to the same table", () => {
    const bare = battles.map(({ conv_metadata: _, ...battle }) => JSON.stringify(battle));
    assertAsFastChat(rateStyled(write("conversations.jsonl", bare)));
  });

  it("reads the style counts from CSV columns of conv_metadata's names, integers or objects", () => {
    const columns = Object.values(STYLE_METADATA_KEYS).flat();
    const cell = (value: unknown) =>
      typeof value === "object" ? `"${JSON.stringify(value).replaceAll('"', '""')}"` : String(value);
    const lines = [
      ["model_a", "model_b", "winner", "judge", ...columns].join(","),
      ...battles.map((battle, index) => {
        const metadata = battle.conv_metadata as unknown as Record<string, unknown>;
        // Every other row sums its objects first: both forms read the same.
        const values = columns.map((key) =>
          index % 2 === 0 ? cell(metadata[key]) : String((readStyleCount(metadata[key]) as { value: number }).value),
        );
        return [battle.model_a, battle.model_b, battle.winner, battle.judge, ...values].join(",");
      }),
    ];
    assertAsFastChat(rateStyled(write("columns.csv", lines)));
  });

  it("refuses a battle with neither style counts nor conversations, naming its line, exit 2", () => {
    const file = write("bare.csv", ["model_a,model_b,winner", "alpha,beta,model_a", "beta,alpha,tie"]);
    const run = arena(["rate", file, "--style-control"]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, "");
    assert.match(run.stderr.trim(), /^\S*bare\.csv:2: has no style counts: style control needs conv_metadata/);
    assert.equal(run.stderr.trim().split("\n").length, 1);
  });

  it("refuses a conv_metadata with a count missing or invalid, naming its line and key", () => {
    const [first, second] = battles;
    const broken = { ...second!, conv_metadata: { ...second!.conv_metadata, header_count_b: { h1: -1 } } };
    const file = write("broken.jsonl", [JSON.stringify(first), JSON.stringify(broken)]);
    const run = arena(["rate", file, "--style-control"]);
    assert.equal(run.status, 2);
    assert.match(
      run.stderr.trim(),
      /broken\.jsonl:2: conv_metadata\.header_count_b its "h1" must be a whole number ≥ 0, got -1$/,
    );
  });
});
