import assert from "node:assert/strict";

import type { Winner } from "@arena/shared/protocol";
import { type AgreementVote, inJudgeGroup, judgeAgreement } from "@arena/shared/ratings/agreement";

const vote = (judge: string, modelA: string, modelB: string, winner: Winner, questionId = "81", turn = 1) =>
  ({ judge, modelA, modelB, winner, questionId, turn }) satisfies AgreementVote;

describe("judge groups", () => {
  it("holds the id itself and the ids that start with the group and an underscore", () => {
    assert.equal(inJudgeGroup("expert", "expert"), true);
    assert.equal(inJudgeGroup("expert_12", "expert"), true);
    assert.equal(inJudgeGroup("experts_1", "expert"), false);
    assert.equal(inJudgeGroup("author_0", "expert"), false);
  });
});

describe("judgeAgreement (MT-bench)", () => {
  it("pairs every two different votes of one group on the same question, pair and turn, each pair once", () => {
    const votes = [
      vote("expert_0", "x", "y", "a"),
      vote("expert_1", "x", "y", "a"),
      vote("expert_2", "x", "y", "b"),
      vote("expert_3", "x", "y", "a", "82"), // another question: alone
      vote("expert_4", "x", "y", "a", "81", 2), // another turn: alone
    ];
    // Pairs 0-1 agree, 0-2 and 1-2 do not.
    assert.deepEqual(judgeAgreement(votes, "expert", "expert"), {
      withTies: { agree: 1, total: 3, ratio: 1 / 3 },
      withoutTies: { agree: 1, total: 3, ratio: 1 / 3 },
    });
  });

  it("turns a vote on (B, A) round, so that the same preference agrees whatever side it was shown on", () => {
    const votes = [vote("expert_0", "x", "y", "a"), vote("expert_1", "y", "x", "b")];
    assert.deepEqual(judgeAgreement(votes, "expert", "expert").withTies, { agree: 1, total: 1, ratio: 1 });
  });

  it("counts two ties (both-bad included) as agreeing, and leaves out every pair with a tie without ties", () => {
    const votes = [
      vote("expert_0", "x", "y", "tie"),
      vote("expert_1", "x", "y", "bothbad"),
      vote("expert_2", "x", "y", "a"),
      vote("expert_3", "y", "x", "b"),
    ];
    // Pairs: 0-1 agree (ties), 0-2, 0-3, 1-2, 1-3 disagree, 2-3 agree.
    assert.deepEqual(judgeAgreement(votes, "expert", "expert"), {
      withTies: { agree: 2, total: 6, ratio: 2 / 6 },
      withoutTies: { agree: 1, total: 1, ratio: 1 },
    });
  });

  it("pairs each vote of one group with each vote of the other, and ignores judges of neither", () => {
    const votes = [
      vote("gpt-4_pair", "x", "y", "a"),
      vote("expert_0", "x", "y", "a"),
      vote("expert_1", "x", "y", "tie"),
      vote("author_0", "x", "y", "b"),
      vote("gpt-4_pair", "x", "z", "b"), // no expert on (x, z)
    ];
    assert.deepEqual(judgeAgreement(votes, "gpt-4", "expert"), {
      withTies: { agree: 1, total: 2, ratio: 0.5 },
      withoutTies: { agree: 1, total: 1, ratio: 1 },
    });
    // The same counts whichever group comes first.
    assert.deepEqual(judgeAgreement(votes, "expert", "gpt-4"), judgeAgreement(votes, "gpt-4", "expert"));
  });

  it("never pairs a vote with itself when it belongs to both groups", () => {
    const votes = [vote("gpt-4_pair", "x", "y", "a"), vote("gpt-4", "x", "y", "b")];
    // Group gpt-4 holds both, group gpt-4_pair one: the one pair (gpt-4_pair, gpt-4).
    assert.deepEqual(judgeAgreement(votes, "gpt-4", "gpt-4_pair").withTies, { agree: 0, total: 1, ratio: 0 });
  });

  it("answers a null ratio when nothing can be compared", () => {
    assert.deepEqual(judgeAgreement([vote("expert_0", "x", "y", "tie")], "expert", "expert"), {
      withTies: { agree: 0, total: 0, ratio: null },
      withoutTies: { agree: 0, total: 0, ratio: null },
    });
  });
});
