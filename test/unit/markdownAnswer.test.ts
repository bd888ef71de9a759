/**
 * A model's answer as Markdown: a table's blank corner cell is rendered as a plain cell, not as an
 * empty header (screen readers would announce an empty column header; axe-core's empty-table-header).
 */
import assert from "node:assert/strict";

import { createElement } from "react";

import { isBlankCell } from "../../client/src/components/blankCell.ts";

describe("a Markdown table's blank cell", () => {
  it("is blank with no content or only whitespace", () => {
    for (const children of [undefined, null, "", " ", ["", "  "], [null, "\n"]])
      assert.equal(isBlankCell(children), true);
  });

  it("is not blank with text or an element", () => {
    for (const children of ["Virus", ["", "A"], 0]) assert.equal(isBlankCell(children), false, String(children));
    assert.equal(isBlankCell(createElement("em", null, "bold")), false);
  });
});
