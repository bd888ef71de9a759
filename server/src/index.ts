/** Entry point: configuration → store, packs, session key → app → listen. */
import v8 from "node:v8";

import { createApp } from "./app.ts";
import { ConfigError, readConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { loadPack, PackError } from "./packs/loadPack.ts";
import { buildPromptPool } from "./packs/promptPool.ts";
import { loadSessionSecret } from "./sessions/secret.ts";
import { openStore, storeLocation } from "./store/openStore.ts";

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.server.logLevel);
  const pool = buildPromptPool(config.models.packs.map(loadPack));
  const store = await openStore(config.store, { logger });
  const arena = await createApp(config, {
    store,
    pool,
    logger,
    clock: () => new Date(),
    random: Math.random,
    // With DATABASE_URL, config requires ARENA_SESSION_SECRET, so no file beside ARENA_DB is used.
    sessionSecret: loadSessionSecret(config.sessions.secret, config.store.databaseFile),
  });

  const { port: configuredPort, host } = config.server;
  arena.httpServer.listen(configuredPort, host, () => {
    limitHeapGrowth();
    const address = arena.httpServer.address();
    const port = typeof address === "object" && address ? address.port : configuredPort;
    logger.info(
      {
        port,
        database: storeLocation(config.store),
        prompts: pool.prompts.length,
        models: pool.models.length,
        rateLimits: config.limits.rates ? "on" : "off",
      },
      `Arena is serving on http://localhost:${port}`,
    );
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    arena.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

/**
 * How far V8 lets the old generation grow past what its last full collection kept, once serving.
 * V8 picks up to 4× for a process that allocates fast, and under load nearly all that a battle
 * allocates lives a loop long (≈ 0.2 s), long enough to be promoted before it dies: the server's
 * RSS swung between ≈ 250 and 330 MiB around a 45 MiB live heap (`npm run load`,
 * docs/BENCHMARKS.md). 50 % bounds that slack for a few more full collections (≈ 10 ms each, part
 * of them on a helper thread). Set once listening: the start, which reads every stored vote, keeps
 * V8's own choice. A value given to node (`--heap-growing-percent`) wins.
 */
const SERVING_HEAP_GROWTH_PERCENT = 50;

function limitHeapGrowth(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((option) =>
    /heap[-_]growing[-_]percent/.test(option),
  );
  if (!given) v8.setFlagsFromString(`--heap-growing-percent=${SERVING_HEAP_GROWTH_PERCENT}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PackError) {
    process.stderr.write(`arena: cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(
      `arena: cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
