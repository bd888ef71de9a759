import assert from "node:assert/strict";

import type { AgreementCount, JudgeSummary } from "@arena/shared/judges";

import {
  agreementInterval,
  describeWarning,
  disagreementPairs,
  FEW_BATTLES,
  formatAgreementCount,
  formatAgreementInterval,
  formatAgreementRatio,
  trustWarnings,
} from "../../client/src/judgeAgreement.ts";
import { inUiLanguage } from "../support/uiLanguage.ts";

const NBSP = "\u00a0";

function count(agree: number, total: number): AgreementCount {
  return { agree, total, ratio: total === 0 ? null : agree / total };
}

/** A judge with `total` shared battles of which `agree` agree (with ties), and nothing pending or failed. */
function judge(overrides: Partial<JudgeSummary> & { agree?: number; total?: number } = {}): JudgeSummary {
  const { agree = 70, total = 100, ...rest } = overrides;
  return {
    id: "gpt-judge",
    judged: total,
    pending: 0,
    failed: 0,
    agreement: { withTies: total === 0 ? null : agree / total, withoutTies: null },
    counts: { withTies: count(agree, total), withoutTies: count(0, 0) },
    pairs: [],
    ...rest,
  };
}

const pair = (modelA: string, modelB: string, agree: number, total: number) => ({
  modelA,
  modelB,
  withTies: count(agree, total),
});

describe("judgeAgreement", () => {
  describe("agreementInterval (95% Wilson score)", () => {
    it("matches the textbook values", () => {
      const eightOfTen = agreementInterval({ agree: 8, total: 10 })!;
      assert.ok(Math.abs(eightOfTen.lower - 0.49016) < 1e-5, `${eightOfTen.lower}`);
      assert.ok(Math.abs(eightOfTen.upper - 0.94332) < 1e-5, `${eightOfTen.upper}`);
      const sixtyThree = agreementInterval({ agree: 63, total: 100 })!;
      assert.ok(Math.abs(sixtyThree.lower - 0.53221) < 1e-5);
      assert.ok(Math.abs(sixtyThree.upper - 0.71818) < 1e-5);
    });

    it("stays within 0 and 1, and is not a point at 0 or all", () => {
      const none = agreementInterval({ agree: 0, total: 10 })!;
      assert.equal(none.lower, 0);
      assert.ok(Math.abs(none.upper - 0.27753) < 1e-5);
      const all = agreementInterval({ agree: 2, total: 2 })!;
      assert.ok(all.upper <= 1 && all.lower < 0.5, "2 of 2 is far from certain");
    });

    it("is null without a battle", () => {
      assert.equal(agreementInterval({ agree: 0, total: 0 }), null);
    });
  });

  describe("formatting", () => {
    it("writes the ratio, what it stands on and its interval", () => {
      assert.equal(formatAgreementRatio(count(2, 3)), "66.7%");
      assert.equal(formatAgreementCount(count(2, 3)), "2 of 3 battles");
      assert.equal(formatAgreementCount(count(1, 1)), "1 of 1 battle");
      assert.equal(formatAgreementInterval(count(8, 10)), "95% interval 49%–94%");
    });

    it("writes a dash and no interval without a battle", () => {
      assert.equal(formatAgreementRatio(count(0, 0)), "—");
      assert.equal(formatAgreementInterval(count(0, 0)), null);
      assert.equal(formatAgreementCount(count(0, 0)), "0 of 0 battles");
    });

    describe("in French", () => {
      inUiLanguage("fr");
      it("follows the French number style", () => {
        assert.equal(formatAgreementRatio(count(2, 3)), `66,7${NBSP}%`);
        assert.equal(formatAgreementCount(count(2, 3)), "2 sur 3 duels");
        assert.equal(formatAgreementInterval(count(8, 10)), `intervalle à 95 % 49${NBSP}%–94${NBSP}%`);
      });
    });

    describe("in Chinese", () => {
      inUiLanguage("zh");
      it("puts the total first", () => {
        assert.equal(formatAgreementCount(count(2, 3)), "3 场中 2 场");
      });
    });
  });

  describe("disagreementPairs", () => {
    it("lists the lowest agreement first, the pair with more battles first among equals, at most the limit", () => {
      const pairs = [
        pair("a", "b", 9, 10),
        pair("a", "c", 1, 4),
        pair("b", "c", 2, 8),
        pair("c", "d", 3, 6),
        pair("a", "d", 0, 0),
      ];
      assert.deepEqual(
        disagreementPairs(pairs, 3).map((p) => `${p.modelA}-${p.modelB}`),
        ["b-c", "a-c", "c-d"],
      );
    });

    it("leaves out pairs without a shared battle and keeps a stable order by name", () => {
      const pairs = [pair("b", "c", 1, 2), pair("a", "c", 1, 2), pair("a", "b", 0, 0)];
      assert.deepEqual(
        disagreementPairs(pairs).map((p) => `${p.modelA}-${p.modelB}`),
        ["a-c", "b-c"],
      );
    });

    it("does not reorder the server's array", () => {
      const pairs = [pair("a", "b", 9, 10), pair("a", "c", 1, 4)];
      disagreementPairs(pairs);
      assert.equal(pairs[0]!.modelB, "b");
    });
  });

  describe("trustWarnings", () => {
    it("has nothing to say of a judge with many battles, no failure and people-like agreement", () => {
      assert.deepEqual(trustWarnings(judge({ agree: 140, total: 200 })), []);
    });

    it("says there is nothing to compare before the first shared battle", () => {
      assert.deepEqual(trustWarnings(judge({ agree: 0, total: 0 })), [{ kind: "noBattles" }]);
    });

    it("warns that few battles leave the figure uncertain", () => {
      assert.deepEqual(trustWarnings(judge({ agree: 35, total: FEW_BATTLES - 1 })), [
        { kind: "fewBattles", total: FEW_BATTLES - 1 },
      ]);
      assert.deepEqual(trustWarnings(judge({ agree: 35, total: FEW_BATTLES })), []);
    });

    it("warns when a tenth or more of the judgings failed", () => {
      const warnings = trustWarnings(judge({ agree: 140, total: 200, judged: 180, failed: 20 }));
      assert.deepEqual(warnings, [{ kind: "manyFailures", failed: 20, share: 0.1 }]);
      assert.deepEqual(trustWarnings(judge({ agree: 140, total: 200, judged: 191, failed: 9 })), []);
    });

    it("warns when even the interval's top lies below the people's agreement among themselves", () => {
      const low = trustWarnings(judge({ agree: 100, total: 200 }));
      assert.equal(low.length, 1);
      assert.equal(low[0]!.kind, "belowPeople");
      // 55% of 200: 48%–62%, still wholly below; 60% of 200: 53%–67%, people-like agreement is within reach.
      assert.equal(trustWarnings(judge({ agree: 110, total: 200 }))[0]?.kind, "belowPeople");
      assert.deepEqual(
        trustWarnings(judge({ agree: 120, total: 200 })),
        [],
        "60% of 200 battles: the interval reaches 63%",
      );
    });

    it("says when battles still wait for the judge", () => {
      assert.deepEqual(trustWarnings(judge({ agree: 70, total: 100, pending: 3 })), [{ kind: "pending", pending: 3 }]);
    });

    it("says each warning in words", () => {
      assert.equal(
        describeWarning({ kind: "fewBattles", total: 12 }),
        "Only 12 battles to compare: below 50 the agreement can still move a lot — read its interval.",
      );
      assert.equal(
        describeWarning({ kind: "pending", pending: 1 }),
        "1 battle is still waiting to be judged; the figures will move.",
      );
      assert.match(describeWarning({ kind: "belowPeople", upper: 0.5 }), /at best \(50%\).*\(63%\)/);
      assert.match(describeWarning({ kind: "manyFailures", failed: 20, share: 0.1 }), /^20 judgings \(10%\)/);
    });
  });
});
