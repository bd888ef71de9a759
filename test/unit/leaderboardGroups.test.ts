import assert from "node:assert/strict";

import { countRanks, groupRows, tableOrder } from "../../client/src/leaderboardGroups.ts";
import { leaderboardRow } from "../support/leaderboardRows.ts";

describe("leaderboardGroups", () => {
  // As the server sends them: by rating, best first.
  const rows = [
    leaderboardRow("wide", { rank: 2, rating: 1040 }),
    leaderboardRow("new", { rank: 3, rating: 1030, provisional: true }),
    leaderboardRow("steady", { rank: 1, rating: 1020 }),
    leaderboardRow("peer", { rank: 2, rating: 1010 }),
    leaderboardRow("newer", { rank: 4, rating: 900, provisional: true }),
  ];

  it("puts ranked models by rank, keeping the rating order within a rank", () => {
    const { ranked } = groupRows(rows);
    assert.deepEqual(
      ranked.map((row) => row.model),
      ["steady", "wide", "peer"],
    );
  });

  it("keeps provisional models apart, in the server's order", () => {
    assert.deepEqual(
      groupRows(rows).provisional.map((row) => row.model),
      ["new", "newer"],
    );
  });

  it("lists models in the table's order: ranked, then provisional", () => {
    assert.deepEqual(tableOrder(groupRows(rows)), ["steady", "wide", "peer", "new", "newer"]);
  });

  it("counts how many models share each rank", () => {
    assert.deepEqual(
      [...countRanks(groupRows(rows).ranked)],
      [
        [1, 1],
        [2, 2],
      ],
    );
  });
});
