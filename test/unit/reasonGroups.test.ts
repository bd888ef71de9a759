import assert from "node:assert/strict";

import {
  groupModelReasons,
  localizeReasons,
  reasonGroupsFor,
  type ReasonOption,
  toggleReason,
} from "../../client/src/reasonGroups.ts";

const reasons: ReasonOption[] = [
  { id: "correct", polarity: "positive", label: "Correct" },
  { id: "clear", polarity: "positive", label: "Clear" },
  { id: "incorrect", polarity: "negative", label: "Incorrect" },
  { id: "too-long", polarity: "negative", label: "Too long" },
];
const ids = (options: ReasonOption[]) => options.map((reason) => reason.id);

describe("reasonGroups", () => {
  describe("reasonGroupsFor", () => {
    it("offers positive reasons for the chosen answer and negative ones for the other", () => {
      const groups = reasonGroupsFor("b", reasons);
      assert.deepEqual(
        groups.map((group) => [group.target, group.polarity, ids(group.reasons)]),
        [
          ["b", "positive", ["correct", "clear"]],
          ["a", "negative", ["incorrect", "too-long"]],
        ],
      );
      assert.deepEqual(
        reasonGroupsFor("a", reasons).map((group) => [group.target, group.polarity]),
        [
          ["a", "positive"],
          ["b", "negative"],
        ],
      );
    });

    it("offers only negative reasons, about both, when both are bad", () => {
      assert.deepEqual(
        reasonGroupsFor("bothbad", reasons).map((group) => [group.target, group.polarity, ids(group.reasons)]),
        [["both", "negative", ["incorrect", "too-long"]]],
      );
    });

    it("offers both kinds, about both, for a tie", () => {
      assert.deepEqual(
        reasonGroupsFor("tie", reasons).map((group) => [group.target, group.polarity]),
        [
          ["both", "positive"],
          ["both", "negative"],
        ],
      );
    });

    it("leaves out a group the arena has no reasons for", () => {
      const onlyPositive = reasons.filter((reason) => reason.polarity === "positive");
      assert.deepEqual(
        reasonGroupsFor("a", onlyPositive).map((group) => group.target),
        ["a"],
      );
    });
  });

  describe("toggleReason", () => {
    it("adds and removes an id, keeping the list's own order", () => {
      const ticked = toggleReason(toggleReason([], "too-long", reasons), "correct", reasons);
      assert.deepEqual(ticked, ["correct", "too-long"]);
      assert.deepEqual(toggleReason(ticked, "correct", reasons), ["too-long"]);
    });
  });

  describe("groupModelReasons", () => {
    it("splits counts into won and lost because, most frequent first, with their share of battles", () => {
      const groups = groupModelReasons(
        [
          { id: "clear", polarity: "positive", count: 3 },
          { id: "correct", polarity: "positive", count: 5 },
          { id: "incorrect", polarity: "negative", count: 2 },
          { id: "too-long", polarity: "negative", count: 0 },
        ],
        reasons,
        10,
      );
      assert.deepEqual(groups.won, [
        { id: "correct", label: "Correct", count: 5, share: 0.5 },
        { id: "clear", label: "Clear", count: 3, share: 0.3 },
      ]);
      assert.deepEqual(groups.lost, [{ id: "incorrect", label: "Incorrect", count: 2, share: 0.2 }]);
    });

    it("orders equal counts by label and keeps a retired reason under its id", () => {
      const groups = groupModelReasons(
        [
          { id: "retired", polarity: "negative", count: 1 },
          { id: "incorrect", polarity: "negative", count: 1 },
        ],
        reasons,
        0,
      );
      assert.deepEqual(
        groups.lost.map((reason) => [reason.label, reason.share]),
        [
          ["Incorrect", null],
          ["retired", null],
        ],
      );
    });
  });
});

describe("reasonGroups: localizeReasons", () => {
  it("labels each reason in the interface's language, in English where none is given", () => {
    const options = localizeReasons(
      {
        reasons: [
          { id: "clear", polarity: "positive", label: "Clear", labels: { en: "Clear", fr: "Clair", zh: "清晰" } },
          { id: "terse", polarity: "negative", label: "Terse", labels: { en: "Terse", fr: "", zh: "" } },
        ],
      },
      "fr",
    );
    assert.deepEqual(options, [
      { id: "clear", polarity: "positive", label: "Clair" },
      { id: "terse", polarity: "negative", label: "Terse" },
    ]);
  });
});
