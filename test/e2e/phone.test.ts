// page.evaluate callbacks run in the browser: typed with the DOM library (test/tsconfig.json has only Node's).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page on a phone and on a slow first visit, in a real browser against the real server: what the
 * first page downloads, that streaming answers do not move the page, the vote bar's share of a small
 * screen, the phone leaderboard's columns, one request per list, and axe-core's verdict.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";

import type { Leaderboard } from "@arena/shared/protocol";
import type { BrowserContext, Page } from "playwright-core";

import { useBrowser } from "../support/browser.ts";
import { DEMO_PACK, voteBattles } from "../support/server.ts";

const ANSWER_TIMEOUT_MS = 15_000;
const VOTES = ["vote-a", "vote-b", "vote-tie", "vote-bothbad"];
/** The narrowest phone in use (iPhone SE 1st gen.) and a large one (Pixel XL class). */
const SMALL_PHONE = { width: 320, height: 568 };
const LARGE_PHONE = { width: 412, height: 823 };

describe("the page on phones and first visits", function () {
  // A little pause between streamed pieces, so the answers grow over many frames as they do live.
  const fixture = useBrowser({ packs: [DEMO_PACK], battles: { streamDelayMs: 5 } });

  before(async function () {
    this.timeout(30_000);
    // Votes in two languages, so the leaderboard, its filters and a model's page have content.
    await voteBattles(fixture.server.url, ["a", "b", "tie", "a"]);
  });

  const phoneContext = (viewport: { width: number; height: number }, extra: object = {}) =>
    fixture.browser.newContext({
      baseURL: fixture.server.url,
      viewport,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      ...extra,
    });

  async function openPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  async function waitForAnswers(page: Page): Promise<void> {
    await page.waitForSelector('[data-testid="vote-a"]:not([disabled])', { timeout: ANSWER_TIMEOUT_MS });
  }

  /** Before the page's own scripts: every layout shift not caused by input, as Lighthouse counts them. */
  async function observeLayoutShifts(page: Page): Promise<void> {
    await page.addInitScript(() => {
      const shifts: Array<{ value: number; sources: string[] }> = [];
      (window as unknown as { __shifts: typeof shifts }).__shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<
          PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Array<{ node?: Node }> }
        >) {
          if (entry.hadRecentInput) continue;
          const sources = (entry.sources ?? []).map((source) =>
            source.node instanceof Element
              ? `${source.node.tagName.toLowerCase()}.${source.node.className}`
              : String(source.node?.nodeName),
          );
          shifts.push({ value: entry.value, sources });
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
  }

  async function assertLittleLayoutShift(page: Page): Promise<void> {
    // Two frames after the last change, so its layout has been observed.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const shifts = await page.evaluate(
      () => (window as unknown as { __shifts: Array<{ value: number; sources: string[] }> }).__shifts,
    );
    const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
    // Lighthouse calls a CLS below 0.1 good; a reserved layout stays far below it.
    assert.ok(total < 0.02, `cumulative layout shift ${total.toFixed(4)}: ${JSON.stringify(shifts)}`);
  }

  describe("the first battle", function () {
    it("is served with its stylesheet inline: nothing but the HTML blocks the first paint", async function () {
      const html = await (await fetch(`${fixture.server.url}/`)).text();
      // The one stylesheet link is `disabled`, never fetched: it tells Vite's chunk loader the styles are there.
      const links = html.match(/<link[^>]*rel="stylesheet"[^>]*>/g) ?? [];
      assert.deepEqual(
        links.filter((link) => !/\sdisabled[\s>]/.test(link)),
        [],
        "no enabled stylesheet link in index.html",
      );
      assert.match(html, /<style>[^<]*\.vote-bar/, "the page's styles are in index.html");
    });

    it("downloads neither the leaderboard's, the charts' nor the model page's code", async function () {
      this.timeout(30_000);
      const page = await openPage(fixture.context);
      const scripts: string[] = [];
      page.on("request", (sent) => {
        if (sent.resourceType() === "script") scripts.push(new URL(sent.url()).pathname);
      });
      await page.goto("/");
      await waitForAnswers(page);
      assert.ok(scripts.length > 0, "the page loads scripts");
      const pagesCode = scripts.filter((script) => /LeaderboardPage|LeaderboardCharts|ModelPage/.test(script));
      assert.deepEqual(pagesCode, [], `the battle loads only its own code: ${scripts.join(", ")}`);
    });

    for (const [name, viewport] of [
      ["a phone", SMALL_PHONE],
      ["a large phone", LARGE_PHONE],
      ["a desktop", { width: 1280, height: 800 }],
    ] as const) {
      it(`does not shift the layout while the answers stream, on ${name} (${viewport.width}×${viewport.height})`, async function () {
        this.timeout(30_000);
        const context = await phoneContext(viewport, viewport.width > 600 ? { isMobile: false, hasTouch: false } : {});
        try {
          const page = await openPage(context);
          await observeLayoutShifts(page);
          await page.goto("/");
          await page.getByTestId("battle-prompt").waitFor();
          await waitForAnswers(page);
          await assertLittleLayoutShift(page);
        } finally {
          await context.close();
        }
      });
    }
  });

  describe("a model's page on a desktop (1280×800)", function () {
    /** A model with votes (the battles above drew it), so its page has every part. */
    async function votedModel(): Promise<string> {
      const board = (await (await fetch(`${fixture.server.url}/api/leaderboard`)).json()) as Leaderboard;
      return board.rows[0]!.model;
    }

    it("does not shift the layout while its table, catalogue, history, reasons and record load", async function () {
      this.timeout(30_000);
      const page = await openPage(fixture.context);
      await observeLayoutShifts(page);
      await page.goto(`/model/${encodeURIComponent(await votedModel())}`);
      await page.getByTestId("history-chart").waitFor();
      await page.getByTestId("head-to-head").waitFor();
      await page.getByTestId("rating-chart").waitFor();
      await page.waitForLoadState("networkidle");
      await assertLittleLayoutShift(page);
    });

    it("keeps its headings in order at every moment of loading", async function () {
      this.timeout(30_000);
      const page = await openPage(fixture.context);
      // After every change of the page: each heading at most one level below the one before it
      // (axe-core's heading-order), whichever part of the page has loaded so far.
      await page.addInitScript(() => {
        const skips: string[] = [];
        (window as unknown as { __skips: typeof skips }).__skips = skips;
        new MutationObserver(() => {
          let previous = 0;
          for (const heading of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
            const level = Number(heading.tagName[1]);
            if (previous > 0 && level > previous + 1)
              skips.push(`h${previous} then ${heading.tagName.toLowerCase()} "${heading.textContent}"`);
            previous = level;
          }
        }).observe(document, { childList: true, subtree: true });
      });
      // The head-to-head record comes last: its matrix is held until the rest of the page is drawn.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/api/leaderboard/matrix**", async (route) => {
        await held;
        await route.continue();
      });
      const sectionHeadings = () =>
        page.locator("main h2").evaluateAll((headings) => headings.map((heading) => heading.textContent));
      await page.goto(`/model/${encodeURIComponent(await votedModel())}`);
      await page.getByTestId("rating-chart").waitFor();
      const whileLoading = await sectionHeadings();
      release();
      await page.getByTestId("head-to-head").waitFor();
      await page.waitForLoadState("networkidle");
      assert.deepEqual(whileLoading, await sectionHeadings(), "every section's heading is there before its content");
      const skips = await page.evaluate(() => (window as unknown as { __skips: string[] }).__skips);
      assert.deepEqual([...new Set(skips)], []);
    });
  });

  describe("the vote bar", function () {
    for (const viewport of [SMALL_PHONE, LARGE_PHONE]) {
      it(`takes one slim row of a ${viewport.width}×${viewport.height} screen, every button on it`, async function () {
        this.timeout(30_000);
        const context = await phoneContext(viewport);
        try {
          const page = await openPage(context);
          await page.goto("/");
          await waitForAnswers(page);
          const bar = (await page.locator(".vote-bar").boundingBox())!;
          assert.ok(
            bar.height <= 80,
            `the vote bar is ${bar.height} px high (≤ 80 px leaves the screen to the answers)`,
          );
          for (const testId of [...VOTES, "new-battle"]) {
            const button = (await page.getByTestId(testId).boundingBox())!;
            assert.ok(
              button.x >= 0 && button.x + button.width <= viewport.width + 0.5,
              `${testId} is within the screen's width: ${JSON.stringify(button)}`,
            );
            assert.ok(button.height >= 44, `${testId} keeps a 44 px touch height (${button.height})`);
            assert.ok(
              button.y >= bar.y - 0.5 && button.y + button.height <= bar.y + bar.height + 0.5,
              `${testId} is in the bar`,
            );
          }
          const answerA = (await page.getByTestId("answer-a").boundingBox())!;
          assert.ok(answerA.height >= 150, `answer A has room to be read (${answerA.height} px)`);
        } finally {
          await context.close();
        }
      });
    }
  });

  describe("the leaderboard on a phone", function () {
    for (const viewport of [SMALL_PHONE, LARGE_PHONE]) {
      it(`shows rank, model, rating with its interval and votes at ${viewport.width} px, without scrolling sideways`, async function () {
        this.timeout(30_000);
        const context = await phoneContext(viewport);
        try {
          const page = await openPage(context);
          await page.goto("/leaderboard");
          await page.getByTestId("leaderboard-row").first().waitFor();
          const layout = await page.getByTestId("leaderboard").evaluate((table) => {
            // No named helper functions in here: tsx would wrap them in a `__name` call the page lacks.
            const box = table.closest(".table-scroll")!;
            const headers = [...table.querySelectorAll("thead th")];
            const row = table.querySelector('[data-testid="leaderboard-row"]')!;
            const interval = row.querySelector(".interval");
            const cells = [...row.children]
              .filter((cell) => getComputedStyle(cell).display !== "none")
              .map((cell) => {
                const rect = cell.getBoundingClientRect();
                return { left: rect.left, right: rect.right };
              });
            return {
              widths: {
                table: box.scrollWidth,
                box: box.clientWidth,
                page: document.documentElement.scrollWidth,
                headers: headers.map((header) => Math.round(header.getBoundingClientRect().width)),
              },
              scrolls:
                box.scrollWidth > box.clientWidth + 1 || document.documentElement.scrollWidth > window.innerWidth,
              shownColumns: headers
                .map((header, index) => (getComputedStyle(header).display !== "none" ? index : -1))
                .filter((index) => index >= 0),
              cells,
              interval: interval !== null && getComputedStyle(interval).display !== "none",
            };
          });
          assert.equal(
            layout.scrolls,
            false,
            `neither the table nor the page scrolls sideways: ${JSON.stringify(layout.widths)}`,
          );
          // rank, model, rating, votes (Elo, win rate and W / L / T are on the model's page).
          assert.deepEqual(layout.shownColumns, [0, 1, 2, 4]);
          for (const cell of layout.cells) {
            assert.ok(
              cell.left >= 0 && cell.right <= viewport.width + 0.5,
              `a cell is on screen: ${JSON.stringify(cell)}`,
            );
          }
          assert.equal(layout.interval, true, "the rating's interval is shown");
        } finally {
          await context.close();
        }
      });
    }

    it("requests each list and table once, and no stylesheet the page already has", async function () {
      this.timeout(30_000);
      const page = await openPage(fixture.context);
      const requested: string[] = [];
      const stylesheets: string[] = [];
      page.on("request", (sent) => {
        const url = new URL(sent.url());
        if (url.pathname.startsWith("/api/")) requested.push(url.pathname + url.search);
        if (sent.resourceType() === "stylesheet") stylesheets.push(url.pathname);
      });
      await page.goto("/leaderboard");
      await page.getByTestId("leaderboard-row").first().waitFor();
      // The rows come over the socket, so it is connected: wait past the lists' refetch delay (500 ms),
      // in which a reaction to that first connection would have fetched them again.
      await page.waitForTimeout(1_500);
      const count = (path: string) => requested.filter((url) => url === path).length;
      assert.equal(count("/api/languages"), 1, `/api/languages once: ${requested.join(", ")}`);
      assert.equal(count("/api/categories"), 1, `/api/categories once: ${requested.join(", ")}`);
      const repeated = requested.filter((url, index) => requested.indexOf(url) !== index);
      assert.deepEqual(repeated, [], `no API request is repeated: ${requested.join(", ")}`);
      // The entry's stylesheet is inline in index.html: the leaderboard's chunk does not fetch it again.
      assert.deepEqual(
        stylesheets.filter((sheet) => /\/assets\/index-[^/]*\.css$/.test(sheet)),
        [],
        `stylesheets: ${stylesheets.join(", ")}`,
      );
    });
  });

  describe("axe-core", function () {
    const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

    for (const viewport of [SMALL_PHONE, { width: 1280, height: 800 }]) {
      it(`finds nothing on the battle, the leaderboard and a model's page at ${viewport.width} px`, async function () {
        this.timeout(60_000);
        // The page's Content-Security-Policy rightly refuses the injected axe script otherwise.
        const context = await fixture.browser.newContext({ baseURL: fixture.server.url, viewport, bypassCSP: true });
        try {
          const page = await openPage(context);
          await page.goto("/leaderboard");
          const model = await page.getByTestId("leaderboard-row").first().getAttribute("data-model");
          const found: string[] = [];
          for (const path of ["/", "/leaderboard", `/model/${encodeURIComponent(model!)}`]) {
            await page.goto(path);
            if (path === "/") await waitForAnswers(page);
            else await page.waitForLoadState("networkidle");
            await page.addScriptTag({ content: axeSource });
            const violations = await page.evaluate(async () => {
              const { axe } = window as unknown as {
                axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> };
              };
              const result = await axe.run();
              return result.violations.map(
                (violation) => `${violation.id} at ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
              );
            });
            found.push(...violations.map((violation) => `${path}: ${violation}`));
          }
          assert.deepEqual(found, []);
        } finally {
          await context.close();
        }
      });
    }
  });
});
