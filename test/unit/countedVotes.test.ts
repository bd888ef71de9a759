import assert from "node:assert/strict";

import type { StoredVote } from "../../server/src/domain/vote.ts";
import { VoteGate } from "../../server/src/integrity/votePolicy.ts";
import { CountedVotes } from "../../server/src/leaderboard/countedVotes.ts";
import { storedVote } from "../support/storedVote.ts";

let next = 0;
/** One second after the one before, from a pack, without style counts or reasons. */
function vote(overrides: Partial<StoredVote> = {}): StoredVote {
  next++;
  const votedAt = new Date(Date.UTC(2025, 2, 1, 12, 0, next));
  return storedVote({ votedAt, source: "pack", style: null, reasons: [], ...overrides });
}

/** A store whose votePages yields `pages` (and counts how often it was read). */
function storeOf(pages: StoredVote[][]) {
  const store = {
    reads: 0,
    async *votePages() {
      store.reads++;
      for (const page of pages) yield page;
    },
  };
  return store;
}

describe("CountedVotes", () => {
  it("reads the pages through a fresh gate and keeps each counted vote's fields", async () => {
    const style = { a: [120, 1, 2, 3], b: [80, 0, 0, 1] } as const;
    const votes = [
      vote({ modelA: "x", modelB: "y", winner: "b", reasons: ["clear", "correct"], style }),
      vote({ sessionHash: "excluded" }),
      vote({ modelA: "y", modelB: "z", winner: "tie", language: "fr", category: "code", tags: ["math"] }),
    ];
    const counted = new CountedVotes(storeOf([votes.slice(0, 2), votes.slice(2)]), () => {
      return new VoteGate(undefined, new Set(["excluded"]));
    });
    const columns = await counted.list();
    assert.equal(columns.length, 2);
    assert.deepEqual(
      [0, 1].map((i) => [columns.modelAOf(i), columns.modelBOf(i), columns.winnerOf(i), columns.timeOf(i)]),
      [
        ["x", "y", "b", votes[0]!.votedAt.getTime()],
        ["y", "z", "tie", votes[2]!.votedAt.getTime()],
      ],
    );
    assert.deepEqual(columns.reasonsOf(0), ["clear", "correct"]);
    assert.deepEqual(columns.reasonsOf(1), []);
    assert.deepEqual(columns.styleOf(0), { a: [120, 1, 2, 3], b: [80, 0, 0, 1] });
    assert.equal(columns.styleOf(1), null);
  });

  it("tells which votes a filter selects: language, pack category or automatic tag", async () => {
    const counted = new CountedVotes(
      storeOf([
        [
          vote({ language: "en" }),
          vote({ language: "fr", category: "code" }),
          vote({ language: "fr", tags: ["math"] }),
          vote({ modelA: "x", modelB: "x" }),
        ],
      ]),
      () => new VoteGate(),
    );
    const columns = await counted.list();
    const selected = (filter: { language?: string; category?: string }) =>
      [0, 1, 2, 3].filter(columns.inFilter(filter));
    assert.deepEqual(selected({}), [0, 1, 2, 3]);
    assert.deepEqual(selected({ language: "fr" }), [1, 2]);
    assert.deepEqual(selected({ category: "code" }), [1]);
    assert.deepEqual(selected({ language: "fr", category: "math" }), [2]);
    assert.deepEqual(selected({ language: "de" }), []);
    assert.deepEqual(selected({ category: "none" }), []);
    assert.deepEqual(
      [0, 3].map((i) => columns.sameModels(i)),
      [false, true],
    );
  });

  it("reads once per change, and again after invalidate", async () => {
    const store = storeOf([[vote()]]);
    const counted = new CountedVotes(store, () => new VoteGate());
    const first = await counted.list();
    assert.equal(await counted.list(), first);
    assert.equal(store.reads, 1);
    counted.invalidate();
    await counted.list();
    assert.equal(store.reads, 2);
  });

  it("holds many votes in typed columns, beyond the first allocation", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => vote({ modelA: `m${i % 7}`, modelB: `m${(i + 1) % 7}` }));
    const columns = await new CountedVotes(storeOf([many]), () => new VoteGate()).list();
    assert.equal(columns.length, 3000);
    assert.equal(columns.modelAOf(2999), "m3");
    assert.equal(columns.modelBOf(2999), "m4");
    assert.equal(columns.timeOf(2999), many[2999]!.votedAt.getTime());
  });
});
