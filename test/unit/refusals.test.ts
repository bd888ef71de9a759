import assert from "node:assert/strict";

import { MAX_TURNS } from "@arena/shared/limits";

import { describeRefusal } from "../../client/src/refusals.ts";
import { inUiLanguage } from "../support/uiLanguage.ts";

describe("describeRefusal", () => {
  it("puts the refusals of normal use in the page's own words, as expected ones", () => {
    assert.deepEqual(describeRefusal({ code: "busy", message: "pool busy" }), {
      text: "Those models are busy right now — try again in a moment.",
      expected: true,
    });
  });

  it("says the turn limit with its number", () => {
    const { text, expected } = describeRefusal({ code: "turn_limit", message: "limit" });
    assert.ok(text.includes(`limit of ${MAX_TURNS} turns`), text);
    assert.equal(expected, true);
  });

  it("keeps the server's message for anything else, as an unexpected error", () => {
    assert.deepEqual(describeRefusal({ code: "internal", message: "Something broke." }), {
      text: "Something broke.",
      expected: false,
    });
  });

  it("does not mistake an inherited property name for a known code", () => {
    assert.deepEqual(describeRefusal({ code: "constructor", message: "odd" }), { text: "odd", expected: false });
  });

  describe("in French", () => {
    inUiLanguage("fr");

    it("follows the interface language", () => {
      assert.equal(
        describeRefusal({ code: "busy", message: "pool busy" }).text,
        "Ces modèles sont occupés pour le moment — réessayez dans un instant.",
      );
    });
  });
});
