import assert from "node:assert/strict";

import { DEFAULT_IDENTITY_WORDS, identityMatcher } from "../../server/src/votes/identityGuard.ts";

describe("identity-leak guard", () => {
  const find = identityMatcher(["gpt-4o-mini", "llama3.1:8b", ...DEFAULT_IDENTITY_WORDS]);

  it("finds a model or maker named as a whole word, whatever the case", () => {
    assert.equal(find("As an AI developed by openai, I cannot…"), "openai");
    assert.equal(find("I am Claude."), "Claude");
    assert.equal(find("Je suis basé sur llama3.1:8b."), "llama3.1:8b");
    assert.equal(find("I'm GPT-4o-mini, nice to meet you"), "GPT-4o-mini");
    assert.equal(find("Meta   AI built me"), "Meta   AI");
  });

  it("does not fire on words that merely contain a name", () => {
    for (const text of [
      "Claudette went to Googleplex-like offices",
      "The llamas are grazing",
      "metadata and aix files",
      "Paris is the capital.",
    ]) {
      assert.equal(find(text), null, text);
    }
  });

  it("matches nothing with an empty word list", () => {
    assert.equal(identityMatcher([])("OpenAI"), null);
  });
});
