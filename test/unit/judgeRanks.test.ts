import assert from "node:assert/strict";

import type { LeaderboardRow } from "@arena/shared/protocol";

import { compareRanks, describeOrderAgreement, describeShift, orderAgreement } from "../../client/src/judgeRanks.ts";
import { inUiLanguage } from "../support/uiLanguage.ts";

function row(model: string, rank: number, rating: number, overrides: Partial<LeaderboardRow> = {}): LeaderboardRow {
  return {
    model,
    rank,
    rating,
    ciLower: rating - 20,
    ciUpper: rating + 20,
    elo: rating,
    battles: 30,
    wins: 15,
    losses: 10,
    ties: 5,
    provisional: false,
    overallRank: null,
    ...overrides,
  };
}

describe("judgeRanks", () => {
  describe("compareRanks", () => {
    const people = [row("alpha", 1, 1100), row("beta", 2, 1000), row("gamma", 3, 900)];
    const judge = [row("gamma", 1, 1080), row("alpha", 2, 1010), row("beta", 3, 910)];

    it("puts each model's two ranks side by side, in the people's order, with the judge's shift", () => {
      const rows = compareRanks(people, judge);
      assert.deepEqual(
        rows.map(({ model, people, judge, shift }) => [model, people?.rank, judge?.rank, shift]),
        [
          ["alpha", 1, 2, -1],
          ["beta", 2, 3, -1],
          ["gamma", 3, 1, 2],
        ],
      );
      assert.equal(rows[0]!.people!.rating, 1100);
      assert.equal(rows[0]!.judge!.rating, 1010);
    });

    it("shows no shift for a model one table does not rank or does not hold", () => {
      const rows = compareRanks(
        [row("alpha", 1, 1100), row("beta", 2, 1000, { provisional: true })],
        [row("alpha", 1, 1050), row("beta", 1, 1040), row("delta", 2, 950)],
      );
      assert.deepEqual(
        rows.map(({ model, people, judge, shift }) => [model, people?.rank ?? null, judge?.rank ?? null, shift]),
        [
          ["alpha", 1, 1, 0],
          // Not ranked by the people (provisional), ranked by the judge: after the people's ranked models, by the judge's rank.
          ["beta", null, 1, null],
          // Only in the judge's table.
          ["delta", null, 2, null],
        ],
      );
      assert.equal(rows[2]!.people, null);
    });

    it("orders shared ranks by rating, and models ranked nowhere last by rating", () => {
      const rows = compareRanks(
        [
          row("b", 1, 1010),
          row("a", 1, 1050),
          row("x", 9, 800, { provisional: true }),
          row("y", 9, 850, { provisional: true }),
        ],
        [],
      );
      assert.deepEqual(
        rows.map((r) => r.model),
        ["a", "b", "y", "x"],
      );
    });

    it("is empty for two empty tables", () => {
      assert.deepEqual(compareRanks([], []), []);
    });
  });

  describe("describeShift", () => {
    it("uses arrows with the places, and words for screen readers", () => {
      assert.deepEqual(describeShift(2), {
        direction: "up",
        symbol: "↑2",
        label: "the judge ranks it 2 places higher than the people",
      });
      assert.deepEqual(describeShift(-1), {
        direction: "down",
        symbol: "↓1",
        label: "the judge ranks it 1 place lower than the people",
      });
      assert.deepEqual(describeShift(0), { direction: "same", symbol: "=", label: "same rank as with the people" });
      assert.equal(describeShift(null), null);
    });

    describe("in French", () => {
      inUiLanguage("fr");
      it("says it in French", () => {
        assert.equal(describeShift(-3)!.label, "le juge le classe 3 places plus bas que les votants");
      });
    });
  });

  describe("orderAgreement", () => {
    it("counts the model pairs both tables order alike by rating, and finds the model moved most", () => {
      const rows = compareRanks(
        [row("alpha", 1, 1100), row("beta", 2, 1000), row("gamma", 3, 900)],
        [row("gamma", 1, 1080), row("alpha", 2, 1010), row("beta", 3, 910)],
      );
      const order = orderAgreement(rows);
      // alpha>beta kept; alpha>gamma and beta>gamma reversed.
      assert.equal(order.pairs, 3);
      assert.equal(order.same, 1);
      assert.equal(order.largest?.model, "gamma");
      assert.equal(describeOrderAgreement(order), "The judge orders 1 of 3 model pairs by rating as the people do.");
    });

    it("leaves out models missing from a table and pairs rated equally", () => {
      const rows = compareRanks(
        [row("a", 1, 1000), row("b", 1, 1000), row("c", 2, 900)],
        [row("a", 1, 1100), row("b", 2, 1000), row("d", 3, 900)],
      );
      const order = orderAgreement(rows);
      assert.equal(order.pairs, 0, "a and b are rated equally by the people; c and d are in one table only");
      assert.equal(order.largest?.model, "b", "b drops from a shared 1 to 2");
      assert.equal(describeOrderAgreement(order), "Too few models in both tables to compare their order.");
    });

    it("has no largest move when every rank agrees", () => {
      const same = [row("a", 1, 1100), row("b", 2, 1000)];
      assert.equal(orderAgreement(compareRanks(same, same)).largest, null);
    });
  });
});
