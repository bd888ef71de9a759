/** Entry point: configuration → store, packs, session key → app → listen. */
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
