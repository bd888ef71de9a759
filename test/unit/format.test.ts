import assert from "node:assert/strict";

import {
  baseRankOf,
  categoryName,
  describeRankChange,
  formatCount,
  formatInterval,
  formatOddsFactor,
  formatPercent,
  formatRating,
  formatRatingDelta,
  formatRatingMove,
  formatTime,
  formatVotes,
  formatWinRate,
  languageName,
} from "../../client/src/format.ts";
import { inUiLanguage } from "../support/uiLanguage.ts";

// Intl separates French thousands with a narrow no-break space, and the percent sign with a no-break space.
const NNBSP = "\u202f";
const NBSP = "\u00a0";

describe("client format", () => {
  describe("in English", () => {
    it("writes counts with grouping and no decimals", () => {
      assert.equal(formatCount(12345), "12,345");
      assert.equal(formatCount(2.6), "3");
    });

    it("writes shares as percentages with the asked decimals", () => {
      assert.equal(formatPercent(0.5423), "54.2%");
      assert.equal(formatPercent(0.5, 0), "50%");
    });

    it("writes ratings with one decimal and no grouping", () => {
      assert.equal(formatRating(1003.24), "1003.2");
      assert.equal(formatRating(12000), "12000.0");
      assert.equal(formatRatingMove({ before: 1003.2, after: 1005.06 }), "1003.2 → 1005.1");
    });

    it("signs rating changes with a real minus, and ± for none", () => {
      assert.equal(formatRatingDelta(1.94), "+1.9");
      assert.equal(formatRatingDelta(-0.44), "−0.4");
      assert.equal(formatRatingDelta(0.04), "±0.0");
    });

    it("writes a symmetric interval once and an asymmetric one as both sides", () => {
      assert.equal(formatInterval(1000, 993.5, 1006.5), "±6.5");
      assert.equal(formatInterval(1000, 994, 1007.1), "+7.1/−6.0");
      assert.equal(formatInterval(1000, null, 1007), null);
    });

    it("counts ties as half a win, with a dash before the first battle", () => {
      assert.equal(formatWinRate({ wins: 3, ties: 2, battles: 8 }), "50.0%");
      assert.equal(formatWinRate({ wins: 0, ties: 0, battles: 0 }), "—");
    });

    it("writes odds factors with two decimals", () => {
      assert.equal(formatOddsFactor(Math.exp(0.35)), "1.42");
    });

    it("pluralises votes", () => {
      assert.equal(formatVotes(1), "1 vote");
      assert.equal(formatVotes(1200), "1,200 votes");
    });

    it("writes a time of day in the interface locale", () => {
      // Built from local fields, so the expected text does not depend on the machine's time zone.
      assert.match(formatTime(new Date(2024, 0, 2, 15, 4, 5)), /^3:04:05\sPM$/);
    });

    it("names languages, the undetected one, and codes it cannot name", () => {
      assert.equal(languageName("fr"), "French");
      assert.equal(languageName("und"), "Undetected");
      assert.equal(languageName("not a code"), "not a code");
    });

    it("names the known categories and capitalises the others", () => {
      assert.equal(categoryName("multiturn"), "Multi-turn");
      assert.equal(categoryName("coding"), "Coding");
      assert.equal(categoryName("role_play-games"), "Role play games");
    });

    it("describes rank changes against the overall or the plain table", () => {
      assert.deepEqual(describeRankChange(2, 4), {
        direction: "up",
        symbol: "▲2",
        label: "2 places higher than overall",
      });
      assert.deepEqual(describeRankChange(3, 2), {
        direction: "down",
        symbol: "▼1",
        label: "1 place lower than overall",
      });
      assert.deepEqual(describeRankChange(1, 1, "plain"), {
        direction: "same",
        symbol: "=",
        label: "same rank as without style control",
      });
    });

    it("picks the base rank a row's change is shown against", () => {
      const row = { overallRank: 3, plainRank: 5 };
      assert.equal(baseRankOf(row, "overall"), 3);
      assert.equal(baseRankOf(row, "plain"), 5);
      assert.equal(baseRankOf(row, null), null);
      assert.equal(baseRankOf({ overallRank: 3 }, "plain"), null);
    });
  });

  describe("in French", () => {
    inUiLanguage("fr");

    it("groups and decimals as a French reader writes them", () => {
      assert.equal(formatCount(12345), `12${NNBSP}345`);
      assert.equal(formatPercent(0.5423), `54,2${NBSP}%`);
      assert.equal(formatRating(1003.24), "1003,2");
      assert.equal(formatRatingDelta(-0.44), "−0,4");
    });

    it("writes the time on the 24-hour clock", () => {
      assert.equal(formatTime(new Date(2024, 0, 2, 15, 4, 5)), "15:04:05");
    });

    it("translates names and words", () => {
      assert.equal(languageName("de"), "allemand");
      assert.equal(languageName("und"), "Non détectée");
      assert.equal(categoryName("coding"), "Programmation");
      assert.equal(formatVotes(1), "1 vote");
      assert.equal(formatVotes(0), "0 vote");
    });
  });

  describe("in Chinese", () => {
    inUiLanguage("zh");

    it("counts votes without a plural", () => {
      assert.equal(formatVotes(12345), "12,345 票");
    });
  });
});
