/**
 * The `arena` command line (`npm run --silent arena -- <command>`): dispatch only. Each command
 * lives in `cli/`; mistakes the person can fix exit with code 2 and one line on stderr.
 */
import { BattleFileError } from "./battleFiles/battleFileError.ts";
import { CliError } from "./cli/cliError.ts";
import { type OptionSpec, parseArgs, type ParsedArgs } from "./cli/options.ts";
import { USAGE } from "./cli/usage.ts";
import { ConfigError } from "./configError.ts";

/** `run` may end with an exit code of its own (a run that stopped short); none is 0. */
type Command = { options: OptionSpec; run: (parsed: ParsedArgs) => Promise<void | number> };

// Loaded on demand: `rate` never loads the database drivers, the web server or the SDKs.
const COMMANDS: Record<string, () => Promise<Command>> = {
  rate: async () => {
    const { RATE_OPTIONS, runRate } = await import("./cli/rate.ts");
    return { options: RATE_OPTIONS, run: runRate };
  },
  "import-battles": async () => {
    const { IMPORT_OPTIONS, runImportBattles } = await import("./cli/importBattles.ts");
    return { options: IMPORT_OPTIONS, run: runImportBattles };
  },
  "export-battles": async () => {
    const { EXPORT_OPTIONS, runExportBattles } = await import("./cli/exportBattles.ts");
    return { options: EXPORT_OPTIONS, run: runExportBattles };
  },
  agreement: async () => {
    const { AGREEMENT_OPTIONS, runAgreement } = await import("./cli/agreement.ts");
    return { options: AGREEMENT_OPTIONS, run: runAgreement };
  },
  judge: async () => {
    const { JUDGE_OPTIONS, runJudgePack } = await import("./cli/judgePack.ts");
    return { options: JUDGE_OPTIONS, run: runJudgePack };
  },
  "migrate-to-postgres": async () => {
    const { MIGRATE_OPTIONS, runMigrateToPostgres } = await import("./cli/migrateToPostgres.ts");
    return { options: MIGRATE_OPTIONS, run: runMigrateToPostgres };
  },
};

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stderr.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`arena: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  const command = await load();
  const parsed = parseArgs(name, rest, command.options);
  if (parsed.help) {
    process.stderr.write(USAGE);
    return 0;
  }
  return (await command.run(parsed)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode rather than exit(): stdout may still be flushing into a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError || error instanceof BattleFileError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`arena: ${error.message.replace(/\s*\n\s*/g, "; ")}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`arena: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
