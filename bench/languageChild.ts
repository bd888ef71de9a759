/**
 * Child process of the language benchmark (bench/language.ts forks it once per detector): loads
 * one detector in a fresh process, so that the memory it adds is its own, then times detections.
 *
 *   languageChild.ts eld       eld's own `eld/medium` (its n-grams as JavaScript objects)
 *   languageChild.ts compact   ours (server/src/language/detectLanguage.ts: typed arrays)
 */
import { performance } from "node:perf_hooks";

import { packTexts, TEXT_PACKS } from "../test/support/packTexts.ts";
import { ownCpuMs } from "./benchChild.ts";
import { collectGarbage } from "./measure.ts";

export type Detector = "eld" | "compact";

/** Child → parent: one report, then the child exits. */
export type LanguageChildReport = {
  type: "result";
  /** Resident memory after full collections, before loading the detector and after (bytes). */
  rssBefore: number;
  rssAfter: number;
  loadMs: number;
  loadCpuMs: number;
  texts: number;
  detectionsPerSecond: number;
  /** Languages found, so the two detectors' runs can be seen to agree. */
  languages: string;
};

const settledRss = () => {
  for (let pass = 0; pass < 3; pass++) collectGarbage();
  return process.memoryUsage().rss;
};

async function loadDetector(detector: Detector): Promise<(text: string) => string> {
  if (detector === "eld") {
    const { eld } = await import("eld/medium");
    return (text) => {
      const result = eld.detect(text);
      return result.isReliable() ? result.language : "?";
    };
  }
  const { loadEldMedium } = await import("../server/src/language/detectLanguage.ts");
  const { detectWithEld } = await import("@arena/shared/language/eldDetector");
  const data = loadEldMedium();
  return (text) => {
    const result = detectWithEld(data, text);
    return result.reliable ? result.language : "?";
  };
}

const detector = process.argv[2] as Detector;
const texts = TEXT_PACKS.flatMap(packTexts);
const rssBefore = settledRss();
const started = performance.now();
const cpuStarted = ownCpuMs();
const detect = await loadDetector(detector);
detect("bonjour"); // a first detection, for whatever the detector defers to it
const loadMs = performance.now() - started;
const loadCpuMs = ownCpuMs() - cpuStarted;
const rssAfter = settledRss();

// Whole passes over the texts for at least two seconds (the first pass warms the JIT up, untimed).
const languages = new Map<string, number>();
for (const text of texts) {
  const language = detect(text);
  languages.set(language, (languages.get(language) ?? 0) + 1);
}
let detections = 0;
const timed = performance.now();
while (performance.now() - timed < 2000) {
  for (const text of texts) detect(text);
  detections += texts.length;
}
const report: LanguageChildReport = {
  type: "result",
  rssBefore,
  rssAfter,
  loadMs,
  loadCpuMs,
  texts: texts.length,
  detectionsPerSecond: detections / ((performance.now() - timed) / 1000),
  languages: [...languages]
    .sort(([, x], [, y]) => y - x)
    .map(([language, n]) => `${language} ${n}`)
    .join(", "),
};
process.send!(report);
process.disconnect();
