/**
 * The page over HTTP: which paths answer 200 or 404 (always with the site's own page), and how
 * long browsers may cache each kind of file. A small stand-in for client/dist keeps the test from
 * needing a build.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { injectVotes } from "../support/injectVotes.ts";
import { startTestServer, tempDbFile, type TestServer } from "../support/server.ts";

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <title>Arena</title>
    <script type="module" src="/assets/index-Ab3_x-Z9.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`;

/** A built page in miniature: index.html, one hashed asset, one file without a hash. */
function fakeClientDist(): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), "arena-page-"));
  fs.mkdirSync(path.join(dist, "assets"));
  fs.writeFileSync(path.join(dist, "index.html"), INDEX_HTML);
  fs.writeFileSync(path.join(dist, "assets", "index-Ab3_x-Z9.js"), "console.log('arena');\n");
  fs.writeFileSync(path.join(dist, "robots.txt"), "User-agent: *\nAllow: /\n");
  return dist;
}

const NOT_FOUND_MARKER = /<meta name="arena-status" content="404"/;

describe("the page over HTTP", function () {
  let server: TestServer;

  before(async () => {
    const dbFile = tempDbFile();
    // A model that is in no pack but has a stored vote (imported from elsewhere) keeps its page.
    await injectVotes(dbFile, [{ session: "earlier", modelA: "retired-model", modelB: "model-x", winner: "a" }]);
    server = await startTestServer({ dbFile, server: { clientDist: fakeClientDist() } });
  });
  after(async () => server.close());

  const get = (pathname: string, init?: RequestInit) => fetch(`${server.url}${pathname}`, init);

  describe("status", () => {
    for (const pathname of ["/", "/leaderboard", "/leaderboard/", "/leaderboard?language=fr", "/admin"]) {
      it(`answers ${pathname} with the page and 200`, async () => {
        const response = await get(pathname);
        assert.equal(response.status, 200);
        assert.match(response.headers.get("content-type") ?? "", /text\/html/);
        const html = await response.text();
        assert.match(html, /<div id="root">/);
        assert.doesNotMatch(html, NOT_FOUND_MARKER);
      });
    }

    it("answers the page of a model of the prompt pool with 200", async () => {
      const { models } = (await (await get("/api/models")).json()) as { models: Array<{ id: string }> };
      assert.ok(models.length > 0);
      for (const { id } of models) assert.equal((await get(`/model/${encodeURIComponent(id)}`)).status, 200, id);
    });

    it("answers the page of a model with stored votes but in no pack with 200", async () => {
      assert.equal((await get("/model/retired-model")).status, 200);
    });

    for (const pathname of ["/x", "/leaderboard/x", "/model/nobody-knows-me", "/model/a/b", "/index.htm", "/model/"]) {
      it(`answers ${pathname} with the site's page, marked not found, and 404`, async () => {
        const response = await get(pathname);
        assert.equal(response.status, 404);
        assert.match(response.headers.get("content-type") ?? "", /text\/html/);
        const html = await response.text();
        assert.match(html, /<div id="root">/);
        assert.match(html, NOT_FOUND_MARKER);
      });
    }

    it("answers a malformed escape in a model path with 400, not a server error", async () => {
      const response = await get("/model/%E0%A4%A");
      assert.equal(response.status, 400);
    });

    it("answers a missing asset with a plain 404, not the page", async () => {
      const response = await get("/assets/gone-Zz99Zz99.js");
      assert.equal(response.status, 404);
      assert.doesNotMatch(await response.text(), /<div id="root">/);
    });

    it("keeps the JSON 404 for unknown API routes", async () => {
      const response = await get("/api/nothing-here");
      assert.equal(response.status, 404);
      assert.deepEqual(await response.json(), { error: { code: "not_found", message: "No such API route." } });
    });
  });

  describe("caching", () => {
    it("lets browsers keep hashed assets for a year, immutable", async () => {
      const response = await get("/assets/index-Ab3_x-Z9.js");
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("cache-control"), "public, max-age=31536000, immutable");
    });

    it("never lets index.html be used without asking again, on every route that serves it", async () => {
      for (const pathname of ["/", "/leaderboard", "/model/retired-model", "/x", "/model/nobody", "/index.html"]) {
        const response = await get(pathname);
        assert.equal(response.headers.get("cache-control"), "no-cache", pathname);
      }
    });

    it("gives other static files a short max-age", async () => {
      const response = await get("/robots.txt");
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("cache-control"), "public, max-age=3600");
    });
  });
});
