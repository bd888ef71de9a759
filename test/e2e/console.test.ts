/**
 * The operator's console at /admin in a real browser: nothing shows without the right token, an
 * exclusion moves the leaderboard, the token lives only in the tab, and voters never load its code.
 */
import assert from "node:assert/strict";
import fs from "node:fs";

import type { Leaderboard } from "@arena/shared/protocol";
import type { Page } from "playwright-core";

import { judgeSchema } from "../../server/src/judges/judgeConfig.ts";
import { useBrowser } from "../support/browser.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../support/fakeOpenAI.ts";
import { injectVotes, sessionHashOf } from "../support/injectVotes.ts";
import { getJson, tempDbFile, type TestServerOptions, voteBattles } from "../support/server.ts";

const TOKEN = "console-token-for-tests-0123456789abcdef";
const dbFile = tempDbFile();

/** Ten votes from "fan-of-alpha" for tiny-alpha, four from "fan-of-beta" for tiny-beta. */
const VOTES = Array.from({ length: 14 }, (_, i) => ({
  session: i < 10 ? "fan-of-alpha" : "fan-of-beta",
  modelA: "tiny-alpha",
  modelB: "tiny-beta",
  winner: (i < 10 ? "a" : "b") as "a" | "b",
}));

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto("/admin");
  const field = page.getByTestId("admin-token");
  await field.fill(token);
  await field.press("Enter");
}

describe("the operator's console", function () {
  this.timeout(60_000);
  before(() => injectVotes(dbFile, VOTES));
  const fixture = useBrowser({ dbFile, admin: { token: TOKEN }, integrity: { anomalyCheckMinutes: 0 } });

  it("shows nothing of the sessions with a wrong token, and says why", async () => {
    const page = await fixture.context.newPage();
    await signIn(page, "not-the-token");
    await page.getByRole("alert").filter({ hasText: "not this server’s admin token" }).waitFor();
    assert.equal(await page.getByTestId("admin-sessions").count(), 0);
    assert.equal(await page.getByTestId("admin-token").isVisible(), true);
  });

  it("signs in with Enter, excludes a session by keyboard, and the leaderboard moves", async () => {
    const page = await fixture.context.newPage();
    await signIn(page, TOKEN);
    const sessions = page.getByTestId("admin-sessions");
    await sessions.waitFor();
    const beta = sessions.locator(`tr[data-session="${sessionHashOf("fan-of-beta")}"]`);
    assert.deepEqual(
      await beta
        .locator("td")
        .allTextContents()
        .then((cells) => cells.slice(0, 2)),
      ["4", "4"],
    );

    const before = (await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard`)).body;
    assert.equal(before.battles, 14);
    assert.equal(before.rows.find((row) => row.model === "tiny-beta")!.wins, 4);

    await beta.getByRole("button", { name: "Exclude…" }).click();
    const reason = page.getByTestId("admin-reason");
    await reason.fill("votes only for tiny-beta");
    await reason.press("Enter");
    await beta.filter({ hasText: "Excluded (admin): votes only for tiny-beta" }).waitFor();
    assert.deepEqual(
      await beta
        .locator("td")
        .allTextContents()
        .then((cells) => cells.slice(0, 2)),
      ["4", "0"],
    );

    const after = (await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard`)).body;
    assert.equal(after.battles, 10);
    assert.equal(after.rows.find((row) => row.model === "tiny-beta")!.wins, 0);
    await page.goto("/leaderboard");
    const betaRow = page.locator('[data-testid="leaderboard-row"][data-model="tiny-beta"]');
    await betaRow.waitFor();
    assert.match((await betaRow.textContent()) ?? "", /\b10\b/, "tiny-beta's ten battles, all lost, are what is left");

    // Restoring brings the votes back.
    await page.goto("/admin");
    await sessions.waitFor();
    await beta.getByRole("button", { name: "Restore…" }).click();
    await page.getByRole("button", { name: "Restore this session" }).click();
    await beta.filter({ hasText: "Restored (admin)" }).waitFor();
    assert.equal((await getJson<Leaderboard>(`${fixture.server.url}/api/leaderboard`)).body.battles, 14);
  });

  it("keeps the token for this tab only: a reload stays signed in, another tab asks again", async () => {
    const page = await fixture.context.newPage();
    await signIn(page, TOKEN);
    await page.getByTestId("admin-sessions").waitFor();
    await page.reload();
    await page.getByTestId("admin-sessions").waitFor();
    const other = await fixture.context.newPage();
    await other.goto("/admin");
    await other.getByTestId("admin-token").waitFor();
    assert.equal(await other.getByTestId("admin-sessions").count(), 0);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByTestId("admin-token").waitFor();
    await page.reload();
    await page.getByTestId("admin-token").waitFor();
  });

  it("speaks French, shows the models and runs the anomaly check", async () => {
    const page = await fixture.context.newPage();
    await page.addInitScript(() => localStorage.setItem("arena.uiLanguage", "fr"));
    await signIn(page, TOKEN);
    await page.getByRole("heading", { name: "Sessions de votants" }).waitFor();
    const models = page.getByTestId("admin-models");
    await models.waitFor();
    assert.deepEqual(await models.locator("tbody th").allTextContents(), ["tiny-alpha", "tiny-beta", "tiny-gamma"]);
    await page.getByRole("button", { name: "Lancer la détection" }).click();
    await page.getByTestId("admin-check-result").filter({ hasText: "2 sessions examinées" }).waitFor();
  });

  it("downloads an export as a file, the token sent in a header and never in a URL", async () => {
    const page = await fixture.context.newPage();
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    await signIn(page, TOKEN);
    await page.getByTestId("admin-sessions").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("admin-export-jsonl").click(),
    ]);
    assert.match(download.suggestedFilename(), /^arena-battles-\d{8}T\d{6}Z\.jsonl$/);
    const file = await download.path();
    const lines = fs.readFileSync(file, "utf8").trim().split("\n");
    assert.equal(lines.length, VOTES.length);
    assert.deepEqual(
      urls.filter((url) => url.includes(TOKEN)),
      [],
    );
  });

  it("is never downloaded by a voter", async () => {
    const page = await fixture.context.newPage();
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });
    await page.goto("/");
    await page.getByTestId("battle-prompt").waitFor();
    await page.goto("/leaderboard");
    await page.getByTestId("leaderboard").waitFor();
    assert.ok(scripts.length > 0);
    assert.deepEqual(
      scripts.filter((url) => /admin/i.test(url)),
      [],
    );
  });
});

describe("the operator's console with a judge whose endpoint fails", function () {
  this.timeout(60_000);
  let fake: FakeOpenAI;
  const options: TestServerOptions = { admin: { token: TOKEN } };
  // Before useBrowser's own hook, so the server starts with the judge pointing at the fake.
  before(async () => {
    fake = await startFakeOpenAI({ models: { "broken-judge": { fault: "http500" } } });
    const judge = judgeSchema.parse({
      id: "broken-judge",
      type: "openai",
      baseURL: fake.baseURL,
      model: "judge-model-name",
      firstTokenTimeoutMs: 2_000,
      totalTimeoutMs: 5_000,
    });
    options.judges = { judges: [judge], pool: { cooldownMs: 200 }, pollMs: 100 };
  });
  after(() => fake?.close());
  const fixture = useBrowser(options);

  it("shows the judge's failures and last error, and queues them again on request", async () => {
    await voteBattles(fixture.server.url, ["a"]);
    const page = await fixture.context.newPage();
    await signIn(page, TOKEN);
    const row = page.locator('[data-testid="admin-judges"] tr[data-judge="broken-judge"]');
    await row.waitFor();
    assert.equal(await row.locator("td").first().textContent(), "judge-model-name");
    // The judge tries a few times before a judging counts as failed: read again until it does.
    const deadline = Date.now() + 30_000;
    while (((await row.locator("td").nth(5).textContent()) ?? "0") === "0" && Date.now() < deadline) {
      await page.waitForTimeout(300);
      await page.getByRole("region", { name: "Judges" }).getByRole("button", { name: "Refresh" }).click();
    }
    assert.notEqual(await row.locator("td").nth(5).textContent(), "0", "a failed judging is counted");
    assert.match((await row.locator("td").nth(6).textContent()) ?? "", /\d/, "the last error has its time");
    await row.getByRole("button", { name: "Retry failures" }).click();
    await page.getByText(/failed judgings of broken-judge are queued again/).waitFor();
  });
});
