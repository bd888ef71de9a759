/**
 * A problem the person at the command line can fix (a bad option, a malformed battle file):
 * reported as one line on stderr with exit code 2, never with a stack.
 */
export class CliError extends Error {}

/** `where: message` with `where` being `file:line`, a file, or an option; kept to one line. */
export function cliError(where: string, message: string): CliError {
  return new CliError(`${where}: ${message.replace(/\s+/g, " ").trim()}`);
}
