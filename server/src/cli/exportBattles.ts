/**
 * `arena export-battles [--format json|jsonl|csv] [--output FILE]`: every voted battle of the
 * database as a battle file (see battleFiles/writeBattleFile.ts), on stdout or into FILE,
 * streamed page by page. What it writes imports back with `import-battles` and rates with `rate`.
 */
import fs from "node:fs";

import { BATTLE_FILE_FORMATS } from "../battleFiles/formats.ts";
import { battleFileLines, writeLines } from "../battleFiles/writeBattleFile.ts";
import { openStore } from "../store/openStore.ts";
import { readStoreConfig } from "../storeConfig.ts";
import { cliError } from "./cliError.ts";
import { fromInvocationDir, noArguments, oneOf, optionValue, type ParsedArgs } from "./options.ts";

export const EXPORT_OPTIONS = { format: "value", output: "value" } as const;

export async function runExportBattles(parsed: ParsedArgs): Promise<void> {
  noArguments("export-battles", parsed);
  const format = optionValue(
    "export-battles",
    parsed,
    "format",
    oneOf(BATTLE_FILE_FORMATS),
    BATTLE_FILE_FORMATS.join(", ").replace(/, (\w+)$/, " or $1"),
    "jsonl",
  );
  const output = parsed.values.get("output");
  const config = readStoreConfig();
  const { databaseFile } = config;
  if (config.databaseUrl === undefined && databaseFile !== ":memory:" && !fs.existsSync(databaseFile)) {
    throw cliError("arena export-battles", `no database at ${databaseFile} (set ARENA_DB or DATABASE_URL)`);
  }
  const store = await openStore(config);
  let written = 0;
  try {
    const target = output === undefined ? process.stdout : fs.createWriteStream(fromInvocationDir(output));
    // CSV reads the battles twice (its header names every field first): count the last pass.
    const pages = async function* () {
      written = 0;
      for await (const page of store.battlePages()) {
        written += page.length;
        yield page;
      }
    };
    try {
      await writeLines(target, battleFileLines(pages, format));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The reader went away (`| head`): what it wanted, it got.
      if (output === undefined && code === "EPIPE") return;
      throw cliError(output ?? "stdout", `cannot be written (${code ?? String(error)})`);
    }
  } finally {
    await store.close();
  }
  process.stderr.write(`exported ${written} battles (${format})${output === undefined ? "" : ` to ${output}`}\n`);
}
