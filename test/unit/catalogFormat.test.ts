import assert from "node:assert/strict";

import { displayNameOf, formatDay, formatParameters, formatPrice } from "../../client/src/catalogFormat.ts";
import { selectLanguage } from "../../client/src/i18n/translate.ts";

describe("catalogFormat", () => {
  afterEach(() => selectLanguage("en"));

  it("writes prices in dollars with the decimals they need", () => {
    assert.equal(formatPrice(10), "$10");
    assert.equal(formatPrice(2.5), "$2.5");
    assert.equal(formatPrice(0.15), "$0.15");
    assert.equal(formatPrice(0.075), "$0.075");
    assert.equal(formatPrice(0), "$0");
  });

  it("writes parameter counts as makers do, and text as written", () => {
    assert.equal(formatParameters(8e9), "8B");
    assert.equal(formatParameters(1.5e12), "1.5T");
    assert.equal(formatParameters(350e6), "350M");
    assert.equal(formatParameters(70.6e9), "70.6B");
    assert.equal(formatParameters("8x7B"), "8x7B");
  });

  it("writes a day in the interface's language, as that very day", () => {
    assert.equal(formatDay("2026-12-05"), "Dec 5, 2026");
    selectLanguage("fr");
    assert.match(formatDay("2026-12-05"), /^5 déc\.? 2026$/);
    assert.equal(formatDay("not a day"), "not a day");
  });

  it("names a model by its display name, else its id", () => {
    assert.equal(displayNameOf({ id: "llama3", displayName: "Llama 3" }), "Llama 3");
    assert.equal(displayNameOf({ id: "llama3" }), "llama3");
  });
});
