/**
 * The language detector: resident memory added by loading eld's "medium" n-grams as eld does
 * (`import "eld/medium"`: one JavaScript object per n-gram) against our compact tables (typed
 * arrays read from eld's file), the time each takes to load, and detections per second of each
 * over the MT-bench and pack texts. Each detector runs in a child process of its own (a fresh
 * heap), one after the other.
 */
import { BenchChild } from "./benchChild.ts";
import type { Detector, LanguageChildReport } from "./languageChild.ts";
import { count, formatBytes, formatMs, type SummaryLine } from "./measure.ts";

const LABELS: Record<Detector, string> = { eld: "eld/medium", compact: "compact tables" };

async function runChild(detector: Detector): Promise<LanguageChildReport> {
  const child = new BenchChild<never, LanguageChildReport>(
    `language ${detector}`,
    new URL("./languageChild.ts", import.meta.url).pathname,
    [detector],
  );
  try {
    return await child.next("result", 120_000);
  } finally {
    await child.stop();
  }
}

export async function benchLanguage(): Promise<SummaryLine[]> {
  console.log("\nlanguage detector (eld medium set), each in a fresh child process:");
  const summary: SummaryLine[] = [];
  const reports: Partial<Record<Detector, LanguageChildReport>> = {};
  for (const detector of ["eld", "compact"] as const) {
    const report = await runChild(detector);
    reports[detector] = report;
    const label = LABELS[detector];
    const added = report.rssAfter - report.rssBefore;
    console.log(
      `  ${label.padEnd(15)} RSS +${formatBytes(added)} (${formatBytes(report.rssBefore)} → ${formatBytes(report.rssAfter)}), ` +
        `load ${formatMs(report.loadMs)} (CPU ${formatMs(report.loadCpuMs)}), ` +
        `${count(Math.round(report.detectionsPerSecond))} detections/s over ${count(report.texts)} texts`,
    );
    summary.push(
      { figure: `language: RSS added by loading ${label}`, value: formatBytes(added) },
      {
        figure: `language: ${label} load time (CPU)`,
        value: `${formatMs(report.loadMs)} (${formatMs(report.loadCpuMs)})`,
      },
      {
        figure: `language: ${label} detections/s (MT-bench + packs texts)`,
        value: count(Math.round(report.detectionsPerSecond)),
      },
    );
  }
  if (reports.eld?.languages !== reports.compact?.languages) {
    console.log(
      `  the two detectors found different languages:\n    eld: ${reports.eld?.languages}\n    compact: ${reports.compact?.languages}`,
    );
  } else {
    console.log(`  both found: ${reports.eld?.languages}`);
  }
  return summary;
}
