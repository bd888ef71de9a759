/**
 * Unknown addresses in a real browser: the server answers 404 with the site's own page, which
 * shows its not-found view (in the visitor's language) instead of a battle, and links back.
 */
import assert from "node:assert/strict";

import { useBrowser } from "../support/browser.ts";

describe("the not-found page", function () {
  this.timeout(60_000);
  const fixture = useBrowser();

  it("answers an unknown path with 404 and the not-found view, and its link leads to a battle", async () => {
    const page = await fixture.context.newPage();
    const response = await page.goto("/no/such/page");
    assert.equal(response?.status(), 404);
    const view = page.getByTestId("not-found");
    await view.waitFor();
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Page not found");
    assert.equal(await page.title(), "Page not found · Arena");
    assert.equal(await page.getByTestId("battle-prompt").count(), 0, "no battle starts on a missing page");

    await view.getByRole("link", { name: "Go to the battle page" }).click();
    await page.getByTestId("battle-prompt").waitFor();
    assert.equal(await page.getByTestId("not-found").count(), 0);
    assert.equal(new URL(page.url()).pathname, "/");
  });

  it("answers the page of an unknown model with 404 and the not-found view, a known one with its page", async () => {
    const page = await fixture.context.newPage();
    assert.equal((await page.goto("/model/nobody-at-all"))?.status(), 404);
    await page.getByTestId("not-found").waitFor();

    assert.equal((await page.goto("/model/tiny-alpha"))?.status(), 200);
    await page.getByTestId("model-name").waitFor();
    assert.equal(await page.getByTestId("not-found").count(), 0);
  });

  it("speaks the visitor's language", async () => {
    const context = await fixture.browser.newContext({ baseURL: fixture.server.url, locale: "fr-FR" });
    try {
      const page = await context.newPage();
      await page.goto("/leaderboard/x");
      await page.getByTestId("not-found").waitFor();
      assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Page introuvable");
    } finally {
      await context.close();
    }
  });
});
