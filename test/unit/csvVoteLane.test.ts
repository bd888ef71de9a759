import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { ByteInterner } from "../../server/src/battleFiles/byteInterner.ts";
import { commasToLineEnd, fieldEnd } from "../../server/src/battleFiles/commaSearch.ts";
import { BattleFileReader } from "../../server/src/battleFiles/readBattleFile.ts";

const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A seeded generator, so that a failure can be run again. */
function randomBytes(length: number, seed: number): Uint8Array {
  // Commas, line feeds, their neighbours and the same bytes with the high bit set: where a word trick could slip.
  const alphabet = [0x2c, 0x2c, 0x2b, 0x2d, 0xac, 0x0a, 0x0a, 0x09, 0x0b, 0x8a, 0x00, 0x01, 0x61, 0x7f, 0x80, 0xff];
  let state = seed;
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    bytes[index] = alphabet[state % alphabet.length]!;
  }
  return bytes;
}

describe("comma search, four bytes at a time", () => {
  it("finds field ends and counts commas to the line end as a byte loop does, from every offset to every end", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const bytes = randomBytes(40, seed);
      const view = viewOf(bytes);
      for (let from = 0; from <= bytes.length; from++) {
        for (let to = from; to <= bytes.length; to++) {
          let stop = from;
          while (stop < to && bytes[stop] !== 44 && bytes[stop] !== 10) stop++;
          let lineEnd = from;
          let commas = 0;
          for (; lineEnd < to && bytes[lineEnd] !== 10; lineEnd++) if (bytes[lineEnd] === 44) commas++;
          const where = `[${from}, ${to}), seed ${seed}`;
          assert.equal(fieldEnd(view, bytes, from, to), stop, `field end in ${where}`);
          const end = { at: -1 };
          assert.equal(commasToLineEnd(view, bytes, from, to, end), commas, `commas in ${where}`);
          assert.equal(end.at, lineEnd, `line end in ${where}`);
        }
      }
    }
  });
});

describe("ByteInterner", () => {
  it("gives equal bytes one id wherever they sit, and different bytes different ids", () => {
    const interner = new ByteInterner();
    const values = [
      "",
      "a",
      "ab",
      "abc",
      "abcd",
      "abcde",
      "abcdefgh",
      "abcdefghi",
      "abcdXfghi",
      "abcdeXghi",
      "gpt-4o-2024-05-13",
      "gpt-4o-2024-08-06",
      "é",
      "模型-a",
      "x".repeat(300),
    ];
    const ids = new Map<string, number>();
    for (let shift = 0; shift < 5; shift++) {
      for (const value of values) {
        const bytes = bytesOf(`${"#".repeat(shift)}${value},`);
        const id = interner.intern(viewOf(bytes), bytes, shift, bytes.length - 1);
        if (!ids.has(value)) ids.set(value, id);
        assert.equal(id, ids.get(value), `${JSON.stringify(value)} at offset ${shift}`);
        assert.equal(interner.valueOf(id), value);
      }
    }
    assert.equal(new Set(ids.values()).size, values.length);
  });

  it("answers -1 for a new value once it holds `limit` values, and still knows the old ones", () => {
    const interner = new ByteInterner(2);
    const intern = (text: string) => {
      const bytes = bytesOf(text);
      return interner.intern(viewOf(bytes), bytes, 0, bytes.length);
    };
    assert.equal(intern("first"), 0);
    assert.equal(intern("second"), 1);
    assert.equal(intern("third"), -1);
    assert.equal(intern("second"), 1);
  });
});

describe("the CSV fast lane", () => {
  let folder: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "arena-lane-"));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  /** The votes rating sees, and the battles the general reader makes of the same file. */
  function bothWays(text: string): { votes: string[]; battles: string[]; byLane: number } {
    const file = path.join(folder, "battles.csv");
    fs.writeFileSync(file, text);
    const votes: string[] = [];
    let byLane = 0;
    new BattleFileReader(file, file, { pieceBytes: 256 }).forEachVote(
      (vote) => votes.push(`${vote.modelA}|${vote.modelB}|${vote.winner}|${vote.language}`),
      (rows, lane) => {
        for (let row = 0; row < rows.length; row++) {
          const [a, b] = [lane.modelOf(rows.modelA[row]!), lane.modelOf(rows.modelB[row]!)];
          votes.push(`${a}|${b}|${lane.winnerOf(rows.winner[row]!)}|${lane.languageOf(rows.language[row]!)}`);
        }
        byLane += rows.length;
      },
    );
    const battles = [...new BattleFileReader(file, file, { pieceBytes: 256 })].map(
      (battle) => `${battle.modelA}|${battle.modelB}|${battle.winner}|${battle.language}`,
    );
    return { votes, battles, byLane };
  }

  it("reads what the general reader reads: ids of every length, CRLF, blank lines, quoted rows, language last", () => {
    const models = [
      "a",
      "bb",
      "ccc",
      "dddd",
      "gpt-4o-2024-05-13",
      "gpt-4o-2025-05-13",
      "gpt-4o-2024-08-06",
      "é-model",
      "模型",
      "m".repeat(64),
    ];
    const winners = ["model_a", "model_b", "tie", "both_bad", "tie (bothbad)"];
    const languages = ["en", "English", "", "fr-CA", "Chinese", "xyz"];
    const lines = ["id,model_a,model_b,winner,judge,language"];
    for (let row = 0; row < 400; row++) {
      const a = models[row % models.length]!;
      const b = models[(row * 7 + 3) % models.length]!;
      const cells = [
        "x".repeat(row % 11),
        a,
        b,
        winners[row % winners.length]!,
        row % 3 === 0 ? "" : "judge-1",
        languages[row % languages.length]!,
      ];
      if (row % 97 === 5) cells[1] = `"${a}"`;
      lines.push(cells.join(","));
      if (row % 50 === 7) lines.push("");
    }
    for (const end of ["\n", "\r\n"]) {
      const { votes, battles, byLane } = bothWays(lines.join(end) + end);
      assert.equal(votes.length, 400);
      assert.deepEqual(votes, battles);
      // The lane took the plain rows (the general reader, those from a quoted row to the end of its piece).
      assert.ok(byLane > 300, `${byLane} votes by the lane`);
    }
  });
});
