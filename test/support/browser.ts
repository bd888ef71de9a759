/**
 * Browser tests drive Debian's Chromium with playwright-core against the real server. Each suite
 * calls `useBrowser` once: it skips (with the reason printed) where Chromium is missing, builds the
 * page when the sources are newer than the build, and gives each test a fresh browser context —
 * a new visitor with its own storage, so its own voter session.
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { type Browser, type BrowserContext, chromium } from "playwright-core";

import { CLIENT_DIST, startTestServer, type TestServer, type TestServerOptions } from "./server.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Without the background-networking flags Chromium keeps trying to reach the internet. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export type BrowserFixture = {
  server: TestServer;
  browser: Browser;
  /** This test's context (1280×800), closed after it. */
  context: BrowserContext;
};

export function useBrowser(serverOptions: TestServerOptions = {}): BrowserFixture {
  const fixture = {} as BrowserFixture;
  before(async function () {
    if (!fs.existsSync(CHROMIUM_PATH)) {
      // mocha's skip() takes no reason, so it is printed first.
      console.log(`    skipping the browser tests: no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
      this.skip();
    }
    this.timeout(120_000);
    buildPageIfStale();
    fixture.server = await startTestServer({
      ...serverOptions,
      server: { clientDist: CLIENT_DIST, ...serverOptions.server },
    });
    fixture.browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
  });
  beforeEach(async () => {
    fixture.context = await fixture.browser.newContext({
      baseURL: fixture.server.url,
      viewport: { width: 1280, height: 800 },
    });
  });
  afterEach(async () => {
    await fixture.context?.close();
  });
  return fixture;
}

/** Builds client/dist unless it is newer than every source file of the page. */
function buildPageIfStale(): void {
  const built = path.join(CLIENT_DIST, "index.html");
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sources = ["client/src", "client/index.html", "client/vite.config.ts", "shared/src"].map((entry) =>
    path.join(REPO_ROOT, entry),
  );
  if (sources.some((source) => newestChange(source) > builtAt)) {
    execSync("npm run build --workspace client", { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  }
}

function newestChange(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}
