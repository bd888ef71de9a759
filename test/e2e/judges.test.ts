/**
 * The judge view of the leaderboard in a real browser, against the real server with a local scripted
 * OpenAI-compatible judge (fakeOpenAI.ts): a person votes, the judge judges in the background, and
 * the page shows the judge's own table (`?judge=`), its agreement with the people and the people's
 * table beside the judge's — in English and in French.
 */
import assert from "node:assert/strict";

import type { JudgesResponse, JudgeSummary } from "@arena/shared/judges";
import type { Leaderboard, Winner } from "@arena/shared/protocol";
import type { Page } from "playwright-core";

import { judgeSchema } from "../../server/src/judges/judgeConfig.ts";
import { useBrowser } from "../support/browser.ts";
import { type FakeOpenAI, judgeScript, type ShownPair, startFakeOpenAI } from "../support/fakeOpenAI.ts";
import { getJson, type TestServerOptions, voteBattles } from "../support/server.ts";

// A judge id with the characters a real one has (Ollama's `model:tag`), so the URL escapes it.
const JUDGE = "qwen2.5:7b-judge";
const VOTES = 12;
const NBSP = "\u00a0";

/** Prefers whichever answer is Alpha's (tiny-pack's answers start with the model's name); a tie between the others. */
function prefersAlpha(shown: ShownPair): string {
  const a = shown.answersA[0]!.startsWith("Alpha");
  const b = shown.answersB[0]!.startsWith("Alpha");
  return a ? "Assistant A is better.\n\n[[A]]" : b ? "Assistant B wins.\n\n[[B]]" : "Equally good. [[C]]";
}

/** Polls `read` until `accept` holds; fails after `timeoutMs`. */
async function until<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The `data-model` of every element with that test id, in page order. */
async function modelsOf(page: Page, testId: string): Promise<string[]> {
  return page
    .getByTestId(testId)
    .evaluateAll((elements) => elements.map((element) => element.getAttribute("data-model") ?? ""));
}

describe("the judge view of the leaderboard in a browser", function () {
  let fake: FakeOpenAI;
  const options: TestServerOptions = { leaderboard: { minVotes: 1 } };
  // Registered before useBrowser's own hook, so the server starts with the judge pointing at the fake.
  before(async () => {
    fake = await startFakeOpenAI({ models: { [JUDGE]: judgeScript(prefersAlpha) } });
    const judge = judgeSchema.parse({
      id: JUDGE,
      type: "openai",
      baseURL: fake.baseURL,
      model: JUDGE,
      firstTokenTimeoutMs: 2_000,
      totalTimeoutMs: 5_000,
    });
    options.judges = { judges: [judge], pool: {}, pollMs: 100 };
  });
  after(async () => {
    await fake?.close();
  });
  const fixture = useBrowser(options);

  const judgeSummary = async (): Promise<JudgeSummary> => {
    const { body } = await getJson<JudgesResponse>(`${fixture.server.url}/api/judges`);
    return body.judges.find((judge) => judge.id === JUDGE)!;
  };

  before(async function () {
    this.timeout(60_000);
    // One vote through the page, as a person casts it.
    const context = await fixture.browser.newContext({ baseURL: fixture.server.url });
    const page = await context.newPage();
    await page.goto("/");
    const vote = page.getByTestId("vote-a");
    await vote.waitFor();
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="vote-a"]')?.disabled);
    await vote.click();
    await page.getByTestId("reveal-a").waitFor();
    await context.close();
    // The rest over a socket, quicker.
    const winners: Winner[] = ["a", "b", "tie", "a", "b", "bothbad"];
    await voteBattles(
      fixture.server.url,
      Array.from({ length: VOTES - 1 }, (_, index) => winners[(index + 1) % winners.length]!),
    );
    await until(
      "the judge to judge every voted battle",
      judgeSummary,
      (judge) => judge?.judged === VOTES && judge.pending === 0,
    );
  });

  it("shows the judge's table, its agreement with the people and both tables side by side", async function () {
    const summary = await judgeSummary();
    const { body: judgeTable } = await getJson<Leaderboard>(
      `${fixture.server.url}/api/leaderboard?judge=${encodeURIComponent(JUDGE)}`,
    );
    const { body: peopleTable } = await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard`);
    assert.equal(judgeTable.judge, JUDGE);
    assert.ok(judgeTable.rows.length >= 2, "the judge's table has models");

    const page = await fixture.context.newPage();
    await page.goto("/leaderboard");
    // Beside the people's table: every judge with its agreement.
    const overview = page.locator(`[data-testid="judges-overview-row"][data-judge="${JUDGE}"]`);
    await overview.waitFor();
    assert.match((await overview.textContent()) ?? "", new RegExp(`${summary.counts.withTies.total} battles`));

    await page.getByTestId("judge-filter").selectOption(JUDGE);
    await page.waitForURL((url) => url.searchParams.get("judge") === JUDGE);
    await page.getByTestId("judge-notice").waitFor();
    assert.match((await page.getByTestId("judge-notice").textContent()) ?? "", /not from people’s votes/);

    // The table is the judge's, in its order.
    await until(
      "the judge's table",
      () => modelsOf(page, "leaderboard-row"),
      (models) => models.join() === judgeTable.rows.map((row) => row.model).join(),
    );

    // The panel: agreement in both setups, with the server's counts.
    const panel = page.getByTestId("judge-panel");
    await panel.waitFor();
    const withTies = page.locator('[data-testid="judge-agreement-row"][data-setup="withTies"]');
    await withTies.waitFor();
    const { agree, total, ratio } = summary.counts.withTies;
    assert.equal(total, VOTES, "every voted battle judged and compared");
    assert.equal((await withTies.getByTestId("agreement-count").textContent())?.trim(), `${agree} of ${total} battles`);
    assert.equal(
      (await withTies.getByTestId("agreement-ratio").textContent())?.trim(),
      `${(ratio! * 100).toFixed(1)}%`,
    );
    const withoutTies = page.locator('[data-testid="judge-agreement-row"][data-setup="withoutTies"]');
    const without = summary.counts.withoutTies;
    assert.equal(
      (await withoutTies.getByTestId("agreement-count").textContent())?.trim(),
      `${without.agree} of ${without.total} ${without.total === 1 ? "battle" : "battles"}`,
    );
    // Fewer than 50 battles: the panel says the figure is still uncertain.
    await page.locator('[data-testid="judge-warnings"] [data-warning="fewBattles"]').waitFor();

    // The people's table beside the judge's: one row per model, the ranks of both, the judge's shift.
    await page.getByTestId("judge-rank-row").first().waitFor();
    const rows = await page.getByTestId("judge-rank-row").evaluateAll((elements) =>
      elements.map((element) => ({
        model: element.getAttribute("data-model"),
        people: element.getAttribute("data-people-rank"),
        judge: element.getAttribute("data-judge-rank"),
        shift: element.getAttribute("data-shift"),
      })),
    );
    const rankIn = (table: Leaderboard, model: string) => {
      const row = table.rows.find((candidate) => candidate.model === model);
      return row && !row.provisional ? String(row.rank) : "";
    };
    assert.deepEqual(
      [...rows.map((row) => row.model)].sort(),
      [...new Set([...peopleTable.rows, ...judgeTable.rows].map((row) => row.model))].sort(),
    );
    for (const row of rows) {
      assert.equal(row.people, rankIn(peopleTable, row.model!), `${row.model}'s rank with the people`);
      assert.equal(row.judge, rankIn(judgeTable, row.model!), `${row.model}'s rank with the judge`);
      if (row.people && row.judge) assert.equal(Number(row.shift), Number(row.people) - Number(row.judge));
    }
    // A shift is said in words too, not by colour or arrow alone.
    const shiftLabels = await page
      .getByTestId("judge-rank-row")
      .locator('[role="img"]')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute("aria-label") ?? ""));
    for (const label of shiftLabels) assert.match(label, /rank|higher|lower/);

    // Back to the people's table.
    await page.getByTestId("judge-filter").selectOption("");
    await page.waitForURL((url) => !url.searchParams.has("judge"));
    await page.getByTestId("judges-overview").waitFor();
    assert.equal(await page.getByTestId("judge-notice").count(), 0);
  });

  it("shows the same in French, with French numbers", async function () {
    const summary = await judgeSummary();
    const page = await fixture.context.newPage();
    await page.addInitScript(() => localStorage.setItem("arena.uiLanguage", "fr"));
    await page.goto(`/leaderboard?judge=${encodeURIComponent(JUDGE)}`);
    const withTies = page.locator('[data-testid="judge-agreement-row"][data-setup="withTies"]');
    await withTies.waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "fr");
    const { agree, total, ratio } = summary.counts.withTies;
    assert.equal((await withTies.getByTestId("agreement-count").textContent())?.trim(), `${agree} sur ${total} duels`);
    assert.equal(
      (await withTies.getByTestId("agreement-ratio").textContent())?.trim(),
      `${(ratio! * 100).toFixed(1).replace(".", ",")}${NBSP}%`,
    );
    assert.match((await page.getByTestId("judge-notice").textContent()) ?? "", /pas à partir des votes/);
    assert.match((await page.getByTestId("judge-panel").locator("h2").textContent()) ?? "", /face aux votants/);
    await page.getByTestId("judge-rank-row").first().waitFor();
  });

  it("fits a 320 px phone screen without sideways scrolling of the page", async function () {
    const context = await fixture.browser.newContext({
      baseURL: fixture.server.url,
      viewport: { width: 320, height: 640 },
    });
    try {
      const page = await context.newPage();
      await page.goto(`/leaderboard?judge=${encodeURIComponent(JUDGE)}`);
      await page.getByTestId("judge-rank-row").first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `the page is ${width} px wide`);
    } finally {
      await context.close();
    }
  });

  it("follows new verdicts live: the judge's table and the panel's counts grow without a reload", async function () {
    const before = await judgeSummary();
    const page = await fixture.context.newPage();
    await page.goto(`/leaderboard?judge=${encodeURIComponent(JUDGE)}`);
    const count = page
      .locator('[data-testid="judge-agreement-row"][data-setup="withTies"]')
      .getByTestId("agreement-count");
    await count.waitFor();
    assert.match((await count.textContent()) ?? "", new RegExp(`of ${before.counts.withTies.total} battles`));

    await voteBattles(fixture.server.url, ["a"]);
    const total = before.counts.withTies.total + 1;
    await until(
      "the panel to count the new verdict",
      async () => (await count.textContent()) ?? "",
      (text) => text.includes(`of ${total} battles`),
    );
    // The table itself is the pushed one: its status line counts the new verdict.
    await until(
      "the judge's table to count it",
      async () => (await page.locator(".board-status").textContent()) ?? "",
      (text) => text.includes(`${total} judged battles`),
    );
  });

  it("says so when the URL names a judge the server does not have", async function () {
    const page = await fixture.context.newPage();
    await page.goto("/leaderboard?judge=no-such-judge");
    await page
      .getByRole("alert")
      .filter({ hasText: /no-such-judge|not_found/ })
      .waitFor();
    // The selector still offers the way back to the people's table.
    await page.getByTestId("judge-filter").selectOption("");
    await page.waitForURL((url) => !url.searchParams.has("judge"));
    await page.getByTestId("leaderboard-row").first().waitFor();
  });
});
