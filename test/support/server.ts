/**
 * Starts the real arena (createApp) on 127.0.0.1 port 0 with a temporary SQLite file, and gives
 * tests typed socket.io clients. Nothing is mocked: the same code path `npm start` runs.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type {
  Ack,
  BattleChunk,
  BattleEnd,
  BattleStarted,
  ClientToServerEvents,
  ServerToClientEvents,
  Side,
  Winner,
} from "@arena/shared/protocol";
import { io as connect, type Socket } from "socket.io-client";

import { type Arena, createApp } from "../../server/src/app.ts";
import type { Infrastructure } from "../../server/src/arena.ts";
import { type ArenaSettings, DEMO_PACK, readConfig } from "../../server/src/config.ts";
import type { RateLimitSettings } from "../../server/src/limits/rateLimits.ts";
import { createLogger } from "../../server/src/logger.ts";
import { loadPack } from "../../server/src/packs/loadPack.ts";
import { buildPromptPool } from "../../server/src/packs/promptPool.ts";
import { type LiveModelConfig, liveModelSchema } from "../../server/src/providers/liveModel.ts";
import { openSqliteStore } from "../../server/src/store/sqlite.ts";

export const TINY_PACK = fileURLToPath(new URL("../fixtures/tiny-pack", import.meta.url));
export const MT_BENCH = fileURLToPath(new URL("../../../shared/data/mt-bench", import.meta.url));
export const CLIENT_DIST = fileURLToPath(new URL("../../client/dist", import.meta.url));
export { DEMO_PACK };

export type ArenaClient = Socket<ServerToClientEvents, ClientToServerEvents>;
/** A client with the session token it connected under (to reconnect as the same voter). */
export type VoterClient = ArenaClient & { session: string };

export type TestServer = {
  url: string;
  port: number;
  dbFile: string;
  arena: Arena;
  close(): Promise<void>;
};

/** Settings a test changes, section by section: each section a Partial of the config's own. */
export type SettingsOverrides = { [Section in keyof ArenaSettings]?: Partial<ArenaSettings[Section]> };

export type TestServerOptions = SettingsOverrides & {
  packs?: string[];
  /** Reuse a database file (restart tests); by default a fresh temporary one. */
  dbFile?: string;
  /** Parts that replace the test server's own (a PostgreSQL store, a fixed clock, seeded randomness, a shared session key). */
  infrastructure?: Partial<Infrastructure>;
};

/** `base` with each section of `overrides` laid over its own. */
export function withSettings(base: ArenaSettings, overrides: SettingsOverrides): ArenaSettings {
  const merged: Record<string, object> = { ...base };
  for (const [section, values] of Object.entries(overrides)) merged[section] = { ...merged[section], ...values };
  return merged as ArenaSettings;
}

/**
 * What a test server runs with: the configuration of an empty environment, listening on 127.0.0.1
 * port 0, quiet, without the page, streaming without pauses and pushing every 50 ms; no rate
 * limits and no daily cap, since tests vote far faster and more than a person (rate-limit and
 * integrity tests set their own). Then `overrides`.
 */
export function testSettings(overrides: SettingsOverrides = {}): ArenaSettings {
  const defaults = readConfig({});
  return withSettings(
    withSettings(defaults, {
      server: { port: 0, host: "127.0.0.1", logLevel: "silent", clientDist: undefined },
      battles: { streamDelayMs: 0 },
      leaderboard: { pushIntervalMs: 50 },
      limits: { rates: null },
      integrity: { dailyVoteCap: 0 },
    }),
    overrides,
  );
}

/** A live model entry as the models file would give it, with short test timeouts. */
export function liveModel(id: string, baseURL: string, overrides: Partial<LiveModelConfig> = {}): LiveModelConfig {
  return liveModelSchema.parse({
    id,
    type: "openai",
    baseURL,
    model: id,
    firstTokenTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
    ...overrides,
  });
}

export function tempDbFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "arena-test-")), "arena.db");
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { packs = [TINY_PACK], dbFile = tempDbFile(), infrastructure, ...overrides } = options;
  const settings = testSettings(overrides);
  const arena = await createApp(settings, {
    store: infrastructure?.store ?? openSqliteStore(dbFile),
    pool: buildPromptPool(packs.map(loadPack)),
    logger: createLogger(settings.server.logLevel),
    clock: () => new Date(),
    random: Math.random,
    sessionSecret: randomBytes(32),
    ...infrastructure,
  });
  await new Promise<void>((resolve) => arena.httpServer.listen(settings.server.port, settings.server.host, resolve));
  const { port } = arena.httpServer.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dbFile,
    arena,
    async close() {
      if (closed) return;
      closed = true;
      await arena.close();
    },
  };
}

/** A connected client; pass `session` to come back as an earlier voter. */
export async function connectClient(url: string, session?: string): Promise<VoterClient> {
  const socket: ArenaClient = connect(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: session ? { session } : {},
  });
  // A client that presented a valid token gets no grant and keeps its own; one without a token,
  // or whose token the server refused, gets a new one right after connecting.
  const client: VoterClient = Object.assign(socket, { session: session ?? "" });
  const granted = new Promise<void>((resolve) =>
    socket.on("session", ({ token }) => {
      client.session = token;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  if (!session) await granted;
  return client;
}

/** Emits an event and resolves with its ack (whatever it says). */
export function request<E extends keyof ClientToServerEvents>(
  socket: ArenaClient,
  event: E,
  payload: unknown,
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) => {
    (socket as unknown as Socket).emit(event, payload, resolve);
  });
}

/** Emits raw arguments (for malformed calls) and resolves with the ack, or "no-ack" after `waitMs`. */
export function emitRaw(socket: ArenaClient, event: string, args: unknown[], waitMs = 300): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("no-ack"), waitMs);
    (socket as unknown as Socket).emit(event, ...args, (response: unknown) => {
      clearTimeout(timer);
      resolve(response);
    });
  });
}

/** Rate limits high enough not to matter, but for the ones a test sets. */
export const generousLimits = (overrides: Partial<RateLimitSettings>): RateLimitSettings => ({
  battlesPerMinute: 1000,
  votesPerMinute: 1000,
  ipBattlesPerMinute: 1000,
  ipVotesPerMinute: 1000,
  connectionsPerIp: 1000,
  apiRequestsPerMinute: 1000,
  ...overrides,
});

/** An ack's error code, or "ok". */
export const codeOf = (ack: Ack<unknown>): string => (ack.ok ? "ok" : ack.error.code);

export function expectOk<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok ack, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** One voter at `url` plays a battle for each of `winners` and votes it so; then disconnects. */
export async function voteBattles(url: string, winners: readonly Winner[]): Promise<void> {
  const voter = await connectClient(url);
  try {
    for (const winner of winners) {
      const battle = await playBattle(voter);
      expectOk(await request(voter, "battle:vote", { battleId: battle.battleId, winner }));
    }
  } finally {
    voter.disconnect();
  }
}

export type PlayedBattle = BattleStarted & {
  answers: Record<Side, string>;
  ends: Record<Side, BattleEnd>;
  chunks: BattleChunk[];
};

/** Starts a battle and waits until both sides have ended. */
export async function playBattle(socket: ArenaClient, payload: object = {}): Promise<PlayedBattle> {
  const chunks: BattleChunk[] = [];
  const ends: Partial<Record<Side, BattleEnd>> = {};
  let onChunk!: (chunk: BattleChunk) => void;
  let onEnd!: (end: BattleEnd) => void;
  const finished = new Promise<void>((resolve) => {
    onChunk = (chunk) => chunks.push(chunk);
    onEnd = (end) => {
      ends[end.side] = end;
      if (ends.a && ends.b) resolve();
    };
  });
  socket.on("battle:chunk", onChunk);
  socket.on("battle:end", onEnd);
  try {
    const started = expectOk(await request(socket, "battle:start", payload));
    await finished;
    const mine = chunks.filter((chunk) => chunk.battleId === started.battleId);
    const answerOf = (side: Side) =>
      mine
        .filter((chunk) => chunk.side === side)
        .map((chunk) => chunk.text)
        .join("");
    return {
      ...started,
      answers: { a: answerOf("a"), b: answerOf("b") },
      ends: ends as Record<Side, BattleEnd>,
      chunks: mine,
    };
  } finally {
    socket.off("battle:chunk", onChunk);
    socket.off("battle:end", onEnd);
  }
}

/** Resolves with the next event of that name, or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ArenaClient,
  event: E,
  timeoutMs = 1000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  type Payload = Parameters<ServerToClientEvents[E]>[0];
  const untyped = socket as unknown as Socket;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      untyped.off(event as string, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Payload): void => {
      clearTimeout(timer);
      resolve(payload);
    };
    untyped.once(event as string, listener);
  });
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

export type ArenaFixture = {
  server: TestServer;
  /** A connected voter, new for each test. */
  voter: VoterClient;
  /** Another client on the current server, closed after the test. */
  connect(session?: string): Promise<VoterClient>;
  /** Replaces the server (and the voter) with one started with other options. */
  restart(options: TestServerOptions): Promise<void>;
};

/**
 * Mocha hooks giving every test of the enclosing `describe` a fresh server on a temporary
 * database and a connected voter; everything is closed after each test.
 */
export function useArenaPerTest(options: TestServerOptions = {}): ArenaFixture {
  let clients: ArenaClient[] = [];
  const fixture: ArenaFixture = {
    server: undefined as unknown as TestServer,
    voter: undefined as unknown as VoterClient,
    async connect(session) {
      const client = await connectClient(fixture.server.url, session);
      clients.push(client);
      return client;
    },
    async restart(next) {
      await stop();
      await begin(next);
    },
  };
  const begin = async (serverOptions: TestServerOptions) => {
    fixture.server = await startTestServer(serverOptions);
    fixture.voter = await fixture.connect();
  };
  const stop = async () => {
    for (const client of clients) client.disconnect();
    clients = [];
    await fixture.server.close();
  };
  beforeEach(() => begin(options));
  afterEach(stop);
  return fixture;
}
