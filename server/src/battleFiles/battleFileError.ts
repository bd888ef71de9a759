/**
 * A battle file Arena cannot read (missing, malformed): `where: problem`, with `where` being
 * `file:line` or the file, kept to one line. The command line prints it and exits with code 2.
 */
export class BattleFileError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem.replace(/\s+/g, " ").trim()}`);
  }
}
