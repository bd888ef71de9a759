/**
 * The page over HTTP: which paths answer 200 or 404 (always with the site's own page), and how
 * long browsers may cache each kind of file. A small stand-in for client/dist keeps the test from
 * needing a build.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

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

const SCRIPT = "console.log('arena');\n".repeat(100);
const STYLESHEET = "body { margin: 0 }\n";

/**
 * A built page in miniature: index.html, one hashed script with its compressed twins (as the client's
 * build writes them), one stylesheet without twins, one file without a hash.
 */
function fakeClientDist(): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), "arena-page-"));
  fs.mkdirSync(path.join(dist, "assets"));
  fs.writeFileSync(path.join(dist, "index.html"), INDEX_HTML);
  fs.writeFileSync(path.join(dist, "assets", "index-Ab3_x-Z9.js"), SCRIPT);
  fs.writeFileSync(path.join(dist, "assets", "index-Ab3_x-Z9.js.br"), zlib.brotliCompressSync(SCRIPT));
  fs.writeFileSync(path.join(dist, "assets", "index-Ab3_x-Z9.js.gz"), zlib.gzipSync(SCRIPT));
  fs.writeFileSync(path.join(dist, "assets", "style-Cd4_y-W8.css"), STYLESHEET);
  fs.writeFileSync(path.join(dist, "robots.txt"), "User-agent: *\nAllow: /\n");
  return dist;
}

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A request with exactly the Accept-Encoding given (fetch adds its own and decompresses). */
function rawGet(url: string, acceptEncoding: string | null, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method,
      headers: acceptEncoding === null ? {} : { "accept-encoding": acceptEncoding },
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

function decoded({ headers, body }: RawResponse): string {
  const encoding = headers["content-encoding"];
  if (encoding === "br") return zlib.brotliDecompressSync(body).toString();
  if (encoding === "gzip") return zlib.gunzipSync(body).toString();
  assert.equal(encoding, undefined);
  return body.toString();
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

  describe("compression", () => {
    const script = "/assets/index-Ab3_x-Z9.js";

    for (const [acceptEncoding, expected] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["identity", undefined],
      [null, undefined],
    ] as const) {
      it(`sends a built script ${expected ?? "uncompressed"} to Accept-Encoding: ${acceptEncoding ?? "(none)"}`, async () => {
        const response = await rawGet(`${server.url}${script}`, acceptEncoding);
        assert.equal(response.status, 200);
        assert.equal(response.headers["content-encoding"], expected);
        assert.match(response.headers["content-type"] ?? "", /javascript/);
        assert.equal(response.headers["cache-control"], "public, max-age=31536000, immutable");
        assert.match(response.headers.vary ?? "", /Accept-Encoding/i);
        assert.equal(decoded(response), SCRIPT);
        if (expected) assert.ok(response.body.length < SCRIPT.length / 4);
      });
    }

    it("answers HEAD with the compressed twin's headers and no body", async () => {
      const response = await rawGet(`${server.url}${script}`, "br", "HEAD");
      assert.equal(response.status, 200);
      assert.equal(response.headers["content-encoding"], "br");
      assert.equal(response.body.length, 0);
    });

    it("sends a file that has no compressed twin as it is", async () => {
      const response = await rawGet(`${server.url}/assets/style-Cd4_y-W8.css`, "br, gzip");
      assert.equal(response.status, 200);
      assert.equal(response.headers["content-encoding"], undefined);
      assert.match(response.headers["content-type"] ?? "", /text\/css/);
      assert.equal(response.body.toString(), STYLESHEET);
    });

    it("never serves a file outside the page, nor a twin of a missing file", async () => {
      for (const pathname of [
        "/assets/../../etc/passwd",
        "/assets/%2e%2e/%2e%2e/etc/passwd",
        "/assets/gone-Zz99Zz99.js",
      ]) {
        const response = await rawGet(`${server.url}${pathname}`, "br, gzip");
        assert.equal(response.status, 404, pathname);
        assert.doesNotMatch(decoded(response), /root:/, pathname);
      }
    });

    it("compresses index.html on every page route, 200 and 404 alike, keeping the not-found mark", async () => {
      for (const [pathname, status] of [
        ["/", 200],
        ["/leaderboard", 200],
        ["/x", 404],
      ] as const) {
        for (const encoding of ["br", "gzip"]) {
          const response = await rawGet(`${server.url}${pathname}`, encoding);
          assert.equal(response.status, status, pathname);
          assert.equal(response.headers["content-encoding"], encoding, pathname);
          assert.match(response.headers.vary ?? "", /Accept-Encoding/i);
          const html = decoded(response);
          assert.match(html, /<div id="root">/);
          if (status === 404) assert.match(html, NOT_FOUND_MARKER);
          else assert.doesNotMatch(html, NOT_FOUND_MARKER);
        }
      }
    });
  });
});
