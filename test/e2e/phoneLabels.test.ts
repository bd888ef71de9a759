// page.evaluate callbacks run in the browser: typed with the DOM library (test/tsconfig.json has only Node's).
/// <reference lib="dom" />
/**
 * The phone's one-row vote bar in every interface language: each button's label fits inside its
 * button at 320 px (a long word such as French "meilleur" must not run over the border).
 */
import assert from "node:assert/strict";

import { useBrowser } from "../support/browser.ts";
import { DEMO_PACK } from "../support/server.ts";

const BUTTONS = ["vote-a", "vote-b", "vote-tie", "vote-bothbad", "new-battle"];

describe("the phone vote bar's labels", function () {
  this.timeout(60_000);
  const fixture = useBrowser({ packs: [DEMO_PACK] });

  for (const locale of ["en-US", "fr-FR", "zh-CN"]) {
    it(`fits every label inside its button at 320 px in ${locale}`, async () => {
      const context = await fixture.browser.newContext({
        baseURL: fixture.server.url,
        viewport: { width: 320, height: 568 },
        isMobile: true,
        hasTouch: true,
        locale,
      });
      try {
        const page = await context.newPage();
        await page.goto("/");
        await page.getByTestId("vote-a").waitFor();
        for (const testId of BUTTONS) {
          const overflow = await page.getByTestId(testId).evaluate((button) => ({
            width: button.scrollWidth - button.clientWidth,
            height: button.scrollHeight - button.clientHeight,
            label: button.textContent,
          }));
          assert.ok(overflow.width <= 0 && overflow.height <= 0, `${locale} ${testId}: ${JSON.stringify(overflow)}`);
        }
      } finally {
        await context.close();
      }
    });
  }
});
