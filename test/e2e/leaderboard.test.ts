/**
 * The leaderboard and model pages in a real browser against the real server: the empty state of a
 * new arena, sorting, the charts, and a model's head-to-head page. The votes are cast over a socket
 * (quicker than through the page); the page is read by `data-testid` hooks and ARIA attributes.
 */
import assert from "node:assert/strict";

import type { Leaderboard, Winner } from "@arena/shared/protocol";
import type { Page } from "playwright-core";

import { useBrowser } from "../support/browser.ts";
import { eventually } from "../support/eventually.ts";
import { connectClient, expectOk, getJson, playBattle, request, voteBattles } from "../support/server.ts";

const VOTES = 24;

/** The `data-model` of every element with that test id, in page order. */
async function modelsOf(page: Page, testId: string): Promise<string[]> {
  return page
    .getByTestId(testId)
    .evaluateAll((elements) => elements.map((element) => element.getAttribute("data-model") ?? ""));
}

/** The column header (a `th`) whose sort button is named `name`. */
function header(page: Page, name: string) {
  return page
    .getByTestId("leaderboard")
    .locator("thead th")
    .filter({ has: page.getByRole("button", { name, exact: true }) });
}

describe("the leaderboard and model pages in a browser", function () {
  const fixture = useBrowser({ leaderboard: { minVotes: 1 } });

  // First: the server is still fresh, without a vote.
  it("tells a new arena's visitor how the table fills, with a link to the battle page", async function () {
    const page = await fixture.context.newPage();
    await page.goto("/leaderboard");
    const empty = page.getByTestId("leaderboard-empty");
    await empty.waitFor();
    assert.match((await empty.textContent()) ?? "", /No votes yet/);
    assert.equal(await page.getByTestId("leaderboard-row").count(), 0);
    assert.equal(await page.getByTestId("rating-chart").count(), 0, "no chart without models");
    assert.equal(await page.getByTestId("heatmap").count(), 0, "no grid without models");

    await empty.getByRole("link", { name: "Go to the battle page" }).click();
    await page.waitForURL((url) => url.pathname === "/");
  });

  describe("with votes", function () {
    before(async function () {
      this.timeout(60_000);
      const voter = await connectClient(fixture.server.url);
      const winners: Winner[] = ["a", "b", "a", "tie", "a", "b", "bothbad", "a"];
      try {
        for (let vote = 0; vote < VOTES; vote++) {
          const battle = await playBattle(voter);
          expectOk(
            await request(voter, "battle:vote", { battleId: battle.battleId, winner: winners[vote % winners.length] }),
          );
        }
      } finally {
        voter.disconnect();
      }
    });

    it("shows a filter nobody voted in as empty, with a button that clears the filter", async function () {
      const page = await fixture.context.newPage();
      // A well-formed language with no votes: the tiny pack's prompts are not in Welsh.
      await page.goto("/leaderboard?language=cy");
      const empty = page.getByTestId("leaderboard-empty");
      await empty.waitFor();
      assert.match((await empty.textContent()) ?? "", /No votes in .+ yet/);
      await empty.getByRole("button", { name: "Show all languages" }).click();
      await page.waitForURL((url) => !url.searchParams.has("language"));
      await page.getByTestId("leaderboard-row").first().waitFor();
    });

    it("sorts by a column header, toggles the direction, and marks the header with aria-sort", async function () {
      const page = await fixture.context.newPage();
      await page.goto("/leaderboard");
      await page.getByTestId("leaderboard-row").first().waitFor();
      const { body } = await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard`);
      const byModel = [...body.rows]
        .map((row) => row.model)
        .sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
      assert.ok(byModel.length >= 3, `several models have votes: ${byModel.join(", ")}`);

      assert.equal(await header(page, "Rank").getAttribute("aria-sort"), "ascending", "sorted by rank at first");
      assert.equal(await header(page, "Model").getAttribute("aria-sort"), null);

      await page.getByRole("button", { name: "Model", exact: true }).click();
      assert.deepEqual(await modelsOf(page, "leaderboard-row"), byModel, "A to Z");
      assert.equal(await header(page, "Model").getAttribute("aria-sort"), "ascending");
      assert.equal(await header(page, "Rank").getAttribute("aria-sort"), null, "only the sorted column says so");

      await page.getByRole("button", { name: "Model", exact: true }).click();
      assert.deepEqual(await modelsOf(page, "leaderboard-row"), [...byModel].reverse(), "Z to A on a second click");
      assert.equal(await header(page, "Model").getAttribute("aria-sort"), "descending");

      await page.getByRole("button", { name: "Votes", exact: true }).click();
      assert.equal(await header(page, "Votes").getAttribute("aria-sort"), "descending", "most votes first");
      const votesByRow = await page
        .getByTestId("leaderboard-row")
        .evaluateAll((rows) => rows.map((row) => Number(row.querySelectorAll("td")[3]?.textContent)));
      assert.deepEqual(
        votesByRow,
        [...votesByRow].sort((x, y) => y - x),
        `rows by votes: ${votesByRow.join(", ")}`,
      );
    });

    it("draws one rating-chart row and one grid row per model, in the table's order, and a battle-count grid", async function () {
      const page = await fixture.context.newPage();
      await page.goto("/leaderboard");
      await page.getByTestId("rating-chart").waitFor();
      await page.getByTestId("heatmap").waitFor();
      const table = await modelsOf(page, "leaderboard-row");
      assert.deepEqual(await modelsOf(page, "rating-chart-row"), table);
      assert.deepEqual(await modelsOf(page, "heatmap-row"), table);
      const label = (await page.getByTestId("rating-chart").getAttribute("aria-label")) ?? "";
      assert.match(label, /Ratings with 95% intervals of \d+ ranked models/, "the chart has a text summary");

      await page.getByTestId("matrix-battles").click();
      await page.locator('[data-testid="heatmap"][data-mode="battles"]').waitFor();
      assert.deepEqual(await modelsOf(page, "heatmap-row"), table);
      // Every vote is counted in two cells of the symmetric grid (row a column b, row b column a).
      const cells = await page
        .getByTestId("heatmap-row")
        .evaluateAll((rows) =>
          rows.flatMap((row) => [...row.querySelectorAll("td")].map((cell) => Number(cell.textContent) || 0)),
        );
      const { body } = await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard`);
      assert.equal(
        cells.reduce((sum, count) => sum + count, 0),
        2 * body.battles,
      );
    });

    it("opens a model's page from its name, with its head-to-head record, and comes back with the filter", async function () {
      const page = await fixture.context.newPage();
      await page.goto("/leaderboard");
      const row = page.getByTestId("leaderboard-row").first();
      await row.waitFor();
      const model = (await row.getAttribute("data-model"))!;
      await row.getByRole("link", { name: model }).click();

      await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/model/${model}`);
      assert.equal((await page.getByTestId("model-name").textContent())?.trim(), model);
      await page.getByTestId("model-stats").waitFor();
      await page.getByTestId("head-to-head-row").first().waitFor();

      const { body: matrix } = await getJson<{ models: string[]; battles: number[][] }>(
        `${fixture.server.url}/api/leaderboard/matrix`,
      );
      const self = matrix.models.indexOf(model);
      const opponents = await modelsOf(page, "head-to-head-row");
      assert.deepEqual(
        [...opponents].sort(),
        matrix.models.filter((other) => other !== model).sort(),
        "one row per other model",
      );
      const battles = opponents.map((other) => matrix.battles[self]![matrix.models.indexOf(other)]!);
      assert.deepEqual(
        battles,
        [...battles].sort((x, y) => y - x),
        "most votes first",
      );
      const shown = await page
        .getByTestId("head-to-head-row")
        .evaluateAll((rows) => rows.map((row) => Number(row.querySelector("td")?.textContent)));
      assert.deepEqual(shown, battles, "the votes column matches the matrix");

      await page.getByRole("link", { name: "← Leaderboard" }).click();
      await page.waitForURL((url) => url.pathname === "/leaderboard");
      await page.getByTestId("leaderboard-row").first().waitFor();
    });

    it("keeps the filter of the URL on the model page and in its link back", async function () {
      const page = await fixture.context.newPage();
      const { body } = await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard?language=en`);
      const model = body.rows[0]!.model;
      await page.goto("/leaderboard?language=en");
      await page.locator(`[data-testid="leaderboard-row"][data-model="${model}"]`).getByRole("link").click();
      await page.waitForURL((url) => url.pathname.startsWith("/model/") && url.searchParams.get("language") === "en");
      assert.equal(await page.getByTestId("language-filter").inputValue(), "en");
      await page.getByTestId("head-to-head-row").first().waitFor();
      await page.getByRole("link", { name: "← Leaderboard" }).click();
      await page.waitForURL((url) => url.pathname === "/leaderboard" && url.searchParams.get("language") === "en");
    });

    it("switches to the style-controlled table, kept in the URL, with each rank's change and what style is worth", async function () {
      const page = await fixture.context.newPage();
      await page.goto("/leaderboard");
      await page.getByTestId("leaderboard-row").first().waitFor();
      const styleSwitch = page.getByTestId("style-control");
      assert.equal(await styleSwitch.isChecked(), false);
      assert.equal(await page.getByTestId("style-coefficients").count(), 0);
      await page.getByRole("switch", { name: "Style control" }).check();
      await page.waitForURL((url) => url.searchParams.get("style") === "control");
      await page.getByTestId("style-coefficients").waitFor();

      const { body } = await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard?style=control`);
      assert.ok(body.styleCoefficients);
      const expectedOrder = body.rows.map((row) => row.model);
      assert.deepEqual(
        await eventually(
          () => modelsOf(page, "leaderboard-row"),
          (models) => models.join() === expectedOrder.join(),
        ),
        expectedOrder,
      );
      // Each ranked row says how its rank moved against the table without style control.
      for (const row of body.rows.filter((each) => !each.provisional)) {
        const cell = page.locator(`[data-testid="leaderboard-row"][data-model="${row.model}"] td.rank`);
        const gained = row.plainRank! - row.rank;
        const label =
          gained === 0
            ? "same rank as without style control"
            : `${Math.abs(gained)} ${Math.abs(gained) === 1 ? "place" : "places"} ${gained > 0 ? "higher" : "lower"} than without style control`;
        assert.equal(await cell.getByRole("img").getAttribute("aria-label"), label, row.model);
      }
      // The panel names the four features, each with its effect in words.
      const items = page.getByTestId("style-coefficients").locator("[data-feature]");
      assert.deepEqual(
        await items.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-feature"))),
        ["length", "headers", "lists", "bold"],
      );
      const length = (await items.first().textContent()) ?? "";
      assert.match(
        length,
        /^Length(raises the odds ×\d\.\d\d|lowers the odds ×\d\.\d\d|leaves the odds as they are|never differs)/,
      );

      // The state is the URL's: a reload keeps it, and the model page shows both ratings.
      await page.reload();
      await page.getByTestId("style-coefficients").waitFor();
      assert.equal(await page.getByTestId("style-control").isChecked(), true);
      await page.locator(`[data-testid="leaderboard-row"][data-model="${expectedOrder[0]}"]`).getByRole("link").click();
      await page.waitForURL((url) => url.pathname.startsWith("/model/") && url.searchParams.get("style") === "control");
      const styled = page.getByTestId("model-style-rating");
      await styled.waitFor();
      assert.match(
        (await styled.textContent()) ?? "",
        new RegExp(`^Style-controlled rating${body.rows[0]!.rating.toFixed(1).replace(".", "\\.")}`),
      );
      await page.getByRole("link", { name: "← Leaderboard" }).click();
      await page.waitForURL((url) => url.pathname === "/leaderboard" && url.searchParams.get("style") === "control");
      await page.getByTestId("style-control").uncheck();
      await page.waitForURL((url) => !url.searchParams.has("style"));
      await page.getByTestId("leaderboard-row").first().waitFor();
      assert.equal(await page.getByTestId("style-coefficients").count(), 0);
    });

    it("keeps the reader's sort when a vote updates the table", async function () {
      this.timeout(30_000);
      const page = await fixture.context.newPage();
      await page.goto("/leaderboard");
      await page.getByTestId("leaderboard-row").first().waitFor();
      await page.getByRole("button", { name: "Model", exact: true }).click();
      await page.getByRole("button", { name: "Model", exact: true }).click();
      const before = await modelsOf(page, "leaderboard-row");
      const status = async () => (await page.getByRole("status").filter({ hasText: "votes" }).textContent()) ?? "";
      const statusBefore = await status();

      await voteBattles(fixture.server.url, ["a"]);
      assert.notEqual(await eventually(status, (text) => text !== statusBefore), statusBefore, "the table was updated");
      assert.deepEqual(await modelsOf(page, "leaderboard-row"), before, "still Z to A");
      assert.equal(await header(page, "Model").getAttribute("aria-sort"), "descending");
    });
  });
});
