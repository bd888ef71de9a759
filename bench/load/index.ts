/**
 * `npm run load`: the real server in a child process, N socket.io clients in another, each looping
 * battle:start → both battle:end → battle:vote; then the same clients against a bare socket.io echo
 * server. Prints votes/s, ack latencies, errors, lost votes, the server's CPU and memory, and
 * arena/echo. Load goes to 127.0.0.1 only and is bounded in time and count (`--help`).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { machineLine } from "../measure.ts";
import { OptionError, parseLoadOptions, USAGE } from "./options.ts";
import { type PhaseResult, runPhase } from "./phase.ts";
import { cleanUp, type ServerProcess, startArena, startEcho, tempDir } from "./processes.ts";
import { mainThreadProfile, type ProfileSummary } from "./profile.ts";
import { formatReport } from "./report.ts";
import { checkStoredVotes, type StoredVotes, type VoteStore } from "./storedVotes.ts";

let options;
try {
  options = parseLoadOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof OptionError)) throw error;
  if (error.message) process.stderr.write(`load: ${error.message}\n`);
  process.stderr.write(`${USAGE}\n`);
  process.exit(error.message ? 2 : 0);
}
const log = (line: string) => process.stderr.write(`${line}\n`);
const machine = machineLine();
log(machine);

let servers: ServerProcess[] = [];
let store: VoteStore | null = null;
let profileDir: string | null = null;
let targets: string[];
if (options.targets) {
  targets = options.targets;
  if (options.db) store = { sqliteFile: path.resolve(options.db) };
  else if (options.databaseUrl) store = { databaseUrl: options.databaseUrl };
} else {
  const dir = tempDir();
  const configFile = path.join(dir, "models.json");
  fs.writeFileSync(configFile, JSON.stringify({ packs: [options.pack] }));
  const dbFile = path.join(dir, "arena.db");
  store = options.databaseUrl ? { databaseUrl: options.databaseUrl } : { sqliteFile: dbFile };
  // Kept after the run (not a temp folder of this run) so the profile can be opened in DevTools.
  if (options.profile) profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-load-profile-"));
  const env: Record<string, string> = {
    ARENA_CONFIG: configFile,
    ARENA_DB: dbFile,
    ARENA_RATE_LIMITS: "off",
    ARENA_STREAM_DELAY_MS: "0",
    LOG_LEVEL: "warn",
    // One secret for every server, so a voter's session is valid on all of them.
    ARENA_SESSION_SECRET: randomBytes(32).toString("base64url"),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  };
  servers = await Promise.all(
    Array.from({ length: options.servers }, (_, index) =>
      startArena(
        `arena ${index + 1}`,
        env,
        index === 0 && profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
      ),
    ),
  );
  targets = servers.map((server) => server.url);
  log(
    `arena: ${servers.length} server(s) at ${targets.join(", ")} (${options.databaseUrl ? "PostgreSQL" : `SQLite ${dbFile}`}, pack ${options.pack})`,
  );
}

let arena: PhaseResult;
let stored: StoredVotes | null = null;
let echo: PhaseResult | null = null;
let profile: ProfileSummary | null = null;
try {
  const { okVoteBattleIds, ...result } = await runPhase(
    "arena",
    targets,
    servers.map((server) => server.pid),
    options,
    log,
  );
  arena = result;
  // Read while the servers still run: an acked vote must already be on disk, not only after a clean close.
  if (store) stored = await checkStoredVotes(store, okVoteBattleIds);
  await Promise.all(servers.map((server) => server.stop()));
  if (profileDir) profile = mainThreadProfile(profileDir);

  if (options.echo) {
    // The echo server repeats the arena's traffic shape: its mean chunks per battle and their size.
    const chunksPerSide = Math.max(1, Math.round(arena.chunksPerBattle / 2));
    const chunkChars = arena.chunksPerBattle > 0 ? Math.round(arena.textCharsPerBattle / arena.chunksPerBattle) : 100;
    const echoServer = await startEcho(chunksPerSide, chunkChars);
    log(`echo: ${echoServer.url}, ${chunksPerSide} chunk(s) of ${chunkChars} characters a side`);
    try {
      const { okVoteBattleIds: _ids, ...result } = await runPhase(
        "echo",
        [echoServer.url],
        [echoServer.pid],
        options,
        log,
      );
      echo = result;
    } finally {
      await echoServer.stop();
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  cleanUp();
}

const run = {
  machine: machine.replace(/^machine: /, ""),
  // A password in --database-url is not printed.
  command: ["npm run load", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])]
    .join(" ")
    .replace(/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g, "$1***@"),
  options: { ...options, databaseUrl: options.databaseUrl ? "(set)" : undefined },
  arena,
  stored,
  echo,
  ratio: echo && echo.votesPerSecond > 0 ? arena.votesPerSecond / echo.votesPerSecond : null,
  profile: profile && profileDir ? { ...profile, dir: profileDir } : null,
};
if (options.json) process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
else process.stdout.write(formatReport(run));
// Every child is gone; a socket.io client handle must not keep the run alive.
process.exit(0);

export type LoadRun = typeof run;
