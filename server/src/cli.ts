/**
 * The `arena` command line (`npm run --silent arena -- <command>`): dispatch only. Each command
 * lives in `cli/`; mistakes the person can fix exit with code 2 and one line on stderr.
 */
import { ConfigError } from "./config.ts";
import { CliError } from "./cli/cliError.ts";
import { EXPORT_OPTIONS, runExportBattles } from "./cli/exportBattles.ts";
import { IMPORT_OPTIONS, runImportBattles } from "./cli/importBattles.ts";
import { MIGRATE_OPTIONS, runMigrateToPostgres } from "./cli/migrateToPostgres.ts";
import { type OptionSpec, type ParsedArgs, parseArgs } from "./cli/options.ts";
import { RATE_OPTIONS, runRate } from "./cli/rate.ts";
import { USAGE } from "./cli/usage.ts";

const COMMANDS: Record<string, { options: OptionSpec; run: (parsed: ParsedArgs) => Promise<void> }> = {
  rate: { options: RATE_OPTIONS, run: runRate },
  "import-battles": { options: IMPORT_OPTIONS, run: runImportBattles },
  "export-battles": { options: EXPORT_OPTIONS, run: runExportBattles },
  "migrate-to-postgres": { options: MIGRATE_OPTIONS, run: runMigrateToPostgres },
};

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stderr.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`arena: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  const parsed = parseArgs(name, rest, command.options);
  if (parsed.help) {
    process.stderr.write(USAGE);
    return 0;
  }
  await command.run(parsed);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode rather than exit(): stdout may still be flushing into a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`arena: ${error.message.replace(/\s*\n\s*/g, "; ")}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`arena: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
