/** Entry point: configuration → store → packs → app → listen. */
import { fileURLToPath } from "node:url";
import { createApp } from "./app.ts";
import { ConfigError, readConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { PackError, loadPack } from "./packs/loadPack.ts";
import { buildPromptPool } from "./packs/promptPool.ts";
import { loadSessionSecret } from "./sessions/secret.ts";
import { openStore, storeLocation } from "./store/openStore.ts";

const CLIENT_DIST = fileURLToPath(new URL("../../client/dist", import.meta.url));

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const pool = buildPromptPool(config.packs.map(loadPack));
  const store = await openStore(config, { logger });
  const arena = await createApp({
    store,
    pool,
    logger,
    streamDelayMs: config.streamDelayMs,
    // With DATABASE_URL, config requires ARENA_SESSION_SECRET, so no file beside ARENA_DB is used.
    sessionSecret: loadSessionSecret(config.sessionSecret, config.databaseFile),
    sampling: config.sampling,
    liveModels: config.liveModels,
    identityWords: config.identityWords,
    maxTurns: config.maxTurns,
    minVotes: config.minVotes,
    rateLimits: config.rateLimits,
    trustProxy: config.trustProxy,
    adminToken: config.adminToken,
    dailyVoteCap: config.dailyVoteCap,
    duplicatePromptCap: config.duplicatePromptCap,
    anomalyLevel: config.anomalyLevel,
    anomalyCheckMinutes: config.anomalyCheckMinutes,
    clientDist: CLIENT_DIST,
    // On PostgreSQL every server is ready to share the arena with others (one alone simply leads).
    ...(config.databaseUrl ? { cluster: { databaseUrl: config.databaseUrl } } : {}),
  });

  arena.httpServer.listen(config.port, config.host, () => {
    const address = arena.httpServer.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    logger.info(
      {
        port,
        database: storeLocation(config),
        prompts: pool.prompts.length,
        models: pool.models.length,
        rateLimits: config.rateLimits ? "on" : "off",
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
    process.stderr.write(`arena: cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
