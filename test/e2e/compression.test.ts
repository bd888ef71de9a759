/**
 * The built page's compressed twins (client/vite.config.ts, precompressAssets) in a real browser:
 * each twin holds exactly its file as Vite finally wrote it, and Chromium gets the page's scripts as
 * brotli and runs them.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import { useBrowser } from "../support/browser.ts";
import { CLIENT_DIST } from "../support/server.ts";

describe("the page, compressed", function () {
  this.timeout(60_000);
  const fixture = useBrowser();

  it("writes a brotli and a gzip twin of every large text file, each equal to its file", () => {
    const assets = path.join(CLIENT_DIST, "assets");
    const scripts = fs.readdirSync(assets).filter((name) => /\.(?:js|css)$/.test(name));
    let twins = 0;
    for (const name of scripts) {
      const file = fs.readFileSync(path.join(assets, name));
      if (file.length < 1024) continue;
      assert.deepEqual(zlib.brotliDecompressSync(fs.readFileSync(path.join(assets, `${name}.br`))), file, name);
      assert.deepEqual(zlib.gunzipSync(fs.readFileSync(path.join(assets, `${name}.gz`))), file, name);
      twins++;
    }
    assert.ok(twins >= 5, `${twins} files with twins`);
  });

  it("sends Chromium the page and its scripts as brotli, and the battle runs", async () => {
    const page = await fixture.context.newPage();
    const encodings = new Map<string, string | undefined>();
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (url.pathname === "/" || url.pathname.endsWith(".js"))
        encodings.set(url.pathname, response.headers()["content-encoding"]);
    });
    await page.goto("/");
    await page.getByTestId("battle-prompt").waitFor();
    assert.equal(encodings.get("/"), "br");
    const scripts = [...encodings].filter(([pathname]) => pathname.endsWith(".js"));
    assert.ok(scripts.length > 0);
    for (const [pathname, encoding] of scripts) {
      const hasTwin = fs.existsSync(path.join(CLIENT_DIST, `${pathname}.br`));
      assert.equal(encoding, hasTwin ? "br" : undefined, pathname);
    }
  });
});
