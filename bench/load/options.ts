/** `npm run load -- [options]`: the command line, parsed and checked once. */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { REPO_ROOT } from "./processes.ts";

export const USAGE = `npm run load -- [options]

  --clients N          socket.io clients (default 500), each looping battle:start → both ends → battle:vote
  --seconds S          length of each phase, warm-up included (default 20)
  --warmup S           first seconds left out of the figures (default 5)
  --max-votes N        at most this many votes per phase (default 200000)
  --pack demo|tiny|DIR answers the started server serves (default demo: the bundled demo pack)
  --servers N          arena servers to start (default 1; more than 1 needs --database-url)
  --database-url URL   start the servers on this PostgreSQL database (DATABASE_URL)
  --targets URL,URL    load these running servers instead (127.0.0.1 only); clients spread round-robin
  --db FILE            with --targets: their SQLite file, to count lost votes
  --workers N          client processes (default 1)
  --profile            run the (first) started server under node --cpu-prof and print its hot spots
  --no-echo            skip the bare socket.io echo server phase
  --json               print one JSON object on stdout instead of the table`;

export type LoadOptions = {
  clients: number;
  seconds: number;
  warmup: number;
  maxVotes: number;
  pack: string;
  servers: number;
  databaseUrl: string | undefined;
  targets: string[] | undefined;
  db: string | undefined;
  workers: number;
  profile: boolean;
  echo: boolean;
  json: boolean;
};

export class OptionError extends Error {}

const PACKS: Record<string, string> = {
  demo: path.join(REPO_ROOT, "server/packs/demo"),
  tiny: path.join(REPO_ROOT, "test/fixtures/tiny-pack"),
};

function whole(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new OptionError(`--${name} must be a whole number from ${min} to ${max}`);
  return number;
}

export function parseLoadOptions(argv: string[]): LoadOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        clients: { type: "string" },
        seconds: { type: "string" },
        warmup: { type: "string" },
        "max-votes": { type: "string" },
        pack: { type: "string" },
        servers: { type: "string" },
        "database-url": { type: "string" },
        targets: { type: "string" },
        db: { type: "string" },
        workers: { type: "string" },
        profile: { type: "boolean", default: false },
        "no-echo": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new OptionError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) throw new OptionError("");

  const seconds = whole("seconds", values.seconds, 20, 2, 110);
  const warmup = whole("warmup", values.warmup, 5, 0, seconds - 1);
  const servers = whole("servers", values.servers, 1, 1, 8);
  const databaseUrl = values["database-url"];
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new OptionError("--database-url must be a postgres:// URL");
  if (servers > 1 && databaseUrl === undefined) {
    throw new OptionError("--servers above 1 needs --database-url: several servers cannot share one SQLite file");
  }

  const targets = values.targets?.split(",").map((target) => target.trim().replace(/\/$/, ""));
  for (const target of targets ?? []) {
    // Load only ever goes to this machine.
    if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(target))
      throw new OptionError(`--targets: ${target} is not http://127.0.0.1:PORT`);
  }
  if (targets && values.servers !== undefined) throw new OptionError("--targets and --servers exclude each other");
  if (values.db !== undefined && !targets)
    throw new OptionError("--db goes with --targets (a started server's database is known)");
  if (targets && values.profile) throw new OptionError("--profile needs a server this run starts (not --targets)");

  const pack = PACKS[values.pack ?? "demo"] ?? path.resolve(values.pack!);
  if (!fs.existsSync(path.join(pack, "question.jsonl"))) throw new OptionError(`--pack: ${pack} has no question.jsonl`);

  return {
    clients: whole("clients", values.clients, 500, 1, 5_000),
    seconds,
    warmup,
    maxVotes: whole("max-votes", values["max-votes"], 200_000, 1, 10_000_000),
    pack,
    servers,
    databaseUrl,
    targets,
    db: values.db,
    workers: whole("workers", values.workers, 1, 1, 8),
    profile: values.profile,
    echo: !values["no-echo"],
    json: values.json,
  };
}
