// page.evaluate callbacks run in the browser: typed with the DOM library (test/tsconfig.json has only Node's).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page as different visitors meet it, in a real browser against the real server: a keyboard
 * user, a phone, answers full of markup that tries to run code, and a server that restarts under an
 * open page. Elements are found by the contract's `data-testid` hooks, roles and ARIA attributes only
 * (never by English text: the interface may be translated). Screenshots of the battle page and the
 * leaderboard are saved to screenshots/e2e/ (git-ignored) for a person to look at.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

import type { BrowserContext, Locator, Page } from "playwright-core";

import { type Arena, createApp } from "../../server/src/app.ts";
import { readConfig } from "../../server/src/config.ts";
import { createLogger } from "../../server/src/logger.ts";
import { loadPack } from "../../server/src/packs/loadPack.ts";
import { buildPromptPool } from "../../server/src/packs/promptPool.ts";
import { openSqliteStore } from "../../server/src/store/sqlite.ts";
import { useBrowser } from "../support/browser.ts";
import {
  CLIENT_DIST,
  connectClient,
  DEMO_PACK,
  expectOk,
  playBattle,
  request,
  startTestServer,
  tempDbFile,
  TINY_PACK,
  voteBattles,
  withSettings,
} from "../support/server.ts";

const HOSTILE_PACK = fileURLToPath(new URL("../fixtures/hostile-pack", import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL("../../screenshots/e2e/", import.meta.url));
const ANSWER_TIMEOUT_MS = 15_000;
const PHONE = { width: 390, height: 844 };
const VOTES = ["vote-a", "vote-b", "vote-tie", "vote-bothbad"];

/** Waits until both answers have ended well, which is when the vote buttons turn on. */
async function waitForAnswers(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="vote-a"]:not([disabled])', { timeout: ANSWER_TIMEOUT_MS });
}

/**
 * A page whose waits give up well within a test's time, so a failure names the step that waited
 * (Playwright's own default, 30 s, would let the test's timeout hide it).
 */
async function openPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

/** Polls `read` until `accept` holds; fails with the last value after `timeoutMs`. */
async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A leaderboard row by its model id, quoted for a CSS attribute selector (ids may hold quotes). */
function rowOf(page: Page, model: string): Locator {
  return page.locator(`[data-testid="leaderboard-row"][data-model="${model.replace(/["\\]/g, "\\$&")}"]`);
}

// ---- keyboard ----------------------------------------------------------------------------------

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);

/** Presses Tab until the element with `testId` has the focus. */
async function tabTo(page: Page, testId: string, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if ((await focusedTestId(page)) === testId) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`${limit} presses of Tab never reached ${testId} (focus is on ${await focusedTestId(page)})`);
}

/** Fails unless the focused element matches :focus-visible and draws an outline or a focus shadow. */
async function assertFocusVisible(page: Page, what: string): Promise<void> {
  const focus = await page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    return {
      focusVisible: element.matches(":focus-visible"),
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
      boxShadow: style.boxShadow,
    };
  });
  assert.ok(focus, `${what}: something has the focus`);
  assert.ok(focus.focusVisible, `${what}: the focus is :focus-visible`);
  assert.ok(focus.outline || focus.boxShadow !== "none", `${what}: the focus is drawn (outline or box-shadow)`);
}

/** The key a button announces in aria-keyshortcuts ("N" is the letter key, typed without Shift). */
async function shortcutOf(page: Page, testId: string): Promise<string> {
  const shortcuts = await page.getByTestId(testId).getAttribute("aria-keyshortcuts");
  assert.ok(shortcuts, `${testId} announces its keyboard shortcut`);
  const first = shortcuts.split(" ")[0]!;
  return first.length === 1 ? first.toLowerCase() : first;
}

// ---- layout ------------------------------------------------------------------------------------

const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/** Inside the viewport, and what a tap at its centre would hit (not covered by anything). */
function tappableInView(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.top < 0 || box.left < 0 || box.bottom > window.innerHeight || box.right > window.innerWidth) return false;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && element.contains(hit);
  });
}

async function scrollTo(page: Page, y: number): Promise<void> {
  await page.evaluate((top) => window.scrollTo({ top, behavior: "instant" }), y);
  // One frame, so sticky positions and the scroll are applied before anything is measured.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

// ---- markup that tries to run --------------------------------------------------------------------

type Executable = { elements: string[]; handlers: string[]; scriptUrls: string[] };

/**
 * What could run inside the element of `testId` (or the whole body): elements that execute or frame
 * content, `on*` attributes, and `javascript:` URLs in any link or source attribute.
 */
function executableIn(page: Page, testId: string | null): Promise<Executable> {
  return page.evaluate((id) => {
    const root = id === null ? document.body : document.querySelector(`[data-testid="${id}"]`);
    if (!root) throw new Error(`no ${id}`);
    const all = [...root.querySelectorAll("*")];
    // Browsers ignore control characters and spaces in a scheme ("java\tscript:" runs). (No helper
    // function here: tsx would wrap it in a `__name` call that does not exist in the page.)
    const scriptUrl = /^javascript:/i;
    return {
      elements: all
        .filter((element) => element.matches("script, iframe, frame, object, embed"))
        .map((element) => element.outerHTML),
      handlers: all.flatMap((element) =>
        element
          .getAttributeNames()
          .filter((name) => name.toLowerCase().startsWith("on"))
          .map((name) => `${element.tagName} ${name}`),
      ),
      scriptUrls: all.flatMap((element) =>
        ["href", "src", "xlink:href", "action", "formaction", "data"]
          // eslint-disable-next-line no-control-regex -- browsers ignore control characters in URLs
          .filter((name) => scriptUrl.test((element.getAttribute(name) ?? "").replace(/[\u0000-\u0020]/g, "")))
          .map((name) => `${element.tagName} ${name}=${element.getAttribute(name)}`),
      ),
    };
  }, testId);
}

async function assertInert(page: Page, testId: string | null): Promise<void> {
  assert.deepEqual(
    await executableIn(page, testId),
    { elements: [], handlers: [], scriptUrls: [] },
    `nothing executable in ${testId ?? "the page"}`,
  );
}

// ---- servers ------------------------------------------------------------------------------------

/**
 * Stops a server the way a process exit does: every connection drops at once. `close` alone waits
 * for open connections, and a page that reconnects meanwhile over a kept-alive connection gets a
 * new socket.io session from the closing server, which then holds the close open for ~45 s (ping
 * interval + timeout) — longer than a test.
 */
async function closeAbruptly(arena: Arena, close: () => Promise<void>): Promise<void> {
  const closed = close();
  // Repeated: the HTTP server stops listening only a few awaits into `close`.
  const dropping = setInterval(() => arena.httpServer.closeAllConnections(), 20);
  arena.httpServer.closeAllConnections();
  try {
    await closed;
  } finally {
    clearInterval(dropping);
  }
}

/**
 * startTestServer always listens on port 0; a restart test needs the second server on the first
 * one's port, because that is where the open page reconnects. Same parts as startTestServer, plus
 * one session secret for both, as a real restart keeps it beside the database.
 */
async function startArenaOn(port: number, dbFile: string, sessionSecret: Buffer) {
  // The configuration's own defaults (rate limits and daily cap on), as a real restart has them.
  const settings = withSettings(readConfig({}), {
    server: { clientDist: CLIENT_DIST },
    battles: { streamDelayMs: 5 },
    leaderboard: { pushIntervalMs: 50 },
  });
  const arena = await createApp(settings, {
    store: openSqliteStore(dbFile),
    pool: buildPromptPool([loadPack(TINY_PACK)]),
    logger: createLogger("silent"),
    clock: () => new Date(),
    random: Math.random,
    sessionSecret,
  });
  await new Promise<void>((resolve) => arena.httpServer.listen(port, "127.0.0.1", resolve));
  const { port: bound } = arena.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}`, port: bound, close: () => closeAbruptly(arena, () => arena.close()) };
}

/**
 * The "offline" banner. It has no test id, so it is found by its role: the one live status region
 * outside the main content (the battle and leaderboard pages have statuses of their own inside it).
 */
function connectionBanner(page: Page): Locator {
  return page.getByRole("status").locator("xpath=self::*[not(ancestor::main or ancestor::*[@role='main'])]");
}

describe("the page for every visitor", function () {
  // The demo pack's answers are long (code, lists, tables): what a phone's sticky vote bar is for.
  const fixture = useBrowser({ packs: [DEMO_PACK], battles: { streamDelayMs: 10 } });

  describe("with the keyboard only", function () {
    it("votes, reveals the models and starts the next battle without a mouse, the focus visible at every step", async function () {
      this.timeout(45_000);
      const page = await openPage(fixture.context);
      await page.goto("/");
      await waitForAnswers(page);
      await saveScreenshot(page, "battle-desktop");

      await tabTo(page, "vote-a");
      await assertFocusVisible(page, "vote-a reached with Tab");
      await page.keyboard.press("Enter");
      await page.getByTestId("reveal-a").waitFor();
      await page.getByTestId("reveal-b").waitFor();
      await saveScreenshot(page, "battle-revealed-desktop");

      await tabTo(page, "new-battle");
      await assertFocusVisible(page, "new-battle reached with Tab");
      await page.keyboard.press("Space");
      await page.getByTestId("reveal-a").waitFor({ state: "detached" });
      await waitForAnswers(page);

      // The second battle with the shortcut keys the buttons announce.
      await page.keyboard.press(await shortcutOf(page, "vote-b"));
      await page.getByTestId("reveal-b").waitFor();
      assert.equal(await page.getByTestId("vote-b").isDisabled(), true, "the vote was taken");
      await page.keyboard.press(await shortcutOf(page, "new-battle"));
      await page.getByTestId("reveal-a").waitFor({ state: "detached" });
      await waitForAnswers(page);
    });
  });

  describe("on a phone", function () {
    /** A context of its own (the fixture's is a desktop one), closed by the test. */
    const phoneContext = () =>
      fixture.browser.newContext({
        baseURL: fixture.server.url,
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });

    it("stacks the answers, never scrolls sideways, keeps the vote buttons in reach once the answers ended, and takes a vote", async function () {
      this.timeout(45_000);
      const context = await phoneContext();
      try {
        const page = await openPage(context);
        await page.goto("/");
        await page.getByTestId("battle-prompt").waitFor();
        await waitForAnswers(page);
        await scrollTo(page, 0);
        await saveScreenshot(page, "battle-phone");

        // The answers' columns: each is a box of fixed height that its answer scrolls in.
        const a = (await page.getByTestId("answer-a").locator("xpath=..").boundingBox())!;
        const b = (await page.getByTestId("answer-b").locator("xpath=..").boundingBox())!;
        assert.ok(b.y >= a.y + a.height - 1, `answer B (top ${b.y}) is below answer A (bottom ${a.y + a.height})`);
        for (const [name, box] of [
          ["A", a],
          ["B", b],
        ] as const) {
          assert.ok(
            box.x >= 0 && box.x + box.width <= PHONE.width + 0.5,
            `answer ${name} fits the screen's width: ${JSON.stringify(box)}`,
          );
        }
        assert.equal(await scrollsSideways(page), false, "the battle page does not scroll sideways");

        // At the top, in the middle of the first answer, and at the bottom of the page.
        const middleOfA =
          (await page
            .getByTestId("answer-a")
            .locator("xpath=..")
            .evaluate((element) => element.getBoundingClientRect().top + window.scrollY)) +
          a.height / 2;
        const bottom = await page.evaluate(() => document.documentElement.scrollHeight);
        for (const [where, y] of [
          ["top", 0],
          ["middle of answer A", middleOfA - PHONE.height / 2],
          ["bottom", bottom],
        ] as const) {
          await scrollTo(page, y);
          for (const vote of VOTES) {
            assert.equal(
              await tappableInView(page.getByTestId(vote)),
              true,
              `${vote} is on screen and tappable at the ${where}`,
            );
          }
        }

        await scrollTo(page, middleOfA - PHONE.height / 2);
        await page.getByTestId("vote-a").tap();
        await page.getByTestId("reveal-a").waitFor();
        await page.getByTestId("reveal-b").waitFor();
        assert.equal(await scrollsSideways(page), false, "the revealed battle does not scroll sideways");
      } finally {
        await context.close();
      }
    });

    it("shows a leaderboard that fits the screen, whose filter and model links work by touch", async function () {
      this.timeout(45_000);
      await voteBattles(fixture.server.url, ["a", "b", "tie"]);
      const context = await phoneContext();
      try {
        const page = await openPage(context);
        await page.goto("/leaderboard");
        const row = page.getByTestId("leaderboard-row").first();
        await row.waitFor();
        await saveScreenshot(page, "leaderboard-phone");
        assert.equal(
          await scrollsSideways(page),
          false,
          "the leaderboard does not scroll sideways (a wide table scrolls in its own box)",
        );
        assert.equal(
          await tappableInView(page.getByTestId("language-filter")),
          true,
          "the language filter is on screen",
        );

        const filter = page.getByTestId("language-filter");
        const languages = await filter.evaluate((select) =>
          [...(select as HTMLSelectElement).options].map((option) => option.value).filter(Boolean),
        );
        assert.ok(languages.length > 0, "the votes' languages are offered");
        await filter.selectOption(languages[0]!);
        await page.waitForURL((url) => url.searchParams.get("language") === languages[0]);
        await page.getByTestId("leaderboard-row").first().waitFor();

        const first = page.getByTestId("leaderboard-row").first();
        const model = (await first.getAttribute("data-model"))!;
        await first.getByRole("link").first().tap();
        await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/model/${model}`);
        assert.equal(await scrollsSideways(page), false, "the model page does not scroll sideways");
      } finally {
        await context.close();
      }
    });
  });

  describe("answers that contain markup", function () {
    it("shows scripts, handlers, javascript: links and frames inert, in the answers, the prompt, the reveal and the leaderboard", async function () {
      this.timeout(45_000);
      const server = await startTestServer({
        packs: [HOSTILE_PACK],
        server: { clientDist: CLIENT_DIST },
        battles: { streamDelayMs: 5 },
      });
      try {
        const page = await openPage(fixture.context);
        const dialogs: string[] = [];
        page.on("dialog", (dialog) => {
          dialogs.push(`${dialog.type()}: ${dialog.message()}`);
          void dialog.dismiss();
        });
        // A blocked attempt is reported too: a violation means something executable reached the DOM.
        await page.addInitScript(() => {
          const violations: string[] = [];
          (window as unknown as { __violations: string[] }).__violations = violations;
          document.addEventListener("securitypolicyviolation", (event) =>
            violations.push(`${event.violatedDirective} ${event.sample}`),
          );
        });
        const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
        const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

        await page.goto(`${server.url}/`);
        await waitForAnswers(page);
        for (const side of ["answer-a", "answer-b"]) {
          await assertInert(page, side);
          const text = (await page.getByTestId(side).textContent()) ?? "";
          const shown = text.includes("<script>window.__pwned=1</script>");
          const removed = !text.includes("window.__pwned=1");
          assert.ok(shown || removed, `${side} shows the script tag as text or leaves it out: ${text.slice(0, 200)}`);
        }
        await assertInert(page, "battle-prompt");

        const url = page.url();
        const links = await page.locator('[data-testid="answer-a"] a, [data-testid="answer-b"] a').all();
        for (const link of links) {
          await link.click();
          assert.equal(page.url(), url, "a link in an answer does not navigate away");
        }
        // Time for anything a click scheduled.
        await page.waitForTimeout(200);
        assert.equal(await pwned(), undefined, "no payload ran");

        await page.getByTestId("vote-a").click();
        const ids = ["hostile-markup", '<img src=x onerror="window.__pwned=30">'];
        const revealed = [
          (await page.getByTestId("reveal-a").textContent())?.trim(),
          (await page.getByTestId("reveal-b").textContent())?.trim(),
        ];
        assert.deepEqual([...revealed].sort(), [...ids].sort(), "the reveal shows the model ids as text");
        await assertInert(page, "reveal-a");
        await assertInert(page, "reveal-b");

        await page.goto(`${server.url}/leaderboard`);
        await rowOf(page, ids[1]!).waitFor();
        await assertInert(page, null);
        await rowOf(page, ids[1]!).getByRole("link").first().click();
        await page.getByTestId("model-name").waitFor();
        assert.equal((await page.getByTestId("model-name").textContent())?.trim(), ids[1]);
        await assertInert(page, null);

        assert.equal(await pwned(), undefined, "no payload ran");
        assert.deepEqual(dialogs, [], "no dialog opened");
        assert.deepEqual(await violations(), [], "the page never even tried to run or frame anything");
      } finally {
        await closeAbruptly(server.arena, () => server.close());
      }
    });
  });

  describe("when the server restarts", function () {
    it("shows the page offline while it is down, then updates the table and plays new battles without a reload", async function () {
      this.timeout(60_000);
      const dbFile = tempDbFile();
      const secret = randomBytes(32);
      let server = await startArenaOn(0, dbFile, secret);
      try {
        const voter = await connectClient(server.url);
        try {
          for (let vote = 0; vote < 8; vote++) {
            const battle = await playBattle(voter);
            expectOk(
              await request(voter, "battle:vote", { battleId: battle.battleId, winner: vote % 3 === 0 ? "b" : "a" }),
            );
          }
        } finally {
          voter.disconnect();
        }

        const board = await openPage(fixture.context);
        await board.goto(`${server.url}/leaderboard`);
        await board.getByTestId("leaderboard-row").first().waitFor();
        const battle = await openPage(fixture.context);
        await battle.goto(`${server.url}/`);
        await waitForAnswers(battle);
        // Voted before the restart, so the reveal's going away later shows that "new battle" was taken.
        await battle.getByTestId("vote-b").click();
        await battle.getByTestId("reveal-a").waitFor();
        for (const page of [board, battle])
          assert.equal(await connectionBanner(page).count(), 0, "no banner while connected");

        const port = server.port;
        await server.close();
        for (const page of [board, battle]) {
          await connectionBanner(page).waitFor({ timeout: 5_000 });
          // It fades in after a short delay (so a quick first connection does not flash it): wait until it shows.
          const opacity = () => connectionBanner(page).evaluate((banner) => getComputedStyle(banner).opacity);
          await eventually(opacity, (value) => value === "1", "the banner's opacity");
        }
        await saveScreenshot(board, "leaderboard-offline-desktop");

        server = await startArenaOn(port, dbFile, secret);
        // socket.io's back-off between attempts reaches 5 s.
        for (const page of [board, battle])
          await connectionBanner(page).waitFor({ state: "detached", timeout: 20_000 });

        const rowText = (model: string) => async () => {
          const row = rowOf(board, model);
          return (await row.count()) === 0 ? null : await row.textContent();
        };
        const before = new Map<string, string | null>();
        for (const row of await board.getByTestId("leaderboard-row").all()) {
          const model = (await row.getAttribute("data-model"))!;
          before.set(model, await rowText(model)());
        }
        const late = await connectClient(server.url);
        try {
          const played = await playBattle(late);
          const { models } = expectOk(await request(late, "battle:vote", { battleId: played.battleId, winner: "a" }));
          for (const model of [models.a, models.b]) {
            await eventually(
              rowText(model),
              (text) => text !== (before.get(model) ?? null),
              `the row of ${model} after the vote`,
            );
          }
        } finally {
          late.disconnect();
        }
        await saveScreenshot(board, "leaderboard-desktop");

        await battle.getByTestId("new-battle").click();
        await battle.getByTestId("reveal-a").waitFor({ state: "detached" });
        await waitForAnswers(battle);
        await battle.getByTestId("vote-tie").click();
        await battle.getByTestId("reveal-a").waitFor();
      } finally {
        await server.close();
      }
    });
  });
});
