/**
 * Long answers side by side: on a wide screen each column scrolls on its own, so the other answer
 * and the vote buttons stay in view. MT-bench's real answers are long enough to need it.
 */
import assert from "node:assert/strict";

import { useBrowser } from "../support/browser.ts";
import { MT_BENCH } from "../support/server.ts";

describe("answer columns on a wide screen", function () {
  const fixture = useBrowser({ packs: [MT_BENCH] });

  it("scroll independently, with the vote buttons in view", async function () {
    this.timeout(60_000);
    const page = await fixture.context.newPage();
    const scrollable = (testId: string) =>
      page.getByTestId(testId).evaluate((answer) => {
        let box: Element | null = answer;
        while (box && getComputedStyle(box).overflowY !== "auto") box = box.parentElement;
        return box ? box.scrollHeight > box.clientHeight + 50 : false;
      });
    let side: "a" | "b" | null = null;
    for (let attempt = 0; attempt < 20 && side === null; attempt++) {
      await page.goto("/");
      await page.waitForSelector('[data-testid="vote-a"]:not([disabled])', { timeout: 20_000 });
      if (await scrollable("answer-a")) side = "a";
      else if (await scrollable("answer-b")) side = "b";
    }
    assert.ok(side, "no MT-bench answer was long enough to scroll in 20 battles");
    const other = side === "a" ? "b" : "a";
    const scrollTopOf = (testId: string) =>
      page.getByTestId(testId).evaluate((answer) => {
        let box: Element | null = answer;
        while (box && getComputedStyle(box).overflowY !== "auto") box = box.parentElement;
        return box!.scrollTop;
      });
    // The pointer goes to the middle of the scrolling column itself: hover() on the (taller) answer
    // inside it would scroll the page to bring the answer's centre into view.
    const column = await page.getByTestId(`answer-${side}`).evaluate((answer) => {
      let box: Element | null = answer;
      while (box && getComputedStyle(box).overflowY !== "auto") box = box.parentElement;
      const rect = box!.getBoundingClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    });
    await page.mouse.move(column.x, column.y);
    await page.mouse.wheel(0, 400);
    await page.waitForFunction((testId) => {
      let box: Element | null = document.querySelector(`[data-testid="${testId}"]`);
      while (box && getComputedStyle(box).overflowY !== "auto") box = box.parentElement;
      return (box?.scrollTop ?? 0) > 0;
    }, `answer-${side}`);
    assert.equal(await scrollTopOf(`answer-${other}`), 0, "the other column did not move");
    assert.equal(await page.evaluate(() => window.scrollY), 0, "the page did not scroll");
    assert.ok(await page.getByTestId("vote-a").isVisible());
    const box = await page.getByTestId("vote-a").boundingBox();
    assert.ok(
      box && box.y + box.height <= 800,
      `the vote buttons are in view (bottom at ${box ? box.y + box.height : "none"})`,
    );
  });
});
