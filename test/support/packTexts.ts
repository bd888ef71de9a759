/**
 * Real prompt and answer texts, for comparing language detectors: every question and answer turn
 * of the MT-bench data (../shared/data/mt-bench) and of the repository's own packs.
 */
import fs from "node:fs";

const ROOT = new URL("../../", import.meta.url);

/** FastChat pack folders (question.jsonl + model_answer/*.jsonl) holding real texts. */
export const TEXT_PACKS = [
  new URL("../shared/data/mt-bench/", ROOT),
  new URL("server/packs/demo/", ROOT),
  new URL("test/fixtures/tiny-pack/", ROOT),
  new URL("test/fixtures/hostile-pack/", ROOT),
];

/** Every question turn and answer turn of a FastChat pack folder. */
export function packTexts(folder: URL): string[] {
  const lines = (file: URL) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "");
  const texts: string[] = [];
  for (const line of lines(new URL("question.jsonl", folder)))
    texts.push(...(JSON.parse(line) as { turns: string[] }).turns);
  const answers = new URL("model_answer/", folder);
  for (const file of fs.readdirSync(answers)) {
    for (const line of lines(new URL(file, answers))) {
      for (const choice of (JSON.parse(line) as { choices: Array<{ turns: string[] }> }).choices)
        texts.push(...choice.turns);
    }
  }
  return texts;
}
