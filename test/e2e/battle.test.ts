/**
 * The page in a real browser against the real server: a battle from prompt to reveal, the live
 * leaderboard, and the language and category filters in the URL. Elements are found by the contract's
 * `data-testid` hooks only, so the page's markup and styling can change freely.
 */
import assert from "node:assert/strict";

import type { CategoriesResponse } from "@arena/shared/protocol";
import type { Page } from "playwright-core";

import { useBrowser } from "../support/browser.ts";
import { type FakeMessage, startFakeOpenAI } from "../support/fakeOpenAI.ts";
import {
  CLIENT_DIST,
  connectClient,
  expectOk,
  getJson,
  liveModel,
  playBattle,
  request,
  startTestServer,
} from "../support/server.ts";

// Slow enough that the answers are still streaming while the test looks at the vote buttons, even
// on a loaded machine (at 40 ms the tiny pack's answers were done in 0.3 s, and the check raced
// them), fast enough for a quick suite.
const STREAM_DELAY_MS = 150;
const ANSWER_TIMEOUT_MS = 15_000;

/** Polls `read` until it returns something other than `previous`; the value it settled on. */
async function changedFrom(read: () => Promise<string | null>, previous: string | null, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== previous) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(previous)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until both answers have ended well, which is when the vote buttons turn on. */
async function waitForAnswers(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="vote-a"]:not([disabled])', { timeout: ANSWER_TIMEOUT_MS });
}

/** Votes and returns the revealed model ids. */
async function voteAndReveal(page: Page, testId: string): Promise<{ a: string; b: string }> {
  await page.getByTestId(testId).click();
  const a = (await page.getByTestId("reveal-a").textContent())?.trim() ?? "";
  const b = (await page.getByTestId("reveal-b").textContent())?.trim() ?? "";
  return { a, b };
}

describe("the page in a browser", function () {
  const fixture = useBrowser({ battles: { streamDelayMs: STREAM_DELAY_MS } });

  it("plays a battle from the pool, keeps voting closed while it streams, and reveals two different models after the vote", async function () {
    this.timeout(30_000);
    const page = await fixture.context.newPage();
    await page.goto("/");

    const prompt = (await page.getByTestId("battle-prompt").textContent())?.trim() ?? "";
    assert.notEqual(prompt, "", "a prompt from the pool is shown");
    for (const vote of ["vote-a", "vote-b", "vote-tie", "vote-bothbad"]) {
      assert.equal(await page.getByTestId(vote).isDisabled(), true, `${vote} is disabled while the answers stream`);
    }

    await waitForAnswers(page);
    assert.notEqual((await page.getByTestId("answer-a").textContent())?.trim(), "", "answer A arrived");
    assert.notEqual((await page.getByTestId("answer-b").textContent())?.trim(), "", "answer B arrived");
    assert.equal(await page.getByTestId("reveal-a").count(), 0, "the models stay hidden before the vote");

    const revealed = await voteAndReveal(page, "vote-a");
    const { models } = (await (await fetch(`${fixture.server.url}/api/models`)).json()) as {
      models: Array<{ id: string }>;
    };
    const ids = models.map((model) => model.id);
    assert.ok(ids.includes(revealed.a), `reveal-a names a model: ${revealed.a}`);
    assert.ok(ids.includes(revealed.b), `reveal-b names a model: ${revealed.b}`);
    assert.notEqual(revealed.a, revealed.b, "the two sides are different models");
    assert.equal(await page.getByTestId("vote-b").isDisabled(), true, "voting closes after the vote");

    await page.getByTestId("new-battle").click();
    await page.getByTestId("reveal-a").waitFor({ state: "detached" });
    await page.getByTestId("battle-prompt").waitFor();
  });

  it("runs a live battle on the voter's own prompt: both answers stream, a follow-up adds a turn to both columns, the vote reveals the pair", async function () {
    this.timeout(60_000);
    // Each fake model answers with the number of the turn it is on, counted from the conversation it
    // was sent, so the page's columns show whether every turn arrived (and in order).
    const replies = (voice: string) => (messages: FakeMessage[]) => {
      const turn = messages.filter((message) => message.role === "user").length;
      return [`Reply ${voice} `, `to turn ${turn}: `, "some ", "words ", "that ", "arrive ", "one ", "by ", "one."];
    };
    const fake = await startFakeOpenAI({
      models: {
        north: { chunks: replies("N"), delayMs: 60, firstDelayMs: 100 },
        south: { chunks: replies("S"), delayMs: 80, firstDelayMs: 100 },
      },
    });
    const live = await startTestServer({
      server: { clientDist: CLIENT_DIST },
      // Generous timeouts: a loaded machine must not turn a slow answer into a failed one here.
      live: {
        models: ["north", "south"].map((id) =>
          liveModel(id, fake.baseURL, { firstTokenTimeoutMs: 10_000, totalTimeoutMs: 20_000 }),
        ),
      },
    });
    try {
      const page = await fixture.context.newPage();
      await page.goto(`${live.url}/`);
      const input = page.getByTestId("prompt-input");
      await input.waitFor();

      // The page opens on a pool battle; the own prompt replaces it once the server accepted it.
      const shownPrompt = async () => (await page.getByTestId("battle-prompt").textContent())?.trim() ?? null;
      await page.getByTestId("battle-prompt").waitFor();
      const poolPrompt = await shownPrompt();
      const prompt = "Write a haiku about the sea.";
      await input.fill(prompt);
      await input.press("Enter");
      assert.equal(await changedFrom(shownPrompt, poolPrompt), prompt);
      assert.equal(await page.getByTestId("vote-a").isDisabled(), true, "voting is closed while the answers stream");
      await waitForAnswers(page);
      for (const side of ["answer-a", "answer-b"]) {
        assert.match(
          (await page.getByTestId(side).textContent()) ?? "",
          /to turn 1: some words that arrive one by one\./,
        );
      }

      const followUp = page.getByPlaceholder("Ask both models a follow-up…");
      await followUp.fill("Now make it rhyme.");
      await followUp.press("Enter");
      await page.waitForSelector('[data-testid="vote-a"][disabled]', { timeout: 5_000 });
      await waitForAnswers(page);
      for (const side of ["answer-a", "answer-b"]) {
        const text = (await page.getByTestId(side).textContent()) ?? "";
        assert.match(
          text,
          /to turn 1: .*Now make it rhyme\..*to turn 2: some words that arrive one by one\./s,
          `${side} holds both turns in order`,
        );
      }

      const revealed = await voteAndReveal(page, "vote-tie");
      assert.deepEqual([revealed.a, revealed.b].sort(), ["north", "south"], "the reveal names both live models");
      assert.equal(await followUp.count(), 0, "no follow-up after the vote");
    } finally {
      await live.close();
      await fake.close();
    }
  });

  it("updates the leaderboard in another page, without a reload, when a vote is given", async function () {
    this.timeout(30_000);
    const board = await fixture.context.newPage();
    await board.goto("/leaderboard");
    await board.getByTestId("leaderboard").waitFor();

    const battle = await fixture.context.newPage();
    await battle.goto("/");
    await waitForAnswers(battle);

    // The revealed models are only known after the vote, so every row is read beforehand.
    const rowsBefore = new Map<string, string>();
    for (const row of await board.getByTestId("leaderboard-row").all()) {
      rowsBefore.set((await row.getAttribute("data-model")) ?? "", (await row.textContent()) ?? "");
    }

    const revealed = await voteAndReveal(battle, "vote-b");
    for (const model of [revealed.a, revealed.b]) {
      const row = board.locator(`[data-testid="leaderboard-row"][data-model="${model}"]`);
      const read = async () => ((await row.count()) === 0 ? null : await row.textContent());
      // A row appears for a model's first vote, or its votes count changes.
      await changedFrom(read, rowsBefore.get(model) ?? null);
    }
  });

  it("selects the language filter named in the URL", async function () {
    this.timeout(15_000);
    const page = await fixture.context.newPage();
    await page.goto("/leaderboard?language=fr");
    await page.getByTestId("leaderboard").waitFor();
    assert.equal(await page.getByTestId("language-filter").inputValue(), "fr");

    await page.getByTestId("language-filter").selectOption("");
    await page.waitForURL((url) => !url.searchParams.has("language"));
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get("language") === "fr");
    assert.equal(await page.getByTestId("language-filter").inputValue(), "fr", "the back button restores the filter");
  });

  it("narrows the table to the category chosen, keeps it in the URL, and shows the head-to-head grid", async function () {
    this.timeout(30_000);
    // Votes over a socket (quicker than through the page) until two pack categories have votes, so
    // the smaller one is a table of its own, different from the overall one.
    const voter = await connectClient(fixture.server.url);
    let categories: CategoriesResponse["categories"] = [];
    try {
      for (let votes = 0; votes < 30 && categories.length < 2; votes++) {
        const battle = await playBattle(voter);
        expectOk(
          await request(voter, "battle:vote", { battleId: battle.battleId, winner: votes % 3 === 0 ? "b" : "a" }),
        );
        categories = (await getJson<CategoriesResponse>(`${fixture.server.url}/api/categories`)).body.categories;
      }
    } finally {
      voter.disconnect();
    }
    assert.ok(categories.length >= 2, `votes in two categories: ${JSON.stringify(categories)}`);
    const smallest = categories.at(-1)!.name;

    const page = await fixture.context.newPage();
    await page.goto("/leaderboard");
    await page.getByTestId("leaderboard-row").first().waitFor();
    const readRows = async () => (await page.getByTestId("leaderboard-row").allTextContents()).join("\n");
    const overall = await readRows();

    await page.getByTestId("category-filter").selectOption(smallest);
    await page.waitForURL((url) => url.searchParams.get("category") === smallest && !url.searchParams.has("language"));
    // No rows while the category's table loads: that is not the change looked for.
    await changedFrom(async () => (await readRows()) || overall, overall);
    await page.getByTestId("heatmap").waitFor();

    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has("category"));
    assert.equal(await page.getByTestId("category-filter").inputValue(), "", "the back button restores all categories");
  });
});
