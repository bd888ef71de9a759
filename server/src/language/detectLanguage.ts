/**
 * The server's language detector: eld's "medium" data, read from the eld package on first use into
 * compact tables (~3 MiB of typed arrays, ~9 MiB of resident memory in all, ~0.1 s of CPU, where
 * importing `eld/medium` costs ~185 MiB and 1–3 s), run by shared/src/language.ts. Loading is
 * synchronous, so callers keep a plain function.
 */
import fs from "node:fs";

import { type EldData, parseEldNgrams, promptLanguage } from "@arena/shared/language";

/** eld's own source folder (eld/src/): its package exports only entry points, not its tables. */
const ELD_SOURCE = new URL("../", import.meta.resolve("eld/medium"));

// The small tables are imported as eld exports them (one character list, one number per
// language, one RegExp), so they cannot drift from eld; only the n-grams are read as text.
const [{ dictionary }, { avgScore }, { separators }] = (await Promise.all([
  import(new URL("dictionary.js", ELD_SOURCE).href),
  import(new URL("avgScore.js", ELD_SOURCE).href),
  import(new URL("regexPatterns.js", ELD_SOURCE).href),
])) as [{ dictionary: string[] }, { avgScore: Record<string, number> }, { separators: RegExp }];

let eld: EldData | undefined;

/** Reads eld's medium n-gram set into compact tables (tests compare them with eld's own). */
export function loadEldMedium(): EldData {
  const { languages, table } = parseEldNgrams(fs.readFileSync(new URL("ngrams/medium.js", ELD_SOURCE), "utf8"));
  return { languages, ngrams: table, dictionary, avgScore, separators };
}

/** ISO 639-1 code of the prompt's language, or `und`; the first call loads the detector's data. */
export function detectLanguage(text: string): string {
  eld ??= loadEldMedium();
  return promptLanguage(eld, text);
}
