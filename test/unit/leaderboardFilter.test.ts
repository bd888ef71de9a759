import assert from "node:assert/strict";

import {
  describeScope,
  judgesApiUrl,
  leaderboardUrl,
  modelOfPath,
  modelUrl,
} from "../../client/src/leaderboardFilter.ts";
import { inUiLanguage } from "../support/uiLanguage.ts";

describe("leaderboardFilter", () => {
  describe("leaderboardUrl", () => {
    it("leaves the query out when nothing is filtered", () => {
      assert.equal(leaderboardUrl("", ""), "/leaderboard");
    });

    it("puts each set filter in the query", () => {
      assert.equal(leaderboardUrl("fr", "", true), "/leaderboard?language=fr&style=control");
      assert.equal(leaderboardUrl("", "coding"), "/leaderboard?category=coding");
      assert.equal(leaderboardUrl("zh", "math", false), "/leaderboard?language=zh&category=math");
    });

    it("names a judge whose table is shown, escaped, and leaves it out for the people's table", () => {
      assert.equal(leaderboardUrl("", "", false, { judge: "gpt-judge" }), "/leaderboard?judge=gpt-judge");
      assert.equal(
        leaderboardUrl("fr", "coding", true, { judge: "org/judge:8b" }),
        "/leaderboard?language=fr&category=coding&style=control&judge=org%2Fjudge%3A8b",
      );
      assert.equal(leaderboardUrl("fr", "", false, { judge: "" }), "/leaderboard?language=fr");
    });

    it("puts the day of a past table last, and leaves it out for today's", () => {
      assert.equal(leaderboardUrl("fr", "", false, { at: "2026-11-30" }), "/leaderboard?language=fr&at=2026-11-30");
      assert.equal(
        leaderboardUrl("", "", true, { judge: "j", at: "2026-11-30" }),
        "/leaderboard?style=control&judge=j&at=2026-11-30",
      );
      assert.equal(leaderboardUrl("", "", false, { at: "" }), "/leaderboard");
    });
  });

  describe("judgesApiUrl", () => {
    it("carries the language and category filters only", () => {
      assert.equal(judgesApiUrl("", ""), "/api/judges");
      assert.equal(judgesApiUrl("fr", "coding"), "/api/judges?language=fr&category=coding");
    });
  });

  describe("modelUrl and modelOfPath", () => {
    it("escapes a model id with a slash, and reads it back", () => {
      const url = modelUrl("org/model v2", "fr", "");
      assert.equal(url, "/model/org%2Fmodel%20v2?language=fr");
      assert.equal(modelOfPath(url.split("?")[0]!), "org/model v2");
    });

    it("accepts a trailing slash", () => {
      assert.equal(modelOfPath("/model/gpt/"), "gpt");
    });

    it("is null for other paths and for a malformed escape", () => {
      assert.equal(modelOfPath("/leaderboard"), null);
      assert.equal(modelOfPath("/model/a/b"), null);
      assert.equal(modelOfPath("/model/%E0%A4%A"), null);
    });
  });

  describe("describeScope", () => {
    it("says what a table covers", () => {
      assert.equal(describeScope("", ""), "all languages · all categories");
      assert.equal(describeScope("fr", "coding"), "French · Coding");
    });

    describe("in French", () => {
      inUiLanguage("fr");

      it("says it in French", () => {
        assert.equal(describeScope("", "coding"), "toutes les langues · Programmation");
      });
    });
  });
});
