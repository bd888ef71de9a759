// The axe callback runs in the browser: typed with the DOM library (bench/tsconfig.json has only Node's).
/// <reference lib="dom" />
/**
 * Lighthouse (the `lighthouse` npm package, 12.x) and axe-core against the compiled server, as a
 * visitor's browser sees the three pages a visitor lands on: the battle (`/`), the leaderboard and a
 * model's page. The server is what `npm run serve` runs (`node server/dist/server.js`, so
 * `npm run build` first) on a free port, with the demo pack and a few hundred stored votes so that
 * the leaderboard and the model page have content.
 *
 * Lighthouse drives Debian's Chromium (`--headless=new --no-sandbox`) over its DevTools port, each
 * run a fresh navigation with the default settings: mobile (Moto G Power emulation, 4× CPU slowdown,
 * simulated slow 4G) and desktop (lighthouse's desktop config). Scores are the median of the runs.
 * axe-core runs in playwright with `bypassCSP`: the page's Content-Security-Policy rightly refuses
 * the injected script otherwise.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Winner } from "@arena/shared/protocol";
import lighthouse, { desktopConfig } from "lighthouse";
import { chromium } from "playwright-core";

import { loadPack } from "../server/src/packs/loadPack.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../test/support/browser.ts";
import { startChildServer, tempArenaDir } from "../test/support/childServer.ts";
import { type InjectedVote, injectVotes } from "../test/support/injectVotes.ts";
import { DEMO_PACK } from "../test/support/server.ts";
import { median } from "./measure.ts";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
type Category = (typeof CATEGORIES)[number];
type Scores = Record<Category, number>;
type Run = Scores & { metrics: string };
export type FormFactor = "mobile" | "desktop";
export type PageScores = { page: string; formFactor: FormFactor; runs: Run[]; median: Scores; metrics: string };
export type AxeFinding = { page: string; viewport: string; violations: string[] };

const VOTES = 400;
const WINNERS: Winner[] = ["a", "a", "b", "tie", "bothbad"];
/** Long enough for Chromium on a busy 2-core machine. */
const DEVTOOLS_TIMEOUT_MS = 30_000;

/** Stored votes among the demo pack's models, in two languages, so every page has a full table. */
function seededVotes(models: string[]): InjectedVote[] {
  const votes: InjectedVote[] = [];
  for (let index = 0; index < VOTES; index++) {
    const a = models[index % models.length]!;
    const b = models[(index * 7 + 1 + Math.floor(index / models.length)) % models.length]!;
    if (a === b) continue;
    votes.push({
      session: `lighthouse-${index % 40}`,
      modelA: a,
      modelB: b,
      // Skewed towards the earlier models so the table has an order and intervals.
      winner: models.indexOf(a) < models.indexOf(b) && index % 3 !== 0 ? "a" : WINNERS[index % WINNERS.length]!,
      language: index % 4 === 0 ? "fr" : "en",
    });
  }
  return votes;
}

/** Chromium with a DevTools port, for Lighthouse; resolves with the port once it listens. */
async function launchChromium(): Promise<{ port: number; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "arena-lighthouse-"));
  const child: ChildProcess = spawn(
    CHROMIUM_PATH,
    [
      "--headless=new",
      ...CHROMIUM_ARGS,
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "--disable-extensions",
      "--mute-audio",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail("no DevTools port"), DEVTOOLS_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`chromium: ${why}\n${output}`));
    };
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (data: string) => {
      output += data;
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then(() => fail("exited before listening"));
  });
  return {
    port,
    async close() {
      child.kill("SIGTERM");
      await exited;
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function runLighthouse(url: string, port: number, formFactor: FormFactor): Promise<Run> {
  const result = await lighthouse(
    url,
    { port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] },
    formFactor === "desktop" ? desktopConfig : undefined,
  );
  if (!result) throw new Error(`lighthouse gave no result for ${url}`);
  const { categories, audits } = result.lhr;
  const score = (category: Category) => Math.round((categories[category]?.score ?? 0) * 100);
  const value = (audit: string) => audits[audit]?.displayValue ?? "?";
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    "best-practices": score("best-practices"),
    seo: score("seo"),
    metrics:
      `FCP ${value("first-contentful-paint")}, LCP ${value("largest-contentful-paint")}, ` +
      `TBT ${value("total-blocking-time")}, CLS ${value("cumulative-layout-shift")}`,
  };
}

/** axe-core's violations on `url` at each viewport, after the page has settled. */
async function runAxe(pages: Array<{ name: string; url: string }>): Promise<AxeFinding[]> {
  const axeSource = fs.readFileSync(fileURLToPath(import.meta.resolve("axe-core/axe.min.js")), "utf8");
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const findings: AxeFinding[] = [];
  try {
    for (const viewport of [
      { width: 360, height: 740 },
      { width: 1280, height: 800 },
    ]) {
      for (const { name, url } of pages) {
        const context = await browser.newContext({ viewport, bypassCSP: true });
        try {
          const page = await context.newPage();
          await page.goto(url, { waitUntil: "networkidle" });
          await page.addScriptTag({ content: axeSource });
          const violations = await page.evaluate(async () => {
            const axe = (
              window as unknown as {
                axe: { run(): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> };
              }
            ).axe;
            const { violations } = await axe.run();
            return violations.map((violation) => `${violation.id} (${violation.nodes.length})`);
          });
          findings.push({ page: name, viewport: `${viewport.width}×${viewport.height}`, violations });
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
  return findings;
}

/**
 * Lighthouse `runs` times per page and form factor, and one axe-core pass per page and viewport.
 * Null without Chromium.
 */
export async function auditPages(runs: number): Promise<{ scores: PageScores[]; axe: AxeFinding[] } | null> {
  if (!fs.existsSync(CHROMIUM_PATH)) return null;
  const models = [...new Set(loadPack(DEMO_PACK).answers.map((answer) => answer.model))].sort();
  const { dir, dbFile, configFile } = tempArenaDir([DEMO_PACK]);
  await injectVotes(dbFile, seededVotes(models));
  const server = await startChildServer(
    { ARENA_DB: dbFile, ARENA_CONFIG: configFile, ARENA_RATE_LIMITS: "off" },
    60_000,
    { compiled: true },
  );
  try {
    const pages = [
      { name: "/", url: `${server.url}/` },
      { name: "/leaderboard", url: `${server.url}/leaderboard` },
      { name: `/model/${models[0]}`, url: `${server.url}/model/${encodeURIComponent(models[0]!)}` },
    ];
    const scores: PageScores[] = [];
    const browser = await launchChromium();
    try {
      // One unmeasured run warms Chromium and the server.
      await runLighthouse(pages[0]!.url, browser.port, "mobile");
      for (const formFactor of ["mobile", "desktop"] as const) {
        for (const { name, url } of pages) {
          const results: Run[] = [];
          for (let run = 0; run < runs; run++) results.push(await runLighthouse(url, browser.port, formFactor));
          const medianOf = (category: Category) => median(results.map((result) => result[category]));
          const byPerformance = [...results].sort((x, y) => x.performance - y.performance);
          scores.push({
            page: name,
            formFactor,
            runs: results,
            median: {
              performance: medianOf("performance"),
              accessibility: medianOf("accessibility"),
              "best-practices": medianOf("best-practices"),
              seo: medianOf("seo"),
            },
            // The metrics of the median run by performance.
            metrics: byPerformance[byPerformance.length >> 1]!.metrics,
          });
        }
      }
    } finally {
      await browser.close();
    }
    return { scores, axe: await runAxe(pages) };
  } finally {
    await server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
