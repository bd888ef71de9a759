// The in-page callbacks run in the browser: typed with the DOM library (bench/tsconfig.json has only Node's).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page against the budget: "initial JavaScript ≤ 150 kB gzip, first battle on screen
 * ≤ 1.5 s after load on localhost".
 *
 * Weight: the page and the server are built fresh (`npm run build`), then every JS chunk of
 * client/dist is gzipped (zlib's default level, as a server would): the entry chunk (the module
 * script of index.html), the initial JavaScript (the entry plus the chunks index.html preloads),
 * and all chunks.
 *
 * Time: the real server (demo pack, 25 ms between streamed pieces) on 127.0.0.1 and Debian's
 * Chromium; each load in a new browser context (empty cache and storage: a first visit). In the page,
 * a script installed before any other marks the first animation frame at which the battle prompt is
 * non-empty, and the one at which all four vote buttons are enabled (both answers ended), in ms from
 * navigation start. One unmeasured load first warms the browser and the server.
 *
 * Scores: Lighthouse (mobile and desktop, median of 3 runs) and axe-core on `/`, `/leaderboard` and
 * `/model/<id>`, against the compiled server with stored votes (bench/lighthouse.ts).
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

import { chromium } from "playwright-core";

import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../test/support/browser.ts";
import { CLIENT_DIST, DEMO_PACK, startTestServer } from "../test/support/server.ts";
import { auditPages } from "./lighthouse.ts";
import { formatMs, median, type SummaryLine } from "./measure.ts";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const LOADS = 10;
const STREAM_DELAY_MS = 25;
const GOAL_INITIAL_GZIP_BYTES = 150 * 1000;
const GOAL_PROMPT_MS = 1500;
/** Bound on one load: the demo answers take at most ~60 pieces × 25 ms to stream. */
const LOAD_TIMEOUT_MS = 30_000;
/** Lighthouse runs per page and form factor; the scores are their median. */
const LIGHTHOUSE_RUNS = 3;

type Chunk = { file: string; bytes: number; gzip: number };
type LoadMarks = { prompt: number; answers: number; load: number; jsTransferred: number };

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const sum = (chunks: Chunk[], key: "bytes" | "gzip") => chunks.reduce((total, chunk) => total + chunk[key], 0);

function measureBuild(): { entry: Chunk; initial: Chunk[]; all: Chunk[]; buildMs: number } {
  const started = performance.now();
  // The whole build, not only the page's: the Lighthouse run serves it with the compiled server.
  execSync("npm run build", { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const buildMs = performance.now() - started;

  const html = fs.readFileSync(path.join(CLIENT_DIST, "index.html"), "utf8");
  const entryPath = /<script\b[^>]*type="module"[^>]*\bsrc="([^"]+)"/.exec(html)?.[1];
  if (!entryPath) throw new Error("client/dist/index.html has no module script");
  const preloaded = [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map(
    (match) => match[1]!,
  );

  const chunkOf = (file: string): Chunk => {
    const content = fs.readFileSync(path.join(CLIENT_DIST, file));
    return { file, bytes: content.length, gzip: zlib.gzipSync(content).length };
  };
  const assets = path.join(CLIENT_DIST, "assets");
  const all = fs
    .readdirSync(assets)
    .filter((name) => name.endsWith(".js"))
    .map((name) => chunkOf(path.join("assets", name)))
    .sort((x, y) => y.gzip - x.gzip);
  const byPath = (url: string) => all.find((chunk) => `/${chunk.file}` === url) ?? chunkOf(url.replace(/^\//, ""));
  const entry = byPath(entryPath);
  return { entry, initial: [entry, ...preloaded.map(byPath)], all, buildMs };
}

async function measureLoads(): Promise<LoadMarks[] | null> {
  if (!fs.existsSync(CHROMIUM_PATH)) return null;
  const server = await startTestServer({
    packs: [DEMO_PACK],
    server: { clientDist: CLIENT_DIST },
    battles: { streamDelayMs: STREAM_DELAY_MS },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const loads: LoadMarks[] = [];
    for (let load = 0; load <= LOADS; load++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        // Runs before the page's own scripts. No named helper functions inside: tsx would wrap them
        // in a `__name` call that the page does not have.
        await page.addInitScript(() => {
          const marks: { prompt?: number; answers?: number } = {};
          (window as unknown as { __marks: typeof marks }).__marks = marks;
          const votes = ["vote-a", "vote-b", "vote-tie", "vote-bothbad"].map((id) => `[data-testid="${id}"]`);
          new MutationObserver(() => {
            const prompt = document.querySelector('[data-testid="battle-prompt"]');
            if (marks.prompt === undefined && (prompt?.textContent ?? "").trim() !== "") {
              marks.prompt = -1;
              requestAnimationFrame(() => (marks.prompt = performance.now()));
            }
            const buttons = votes.map((selector) => document.querySelector<HTMLButtonElement>(selector));
            if (marks.answers === undefined && buttons.every((button) => button !== null && !button.disabled)) {
              marks.answers = -1;
              requestAnimationFrame(() => (marks.answers = performance.now()));
            }
          }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        });
        await page.goto(`${server.url}/`);
        await page.waitForFunction(
          () => {
            const marks = (window as unknown as { __marks: { prompt?: number; answers?: number } }).__marks;
            return (marks.prompt ?? -1) > 0 && (marks.answers ?? -1) > 0;
          },
          undefined,
          { timeout: LOAD_TIMEOUT_MS },
        );
        const marks = await page.evaluate(() => {
          const { prompt, answers } = (window as unknown as { __marks: { prompt: number; answers: number } }).__marks;
          const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          const scripts = performance
            .getEntriesByType("resource")
            .filter((entry) => entry.name.endsWith(".js")) as PerformanceResourceTiming[];
          return {
            prompt,
            answers,
            load: navigation.loadEventEnd,
            jsTransferred: scripts.reduce((total, entry) => total + entry.transferSize, 0),
          };
        });
        if (load > 0) loads.push(marks);
      } finally {
        await context.close();
      }
    }
    return loads;
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function benchPageLoad(): Promise<SummaryLine[]> {
  const { entry, initial, all, buildMs } = measureBuild();
  const initialGzip = sum(initial, "gzip");
  console.log(`page: built in ${formatMs(buildMs)}; JS chunks (raw → gzip):`);
  for (const chunk of all) {
    const role = chunk === entry ? " (entry)" : initial.includes(chunk) ? " (preloaded)" : "";
    console.log(`page:   ${chunk.file}${role}: ${kB(chunk.bytes)} → ${kB(chunk.gzip)}`);
  }
  const verdict = initialGzip <= GOAL_INITIAL_GZIP_BYTES ? "within" : "OVER";
  console.log(
    `page: entry chunk ${kB(entry.gzip)} gzip; initial JS (entry + ${initial.length - 1} preloaded) ${kB(initialGzip)} gzip — ` +
      `${verdict} goal ≤ ${kB(GOAL_INITIAL_GZIP_BYTES)}; all ${all.length} JS chunks ${kB(sum(all, "gzip"))} gzip (${kB(sum(all, "bytes"))} raw)`,
  );
  const summary: SummaryLine[] = [
    {
      figure: "Page JavaScript, gzip (fresh `npm run build`)",
      value:
        `entry chunk ${kB(entry.gzip)}, initial ${kB(initialGzip)} (goal ≤ ${kB(GOAL_INITIAL_GZIP_BYTES)}), ` +
        `all ${all.length} chunks ${kB(sum(all, "gzip"))}`,
    },
  ];

  const loads = await measureLoads();
  if (loads === null) {
    console.log(`page: no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH): page load times skipped`);
    return summary;
  }
  const spread = (values: number[]) => `median ${formatMs(median(values))}, max ${formatMs(Math.max(...values))}`;
  const prompt = loads.map((load) => load.prompt);
  const answers = loads.map((load) => load.answers);
  const transferred = median(loads.map((load) => load.jsTransferred));
  console.log(
    `page: ${loads.length} first visits (new browser context each, after 1 unmeasured), demo pack streamed at ${STREAM_DELAY_MS} ms a piece, ` +
      `from navigation start: load event ${spread(loads.map((load) => load.load))}; ` +
      `prompt on screen ${spread(prompt)} — ${median(prompt) <= GOAL_PROMPT_MS && Math.max(...prompt) <= GOAL_PROMPT_MS ? "within" : "OVER"} ` +
      `goal ≤ ${formatMs(GOAL_PROMPT_MS)}; both answers ended (votes enabled) ${spread(answers)}; ` +
      `JS over the wire ${kB(transferred)} a load${transferred > initialGzip * 1.5 ? " (the server does not compress)" : ""}`,
  );
  summary.push(
    {
      figure: `Page load on 127.0.0.1, Chromium, ${loads.length} first visits: navigation start → battle prompt on screen`,
      value: `${spread(prompt)} (goal ≤ ${formatMs(GOAL_PROMPT_MS)})`,
    },
    {
      figure: `Page load, navigation start → both answers ended (demo pack, ${STREAM_DELAY_MS} ms a streamed piece)`,
      value: `${spread(answers)}; JS transferred ${kB(transferred)} a load`,
    },
  );
  summary.push(...(await lighthouseSummary()));
  return summary;
}

async function lighthouseSummary(): Promise<SummaryLine[]> {
  const audit = await auditPages(LIGHTHOUSE_RUNS);
  if (audit === null) return [];
  const summary: SummaryLine[] = [];
  for (const { page, formFactor, runs, median: scores, metrics } of audit.scores) {
    const line =
      `performance ${scores.performance}, accessibility ${scores.accessibility}, ` +
      `best practices ${scores["best-practices"]}, SEO ${scores.seo}`;
    console.log(
      `page: lighthouse ${formFactor} ${page}: ${line} (median of ${runs.length}; performance runs ` +
        `${runs.map((run) => run.performance).join(", ")}; median run ${metrics})`,
    );
    summary.push({
      figure: `Lighthouse ${formFactor}, ${page} (median of ${runs.length})`,
      value: `${line}; ${metrics}`,
    });
  }
  for (const { page, viewport, violations } of audit.axe) {
    console.log(
      `page: axe-core ${page} at ${viewport}: ${violations.length === 0 ? "no violations" : violations.join(", ")}`,
    );
  }
  const found = audit.axe.filter((finding) => finding.violations.length > 0);
  summary.push({
    figure: "axe-core, the three pages at 360 px and 1280 px wide",
    value:
      found.length === 0
        ? "no violations"
        : found.map((finding) => `${finding.page} ${finding.viewport}: ${finding.violations.join(", ")}`).join("; "),
  });
  return summary;
}
