/**
 * Vote reasons, time and the model catalogue in a real browser against the real server: reasons
 * ticked after a vote and counted on the model pages, a model's rating over time, the leaderboard as
 * of a past day, and the rating-against-price chart with its Pareto front.
 */
import assert from "node:assert/strict";

import type { LeaderboardHistory, ModelReasonsResponse } from "@arena/shared/depth";
import type { Leaderboard, ModelsResponse } from "@arena/shared/protocol";
import type { Page } from "playwright-core";

import { useBrowser } from "../support/browser.ts";
import { eventually } from "../support/eventually.ts";
import { type InjectedVote, injectVotes } from "../support/injectVotes.ts";
import { getJson, tempDbFile } from "../support/server.ts";

const ANSWER_TIMEOUT_MS = 15_000;
const DAY_MS = 86_400_000;

async function voteAndReveal(page: Page, testId: string): Promise<{ a: string; b: string }> {
  await page.waitForSelector(`[data-testid="${testId}"]:not([disabled])`, { timeout: ANSWER_TIMEOUT_MS });
  await page.getByTestId(testId).click();
  const a = (await page.getByTestId("reveal-a").textContent())?.trim() ?? "";
  const b = (await page.getByTestId("reveal-b").textContent())?.trim() ?? "";
  return { a, b };
}

function reasonsOf(base: string, model: string): Promise<{ status: number; body: ModelReasonsResponse }> {
  return getJson<ModelReasonsResponse>(`${base}/api/models/${encodeURIComponent(model)}/reasons`);
}

const countOf = (body: ModelReasonsResponse, id: string) => body.reasons.find((reason) => reason.id === id)?.count ?? 0;

/** `count` votes of `a` against `b` on `day` (UTC noon onwards), `aWins` of them won by `a`, the rest by `b`. */
function duel(a: string, b: string, count: number, aWins: number, day: string): InjectedVote[] {
  return Array.from({ length: count }, (_, index) => ({
    session: `voter-${day}-${a}-${b}-${index}`,
    modelA: a,
    modelB: b,
    winner: index < aWins ? "a" : "b",
    votedAt: new Date(Date.parse(`${day}T12:00:00Z`) + index * 1000),
  }));
}

/** `YYYY-MM-DD` of `days` days ago (UTC). */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
}

describe("vote reasons, time and the catalogue in a browser", function () {
  describe("reasons on the battle page", function () {
    const fixture = useBrowser({ leaderboard: { minVotes: 1 } });

    it("ticks reasons after the vote without holding up the next battle, and the model pages count them", async function () {
      this.timeout(40_000);
      const page = await fixture.context.newPage();
      await page.goto("/");
      const models = await voteAndReveal(page, "vote-a");
      assert.ok(models.a !== "" && models.b !== "" && models.a !== models.b);

      const picker = page.getByTestId("reason-picker");
      await picker.waitFor();
      await picker.locator('[data-testid="reason"]').first().waitFor();
      // Positive reasons name the chosen answer's model, negative ones the other.
      assert.match((await picker.textContent()) ?? "", new RegExp(`What was good about ${models.a}`));
      assert.match((await picker.textContent()) ?? "", new RegExp(`What was wrong with ${models.b}`));

      // By keyboard: focus the first reason and tick it with the space bar.
      const correct = picker.locator('[data-reason="correct"]');
      await correct.focus();
      await page.keyboard.press("Space");
      assert.equal(await correct.isChecked(), true);
      await picker.locator('[data-reason="too-long"]').check();
      await page.waitForSelector('[data-testid="reasons-status"][data-state="saved"]');
      assert.match((await page.getByTestId("reasons-status").textContent()) ?? "", /Saved: 2 reasons/);

      // One more tick, then straight to the next battle: what was ticked is still sent.
      await picker.locator('[data-reason="clear"]').check();
      await page.getByTestId("new-battle").click();
      await picker.waitFor({ state: "detached" });
      await page.getByTestId("battle-prompt").waitFor();

      const winnerReasons = await eventually(
        async () => (await reasonsOf(fixture.server.url, models.a)).body,
        (body) => countOf(body, "clear") === 1,
      );
      assert.equal(countOf(winnerReasons, "correct"), 1);
      assert.equal(countOf(winnerReasons, "clear"), 1);
      assert.equal(countOf(winnerReasons, "too-long"), 0, "a negative reason goes to the other model");
      const loserReasons = (await reasonsOf(fixture.server.url, models.b)).body;
      assert.equal(countOf(loserReasons, "too-long"), 1);
      assert.equal(countOf(loserReasons, "correct"), 0);

      await page.goto(`/model/${encodeURIComponent(models.a)}`);
      const won = page.getByTestId("reasons-won");
      await won.waitFor();
      assert.equal(await won.locator('[data-reason="correct"]').getAttribute("data-count"), "1");
      assert.match((await won.textContent()) ?? "", /Correct/);
      assert.equal(await page.getByTestId("reasons-lost").count(), 0, "nothing lost: no table, a sentence");

      await page.goto(`/model/${encodeURIComponent(models.b)}`);
      const lost = page.getByTestId("reasons-lost");
      await lost.waitFor();
      assert.equal(await lost.locator('[data-reason="too-long"]').getAttribute("data-count"), "1");
    });

    it("offers negative reasons for both after a both-bad vote", async function () {
      this.timeout(30_000);
      const page = await fixture.context.newPage();
      await page.goto("/");
      await voteAndReveal(page, "vote-bothbad");
      const picker = page.getByTestId("reason-picker");
      await picker.waitFor();
      await picker.locator('[data-testid="reason"]').first().waitFor();
      assert.match((await picker.textContent()) ?? "", /What was wrong with both/);
      assert.equal(
        await picker.locator('[data-reason="correct"]').count(),
        0,
        "no positive reason for a both-bad vote",
      );
    });
  });

  describe("time: the history chart and the table as of a day", function () {
    // Three days of votes: beta leads on the first, gamma climbs past both by the last.
    const days = [daysAgo(3), daysAgo(2), daysAgo(1)];
    const dbFile = tempDbFile();
    before(() =>
      injectVotes(dbFile, [
        ...duel("tiny-beta", "tiny-alpha", 10, 8, days[0]!),
        ...duel("tiny-alpha", "tiny-gamma", 6, 4, days[0]!),
        ...duel("tiny-gamma", "tiny-beta", 10, 8, days[1]!),
        ...duel("tiny-gamma", "tiny-alpha", 10, 9, days[2]!),
        ...duel("tiny-alpha", "tiny-beta", 6, 3, days[2]!),
      ]),
    );
    const fixture = useBrowser({ dbFile, leaderboard: { minVotes: 1 } });

    it("plots a model's rating with its interval for each day with votes, and lists the numbers", async function () {
      this.timeout(30_000);
      const history = (
        await getJson<LeaderboardHistory>(`${fixture.server.url}/api/leaderboard/history?model=tiny-alpha`)
      ).body;
      assert.deepEqual(
        history.points.map((point) => point.date),
        days,
      );

      const page = await fixture.context.newPage();
      await page.goto("/model/tiny-alpha");
      const chart = page.getByTestId("history-chart");
      await chart.waitFor();
      const dates = await page
        .getByTestId("history-point")
        .evaluateAll((points) => points.map((point) => point.getAttribute("data-date")));
      assert.deepEqual(
        dates,
        history.points.map((point) => point.date),
      );
      // Screen readers get one sentence about the whole chart.
      assert.match((await chart.getAttribute("aria-label")) ?? "", /Rating of tiny-alpha over \d+ days with votes/);
      assert.ok((await chart.locator(".history-chart__band").count()) >= 1, "the interval is drawn");

      // The table alternative, one row a day.
      await page.getByText("Show the numbers").first().click();
      const rows = page.getByTestId("history-table").getByTestId("history-row");
      await rows.first().waitFor();
      assert.equal(await rows.count(), history.points.length);
    });

    it("shows the leaderboard as of a past day, with each model's rank move since", async function () {
      this.timeout(30_000);
      const first = days[0]!;
      const past = (await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard?at=${first}`)).body;
      const today = (await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard`)).body;
      assert.ok(past.battles > 0 && past.battles < today.battles);

      const page = await fixture.context.newPage();
      await page.goto("/leaderboard");
      await page.getByTestId("leaderboard-row").first().waitFor();
      await page.getByTestId("as-of").fill(first);
      await page.waitForURL((url) => url.searchParams.get("at") === first);
      const note = page.getByTestId("as-of-note");
      await note.waitFor();
      await eventually(
        () => note.textContent(),
        (text) => (text ?? "").includes(`${past.battles} votes`),
      );
      assert.match((await note.textContent()) ?? "", new RegExp(`${past.battles} votes`));

      // Every row of that day's table, each with its move since.
      const rows = page.getByTestId("leaderboard-row");
      await eventually(
        () => rows.count(),
        (count) => count === past.rows.length,
      );
      for (const row of past.rows.filter((candidate) => !candidate.provisional)) {
        const nowRank = today.rows.find((candidate) => candidate.model === row.model)!.rank;
        const cell = page.locator(`[data-testid="leaderboard-row"][data-model="${row.model}"] .rank-change`);
        const label = (await cell.getAttribute("aria-label")) ?? "";
        const places = row.rank - nowRank;
        if (places === 0) assert.equal(label, "Same rank today");
        else assert.match(label, new RegExp(`${Math.abs(places)} places? ${places > 0 ? "higher" : "lower"} today`));
      }

      // The URL alone gives the same view (it can be shared), and "Today" goes back.
      await page.goto(`/leaderboard?at=${first}`);
      await page.getByTestId("as-of-note").waitFor();
      assert.equal(await page.getByTestId("as-of").inputValue(), first);
      await page.getByTestId("as-of-today").click();
      await page.waitForURL((url) => !url.searchParams.has("at"));
      await page.getByTestId("as-of-note").waitFor({ state: "detached" });
    });
  });

  describe("the catalogue: rating against price", function () {
    const dbFile = tempDbFile();
    // Gamma, the best rated and the dearest, is archived with too few votes to rank: still on the board.
    before(() =>
      injectVotes(dbFile, [
        ...duel("tiny-alpha", "tiny-beta", 12, 8, daysAgo(1)),
        ...duel("tiny-gamma", "tiny-alpha", 4, 3, daysAgo(1)),
        ...duel("tiny-gamma", "tiny-beta", 4, 3, daysAgo(1)),
      ]),
    );
    const fixture = useBrowser({
      dbFile,
      leaderboard: { minVotes: 10 },
      catalog: {
        models: {
          "tiny-alpha": { displayName: "Tiny Alpha", organization: "Arena tests", priceInput: 0.2, priceOutput: 0.6 },
          "tiny-beta": { priceInput: 3, priceOutput: 15, license: "apache-2.0", url: "https://example.org/beta" },
          "tiny-gamma": { priceInput: 10, priceOutput: 30, status: "archived" },
        },
        file: undefined,
      },
    });

    it("draws each priced model against its rating and highlights the Pareto front", async function () {
      this.timeout(30_000);
      const board = (await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard`)).body;
      const models = (await getJson<ModelsResponse>(`${fixture.server.url}/api/models`)).body.models;
      const price = (id: string) => {
        const info = models.find((model) => model.id === id)!;
        return (info.priceInput! * 3 + info.priceOutput!) / 4;
      };
      // By the definition: on the front unless another model is at most as dear and at least as good, better on one.
      const expected = board.rows
        .filter(
          (row) =>
            !board.rows.some(
              (other) =>
                price(other.model) <= price(row.model) &&
                other.rating >= row.rating &&
                (price(other.model) < price(row.model) || other.rating > row.rating),
            ),
        )
        .map((row) => row.model)
        .sort();

      const page = await fixture.context.newPage();
      await page.goto("/leaderboard");
      const chart = page.getByTestId("price-chart");
      await chart.waitFor({ timeout: 10_000 });
      const points = await page
        .getByTestId("price-point")
        .evaluateAll((elements) =>
          elements.map((element) => [element.getAttribute("data-model"), element.getAttribute("data-front")]),
        );
      assert.deepEqual(points.map(([model]) => model).sort(), board.rows.map((row) => row.model).sort());
      assert.deepEqual(
        points
          .filter(([, front]) => front === "true")
          .map(([model]) => model)
          .sort(),
        expected,
      );
      assert.match((await chart.getAttribute("aria-label")) ?? "", /On the Pareto front, cheapest first: /);
      assert.equal(await page.getByTestId("pareto-front").count(), 1);

      // Gamma is archived, and preliminary, and keeps its row.
      const gamma = page.locator('[data-testid="leaderboard-row"][data-model="tiny-gamma"]');
      assert.equal(await gamma.getByTestId("archived-badge").count(), 1);
      assert.equal(await gamma.getByTestId("preliminary-badge").count(), 1);
      const alpha = page.locator('[data-testid="leaderboard-row"][data-model="tiny-alpha"]');
      assert.equal(await alpha.getByTestId("archived-badge").count(), 0);
      assert.equal(await alpha.getByTestId("preliminary-badge").count(), 0);
    });

    it("shows a model's catalogue fields and its lifecycle on its page", async function () {
      this.timeout(20_000);
      const page = await fixture.context.newPage();
      await page.goto("/model/tiny-alpha");
      const catalog = page.getByTestId("model-catalog");
      await catalog.waitFor();
      const text = (await catalog.textContent()) ?? "";
      assert.match(text, /Tiny Alpha/);
      assert.match(text, /Arena tests/);
      assert.match(text, /\$0\.2 per million tokens/);
      assert.equal(await page.getByTestId("model-status").getAttribute("data-status"), "active");

      await page.goto("/model/tiny-gamma");
      await page.getByTestId("model-catalog").waitFor();
      assert.equal(await page.getByTestId("model-status").getAttribute("data-status"), "archived");
      assert.equal(await page.getByTestId("model-preliminary").count(), 1);
    });
  });
});
