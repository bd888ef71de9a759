/**
 * Hostile input: more than 10,000 random and malformed payloads, every client→server event (and
 * unknown ones, and malformed socket.io packets) and every HTTP route, against a real server
 * process. Each must be refused with a well-formed error — an error ack with a known code, a 4xx
 * with a JSON body, or a closed connection for what the protocol itself cannot carry — and none may
 * crash the server, log an internal error, or change the database.
 * FUZZ_SEED=<n> replays a run (the seed is printed).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import querystring from "node:querystring";
import { fileURLToPath } from "node:url";

import {
  type Ack,
  battleContinueSchema,
  type BattleEnd,
  type BattleStarted,
  battleStartSchema,
  battleVoteSchema,
  errorCodes,
  leaderboardFilterSchema,
  leaderboardQuerySchema,
} from "@arena/shared/protocol";
import Database from "better-sqlite3";
import { io as connect, type Socket } from "socket.io-client";
// The encoder and decoder both ends use (socket.io and socket.io-client depend on it). A handler
// receives the payload after this round trip (NaN → null, undefined dropped, Buffers rebuilt), so
// that is what must fail the schema.
import { Decoder, Encoder, type Packet, PacketType } from "socket.io-parser";

import { type ChildServer, startChildServer, tempArenaDir } from "../support/childServer.ts";
import { TINY_PACK } from "../support/server.ts";

const SOCKET_PAYLOADS = 7_000;
const RAW_PACKETS = 400;
const OVERSIZE_MESSAGES = 12;
const HTTP_REQUESTS = 2_700;
const RAW_HTTP_REQUESTS = 60;
const FUZZ_SOCKETS = 8;
const IN_FLIGHT_PER_SOCKET = 25;

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** What an error message must never contain: stack frames, source files, local paths. */
const LEAK = new RegExp(
  `\\n\\s*at |node_modules|\\.tsx?\\b|/(?:home|work|tmp|usr|etc)/|${REPO_ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
);
const KNOWN_CODES = new Set<string>(errorCodes);

type Schema = { safeParse(value: unknown): { success: boolean } };
const EVENTS: Record<string, Schema> = {
  "battle:start": battleStartSchema,
  "battle:continue": battleContinueSchema,
  "battle:vote": battleVoteSchema,
  "leaderboard:watch": leaderboardFilterSchema,
  "leaderboard:unwatch": leaderboardFilterSchema,
};
const RESERVED_EVENTS = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

// ---- randomness ---------------------------------------------------------------------------

/** mulberry32, with the few draws the generators need. */
class Dice {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(256)));
  }
  unicode(length: number): string {
    // Any UTF-16 code unit, lone surrogates included.
    return String.fromCharCode(
      ...Array.from({ length }, () => (this.chance(0.5) ? this.int(0x80) : this.int(0x10000))),
    );
  }
}

// ---- hostile values -----------------------------------------------------------------------

const LONE_SURROGATES = ["\ud800", "\udfff", "a\ud83d", "\ude00b", "\ud800\ud800", "x\udc00\ud800y"];
const ODD_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
  "then",
  "ok",
  "error",
  "battleId",
  "winner",
  "prompt",
  "language",
  "category",
  "",
  " ",
  "a.b",
  "0",
  "length",
  "\ud800",
  "𝔘𝔫𝔦",
];
const NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1,
  -1,
  0.5,
  1e308,
  -1e308,
  5e-324,
  2 ** 53 + 2,
  2 ** 31,
  -(2 ** 31) - 1,
];
const NEAR_WINNERS = ["A", "B", "TIE", "both_bad", "bothBad", "a ", " b", "", "c", "tie (bothbad)", "model_a", "ａ"];
const NEAR_LANGUAGES = ["EN", "eng", "e", "", "und ", "en-US", "zz1", "<script>", "fr\u0000", "english"];
const NEAR_CATEGORIES = ["Writing", "-x", "_x", "a".repeat(41), "", "math!", "c a t", "écriture"];

class Hostile {
  constructor(
    private readonly dice: Dice,
    private readonly battleIds: string[],
  ) {}

  string(): string {
    const d = this.dice;
    switch (d.int(12)) {
      case 0:
        return d.pick(["", " ", "\t\n ", "\u0000", "\u202eevil", "' OR 1=1 --", "%E0%A4%A", "NaN", "null", "[]", "{}"]);
      case 1:
        return d.pick(LONE_SURROGATES);
      case 2:
        return "<script>alert(1)</script><img src=x onerror=alert(2)>";
      case 3:
        return "x".repeat(8_001 + d.int(40_000)); // over the prompt limit, under the message limit
      case 4:
        return d.unicode(1 + d.int(60));
      case 5:
        return d.pick(NEAR_WINNERS);
      case 6:
        return d.pick(NEAR_LANGUAGES);
      case 7:
        return d.pick(NEAR_CATEGORIES);
      case 8:
        return this.battleId();
      case 9:
        return "A".repeat(d.pick([15, 16, 22, 64, 65]));
      default:
        return d.pick(["a", "b", "tie", "bothbad", "en", "und", "writing", "Hello?"]);
    }
  }

  battleId(): string {
    const d = this.dice;
    const real = d.pick(this.battleIds);
    return d.pick([
      real,
      real,
      `${real}x`,
      real.toLowerCase(),
      real.slice(1),
      ` ${real}`,
      `${real}\n`,
      `${real}\ud800`,
      "../../etc/passwd",
      "A".repeat(22),
    ]);
  }

  binary(): unknown {
    const d = this.dice;
    const bytes = d.bytes(d.int(300));
    return d.pick([
      () => bytes,
      () => new Uint8Array(bytes),
      () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      () => new Float64Array([NaN, -0, Infinity]),
      () => Buffer.alloc(0),
    ])();
  }

  value(depth = 2): unknown {
    const d = this.dice;
    switch (d.int(depth > 0 ? 10 : 7)) {
      case 0:
        return d.pick(NUMBERS);
      case 1:
        return d.pick([true, false, null, undefined]);
      case 2:
      case 3:
        return this.string();
      case 4:
        return this.binary();
      case 5:
        // eslint-disable-next-line no-sparse-arrays -- a hole is one of the shapes a client can send
        return d.pick([new Date(d.int(2 ** 40)), new Map([["prompt", "x"]]), new Set([1]), [, 1], Object.create(null)]);
      case 6:
        return d.int(1e6) - 5e5;
      case 7:
        return Array.from({ length: d.int(5) }, () => this.value(depth - 1));
      default:
        return this.object(depth - 1);
    }
  }

  /** An object with odd keys; `__proto__` as an own, enumerable key (as JSON.parse makes it). */
  object(depth = 1, keys = 1 + this.dice.int(4)): Record<string, unknown> {
    const target: Record<string, unknown> = {};
    for (let i = 0; i < keys; i++) {
      const key = this.dice.chance(0.7) ? this.dice.pick(ODD_KEYS) : this.dice.unicode(1 + this.dice.int(8));
      Object.defineProperty(target, key, {
        value: this.value(depth),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return target;
  }

  /** Something like `shape` with one or more fields wrong, missing or added. */
  mutate(shape: Record<string, () => unknown>): unknown {
    const d = this.dice;
    if (d.chance(0.12)) return this.value(2); // not an object at all
    const payload: Record<string, unknown> = {};
    for (const [field, valid] of Object.entries(shape)) {
      const roll = d.next();
      if (roll < 0.25) continue; // missing
      payload[field] = roll < 0.55 ? valid() : this.value(1);
    }
    // Own properties, as JSON.parse makes them (Object.assign would set a `__proto__` key as the prototype).
    if (d.chance(0.3)) Object.defineProperties(payload, Object.getOwnPropertyDescriptors(this.object(1, 1)));
    return payload;
  }

  payloadFor(event: string): unknown {
    const d = this.dice;
    switch (event) {
      case "battle:start":
        return this.mutate({ prompt: () => this.string() });
      case "battle:continue":
        return this.mutate({ battleId: () => this.battleId(), prompt: () => d.pick(["Go on.", this.string()]) });
      case "battle:vote":
        return this.mutate({
          battleId: () => this.battleId(),
          winner: () => d.pick(["a", "b", "tie", "bothbad", ...NEAR_WINNERS]),
        });
      default:
        return this.mutate({
          language: () => d.pick(["en", "und", ...NEAR_LANGUAGES]),
          category: () => d.pick(["writing", ...NEAR_CATEGORIES]),
        });
    }
  }
}

/**
 * The arguments exactly as the server's handler receives them (after encoding and decoding), or
 * null when the client itself cannot encode them (the binary encoder copies objects by assignment,
 * so an own `__proto__` key holding a Date makes JSON.stringify throw in the client).
 */
function onTheWire(args: unknown[]): { args: unknown[]; largestFrame: number; attachments: number } | null {
  let decoded: Packet | undefined;
  const decoder = new Decoder();
  decoder.on("decoded", (packet: Packet) => (decoded = packet));
  let parts: Array<string | Buffer>;
  try {
    parts = new Encoder().encode({ type: PacketType.EVENT, nsp: "/", data: args, id: 1 }) as Array<string | Buffer>;
    for (const part of parts) decoder.add(part);
  } catch {
    return null;
  }
  return {
    args: (decoded!.data as unknown[]).slice(1),
    largestFrame: Math.max(
      ...parts.map((part) => (typeof part === "string" ? Buffer.byteLength(part) : part.byteLength)),
    ),
    attachments: parts.length - 1,
  };
}

/** Whether `ack` is a proper refusal (with `code` if given); the problem otherwise. */
function refusalProblem(ack: unknown, code?: string): string | null {
  if (typeof ack !== "object" || ack === null) return `not an ack object: ${String(ack)}`;
  const { ok, error } = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (ok !== false || Object.keys(ack).sort().join() !== "error,ok")
    return `not a refusal: ${JSON.stringify(ack).slice(0, 200)}`;
  if (typeof error !== "object" || error === null || Object.keys(error).sort().join() !== "code,message")
    return `malformed error: ${JSON.stringify(error)}`;
  if (typeof error.code !== "string" || !KNOWN_CODES.has(error.code)) return `unknown code ${String(error.code)}`;
  if (code && error.code !== code) return `code ${error.code}, expected ${code}: ${String(error.message)}`;
  if (typeof error.message !== "string" || error.message.length === 0) return "empty message";
  if (LEAK.test(error.message)) return `message leaks internals: ${error.message.slice(0, 300)}`;
  return null;
}

const describeValue = (value: unknown) => {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 160);
  } catch {
    return String(value).slice(0, 160);
  }
};

// ---- the database, as bytes that must not move ---------------------------------------------

function hashDatabase(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash("sha256");
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string;
      sql: string;
    }>;
    for (const { name, sql } of tables) {
      hash.update(`${sql}\n`);
      for (const row of db
        .prepare(`SELECT * FROM "${name.replaceAll('"', '""')}" ORDER BY rowid`)
        .raw()
        .iterate()) {
        hash.update(
          `${JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString("base64") : value))}\n`,
        );
      }
    }
    return hash.digest("hex");
  } finally {
    db.close();
  }
}

// ---- socket.io ----------------------------------------------------------------------------

type FuzzSocket = { socket: Socket; gone: Promise<"gone"> };

async function openSocket(url: string): Promise<FuzzSocket> {
  const socket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  const gone = new Promise<"gone">((resolve) => socket.once("disconnect", () => resolve("gone")));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return { socket, gone };
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms).unref())]);

/** Runs `tasks` with at most `limit` at a time. */
async function inParallel(limit: number, tasks: Array<() => Promise<void>>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

// ---- HTTP ---------------------------------------------------------------------------------

type HttpAnswer = { status: number; type: string; body: string };

let connectionRetries = 0;

/**
 * One request; a connection reset before any answer is retried twice on a fresh connection. A
 * kept-alive connection can be closed by the server after its previous answer (say, after a body
 * it did not read) just as the agent reuses it, and on a busy machine a fresh loopback connection
 * can meet a port still in TIME_WAIT. A request that makes the server drop the connection every
 * time still fails.
 */
async function httpRequest(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await httpAttempt(attempt === 0 ? agent : undefined, port, method, path, body, headers);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt === 2 || (code !== "ECONNRESET" && code !== "EPIPE")) throw error;
      connectionRetries++;
    }
  }
}

function httpAttempt(
  agent: http.Agent | undefined,
  port: number,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, method, path, agent: agent ?? false, headers },
      (response) => {
        const parts: Buffer[] = [];
        response.on("data", (part: Buffer) => parts.push(part));
        response.on("end", () =>
          resolve({
            status: response.statusCode!,
            type: String(response.headers["content-type"] ?? ""),
            body: Buffer.concat(parts).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Sends bytes as they are; resolves with the status of the answer, or 0 if the connection closed without one. */
function rawHttp(port: number, bytes: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.setEncoding("latin1");
    socket.on("data", (data: string) => (answer += data));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.setTimeout(5_000, () => socket.destroy());
    socket.write(bytes, "latin1", () => socket.end());
  });
}

/** %-encodes every byte but the unreserved ones (encodeURIComponent throws on lone surrogates). */
const percentEncode = (text: string) =>
  [...Buffer.from(text, "utf8")]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");

const QUERY_ROUTES = ["/api/leaderboard", "/api/leaderboard/matrix"];
const PLAIN_ROUTES = ["/api/health", "/api/models", "/api/languages", "/api/categories"];

type HttpCase = {
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  expect: "400" | "404" | "same" | "4xx";
};

/** A request to send, or null to draw again (one the schema accepts, or near Node's 16 KiB header limit). */
function httpCase(dice: Dice, hostile: Hostile): HttpCase | null {
  const drawn = drawHttpCase(dice, hostile);
  if (!drawn) return null;
  const bytes = Buffer.byteLength(drawn.path);
  // Past Node's header limit the HTTP parser answers 431 before Express; too close to it, either may answer.
  if (bytes > 16_500) return { ...drawn, expect: "4xx" };
  return bytes > 15_500 ? null : drawn;
}

function drawHttpCase(dice: Dice, hostile: Hostile): HttpCase | null {
  const query = () => {
    const pairs: string[] = [];
    for (let i = 0, n = dice.int(4); i < n; i++) {
      const key = dice.pick([
        "language",
        "category",
        "language",
        "__proto__",
        "constructor[prototype][x]",
        "language[]",
        "",
        "Language",
        "foo",
        percentEncode(dice.unicode(3)),
      ]);
      const value = dice.pick([
        () => percentEncode(hostile.string()).slice(0, 12_000),
        () =>
          dice.pick([
            "en",
            "fr",
            "und",
            "writing",
            "%E0%A4%A",
            "%zz",
            "%",
            "%00",
            "a%20b",
            "%F0%9F%8C",
            "x".repeat(10_000),
          ]),
        () => "",
      ])();
      pairs.push(dice.chance(0.1) ? key : `${key}=${value}`);
    }
    return pairs.join(dice.pick(["&", "&", "&&", ";"]));
  };

  const roll = dice.int(20);
  if (roll < 9) {
    // A table route with a query its schema refuses.
    const route = dice.pick(QUERY_ROUTES) + dice.pick(["", "", "/"]);
    const qs = query();
    if (leaderboardQuerySchema.safeParse(querystring.parse(qs)).success) return null;
    return { method: dice.pick(["GET", "GET", "GET", "HEAD"]), path: `${route}?${qs}`, expect: "400" };
  }
  if (roll < 12) {
    // A route without parameters ignores its query string.
    return { method: dice.pick(["GET", "HEAD"]), path: `${dice.pick(PLAIN_ROUTES)}?${query()}`, expect: "same" };
  }
  if (roll < 15) {
    // A wrong method on a real route, maybe with a body.
    const body = dice.chance(0.5)
      ? (JSON.stringify(hostile.value()) ?? "")
      : dice.chance(0.05)
        ? "x".repeat(1 << 20)
        : undefined;
    return {
      method: dice.pick(["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
      path: dice.pick([...QUERY_ROUTES, ...PLAIN_ROUTES]) + (dice.chance(0.3) ? `?${query()}` : ""),
      ...(body !== undefined
        ? {
            body,
            headers: {
              "content-type": dice.pick([
                "application/json",
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
              ]),
            },
          }
        : {}),
      expect: "404",
    };
  }
  if (roll < 19) {
    // No such API route: unknown names, the admin API without a token, odd spellings.
    const path = dice.pick([
      () => `/api/${percentEncode(hostile.string()).slice(0, 2_000)}`,
      () =>
        `/api/admin/${dice.pick(["", "battles", "votes", "export", "models", "sessions/x", "..%2f..", "%E0%A4%A"])}`,
      () =>
        dice.pick([
          "/api",
          "/api/",
          "/api//health",
          "/api/health/x",
          "/api/leaderboard/x",
          "/api/leaderboard%2Fmatrix",
          "/api/%68ealth",
          "/api/./health",
          "/api/../api/health",
          "/api/%",
          "/api/%E0%A4%A",
          "/api/leaderboard%zz",
          "/api/health%00",
        ]),
    ])();
    return {
      method: dice.pick(["GET", "GET", "HEAD", "POST", "DELETE"]),
      path: path + (dice.chance(0.3) ? `?${query()}` : ""),
      expect: "404",
    };
  }
  // The page's routes with broken %-escapes: refused, whatever the body.
  return {
    method: "GET",
    path: dice.pick([
      "/model/%E0%A4%A",
      "/model/%",
      "/model/%zz",
      "/model/a%2",
      "/assets/%E0",
      "/%zz",
      "/leaderboard%",
    ]),
    expect: "4xx",
  };
}

const RAW_HTTP = [
  "BREW /api/health HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
  "GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  "GET /api/health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
  `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${"y".repeat(20_000)}\r\n\r\n`,
  `GET /api/leaderboard?language=${"z".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  "GET /api/he alth HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /api/health\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /api/\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n",
  "\r\n\r\n\r\n",
  "GET\r\n\r\n",
  "POST /api/leaderboard HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
];

// ---- the test -----------------------------------------------------------------------------

describe("hostile input", function () {
  this.timeout(120_000);
  let server: ChildServer;
  let dbFile: string;
  let voter: Socket;
  let openBattleId: string;
  const battleIds: string[] = [];

  before(async () => {
    const dir = tempArenaDir([TINY_PACK]);
    dbFile = dir.dbFile;
    server = await startChildServer({
      ARENA_DB: dbFile,
      ARENA_CONFIG: dir.configFile,
      ARENA_STREAM_DELAY_MS: "0",
      ARENA_RATE_LIMITS: "off", // thousands of requests from one address; refusals by rate are tested elsewhere
      ARENA_ADMIN_TOKEN: undefined, // without a token, /api/admin/* must not exist
    });
    // Some real battles, two voted and one open, so that payloads can aim at real ids.
    voter = (await openSocket(server.url)).socket;
    for (let i = 0; i < 3; i++) {
      const ends = new Set<string>();
      const ended = new Promise<void>((resolve) => {
        const onEnd = (end: BattleEnd) => {
          ends.add(end.side);
          if (ends.size === 2) {
            voter.off("battle:end", onEnd);
            resolve();
          }
        };
        voter.on("battle:end", onEnd);
      });
      const started = (await voter.emitWithAck("battle:start", {})) as Ack<BattleStarted>;
      assert.ok(started.ok, JSON.stringify(started));
      await ended;
      battleIds.push(started.data.battleId);
      if (i < 2) {
        const vote = (await voter.emitWithAck("battle:vote", {
          battleId: started.data.battleId,
          winner: "a",
        })) as Ack<unknown>;
        assert.ok(vote.ok, JSON.stringify(vote));
      }
    }
    openBattleId = battleIds[2]!;
  });

  after(async () => {
    if (server && !server.running()) console.log(`      the server exited:\n${server.output.slice(-30).join("\n")}`);
    voter?.disconnect();
    await server?.kill("SIGTERM");
  });

  it("refuses 10,000 malformed payloads with well-formed errors, never crashes, never writes", async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
    console.log(`      fuzz seed: FUZZ_SEED=${seed}`);
    const dice = new Dice(seed);
    const hostile = new Hostile(dice, battleIds);
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const databaseBefore = hashDatabase(dbFile);
    const problems: string[] = [];
    const counts: Record<string, number> = {};
    const count = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);
    const started = Date.now();

    // -- socket.io events, through the real client --------------------------------------------
    type Emission = { event: string; args: unknown[]; expect: "invalid_payload" | "nothing" };
    const emissions: Emission[] = [];
    let regenerated = 0;
    while (emissions.length < SOCKET_PAYLOADS) {
      const unknown = dice.chance(0.1);
      const event = unknown
        ? dice.pick([
            "battle:Start",
            "battle:vote ",
            "battle",
            "vote",
            "constructor",
            "__proto__",
            "toString",
            "hasOwnProperty",
            "emit",
            "",
            "x".repeat(5_000),
            "leaderboard:*",
            dice.unicode(6),
          ])
        : dice.pick(Object.keys(EVENTS));
      const payload = unknown ? hostile.value() : hostile.payloadFor(event);
      const mode = dice.int(100);
      let args: unknown[];
      if (mode < 75) args = [payload];
      else if (mode < 83)
        args = [payload, ...Array.from({ length: 1 + dice.int(3) }, () => hostile.value(1))]; // extra arguments
      else if (mode < 88)
        args = []; // the ack alone
      else args = [payload]; // below: no ack at all
      const withAck = mode < 88;
      // Only what the schema refuses (as the server will see it); extra arguments are refused whatever they hold.
      const wire = onTheWire([event, ...args]);
      // Over the message limit or socket.io-parser's 10 attachments, the connection is dropped: tested apart below.
      const droppable = !wire || wire.largestFrame > 60_000 || wire.attachments > 10;
      if (droppable || (!unknown && args.length === 1 && EVENTS[event]!.safeParse(wire.args[0]).success)) {
        regenerated++;
        continue;
      }
      emissions.push({ event, args, expect: !withAck ? "nothing" : "invalid_payload" });
    }

    const sockets = await Promise.all(Array.from({ length: FUZZ_SOCKETS }, () => openSocket(server.url)));
    await Promise.all(
      sockets.map(async (fuzz, index) => {
        const mine = emissions.filter((_, i) => i % FUZZ_SOCKETS === index);
        await inParallel(
          IN_FLIGHT_PER_SOCKET,
          mine.map(({ event, args, expect }) => async () => {
            count(`socket ${expect}`);
            const what = `${event} ${describeValue(args)}`;
            if (expect === "nothing") {
              fuzz.socket.emit(event, ...args);
              return;
            }
            const ack = new Promise<unknown>((resolve) => fuzz.socket.emit(event, ...args, resolve));
            const answer = await within(Promise.race([ack, fuzz.gone]), 15_000);
            if (answer === "gone") problems.push(`${what}: the server dropped the connection`);
            else if (answer === "timeout") problems.push(`${what}: no ack within 15 s`);
            else {
              const problem = refusalProblem(answer, "invalid_payload");
              if (problem) problems.push(`${what}: ${problem}`);
            }
          }),
        );
        // Packets of one connection are handled in order: once this is answered, every earlier
        // event has been seen, and unknown ones have had their chance to answer.
        const sentinel = await within(fuzz.socket.emitWithAck("leaderboard:watch", { language: 1 }), 15_000);
        if (refusalProblem(sentinel, "invalid_payload"))
          problems.push(`socket ${index}: sentinel ${describeValue(sentinel)}`);
        if (!fuzz.socket.connected) problems.push(`socket ${index} was disconnected`);
        fuzz.socket.disconnect();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const socketDone = Date.now();

    // -- messages over the 64 KiB limit or with over 10 binary attachments: the server drops the connection --------------------------
    await inParallel(
      4,
      Array.from({ length: OVERSIZE_MESSAGES }, (_, i) => async () => {
        count("socket oversize");
        const fuzz = await openSocket(server.url);
        const huge = [
          { prompt: "x".repeat(1 << 20) },
          { prompt: dice.bytes(1 << 20) },
          { prompt: Array.from({ length: 11 }, () => dice.bytes(4)) },
        ][i % 3]!;
        const event = dice.pick(Object.keys(EVENTS));
        const answer = await within(Promise.race([fuzz.socket.emitWithAck(event, huge), fuzz.gone]), 15_000);
        if (answer !== "gone")
          problems.push(`oversize ${event} #${i % 3}: expected a dropped connection, got ${describeValue(answer)}`);
        fuzz.socket.disconnect();
      }),
    );

    // -- malformed socket.io packets, written straight to the engine -----------------------------
    const deepArray = "[".repeat(10_000) + "]".repeat(10_000);
    const deepObject = '{"":'.repeat(10_000) + "1" + "}".repeat(10_000);
    const rawPackets: Array<() => { frames: Array<string | Buffer>; expect: "invalid_payload" | "any" }> = [
      () => ({ frames: [`2#["${dice.pick(Object.keys(EVENTS))}",${deepArray}]`], expect: "invalid_payload" }),
      () => ({ frames: [`2#["${dice.pick(Object.keys(EVENTS))}",${deepObject}]`], expect: "invalid_payload" }),
      () => ({
        frames: [
          `2#["${dice.pick(Object.keys(EVENTS))}",{"__proto__":{"prompt":"x","language":"en"},"constructor":{"prototype":{"polluted":1}}}]`,
        ],
        expect: "invalid_payload",
      }),
      () => ({
        frames: [`2#["${dice.pick(RESERVED_EVENTS)}",${describeValue(hostile.value(1)) || "{}"}]`],
        expect: "any",
      }),
      () => ({ frames: [`2#[${dice.pick(["42", "null", "{}", "[]", "true", '""'])},{}]`], expect: "any" }),
      () => ({
        frames: [
          dice.pick([
            "2#[]",
            "2#{}",
            '2#"battle:start"',
            '2#["battle:start",NaN]',
            '2#["battle:start",{}',
            "2#",
            '2-1["battle:start",{}]',
            `2${"9".repeat(30)}["battle:vote",1]`,
          ]),
        ],
        expect: "any",
      }),
      () => ({
        frames: [
          dice.pick([
            "3#[{}]",
            "3#[]",
            "6#[]",
            "7",
            "9",
            "4{}",
            "x",
            "",
            "0/admin,",
            '2/admin,#["battle:start",1]',
            "5#[]",
          ]),
        ],
        expect: "any",
      }),
      () => ({
        frames: ['51-#["battle:start",{"prompt":{"_placeholder":true,"num":7}}]', dice.bytes(8)],
        expect: "any",
      }),
      () => ({
        frames: ['51-#["battle:start",{"prompt":{"_placeholder":true,"num":0}}]', '2#["battle:start",1]'],
        expect: "any",
      }),
      () => ({ frames: ['5300-#["battle:start",{}]'], expect: "any" }),
      () => ({ frames: [dice.bytes(1 + dice.int(64))], expect: "any" }),
      () => ({ frames: [`2#["battle:start",{"prompt":"${"\\ud800".repeat(3)}","x":1}]`], expect: "invalid_payload" }),
    ];
    let rawId = 900_000;
    await inParallel(
      8,
      Array.from({ length: RAW_PACKETS }, () => {
        const make = dice.pick(rawPackets);
        return async () => {
          count("socket raw packet");
          const { frames, expect } = make();
          const fuzz = await openSocket(server.url);
          const id = rawId++;
          const sentinelId = rawId++;
          const answers = new Map<number, unknown>();
          const answered = new Map<number, () => void>();
          const engine = fuzz.socket.io.engine;
          engine.on("message", (data: unknown) => {
            const match = typeof data === "string" ? /^3(\d+)(\[.*)$/s.exec(data) : null;
            if (!match) return;
            try {
              answers.set(Number(match[1]), (JSON.parse(match[2]!) as unknown[])[0]);
            } catch {
              answers.set(Number(match[1]), data);
            }
            answered.get(Number(match[1]))?.();
          });
          const ackOf = (ackId: number) => new Promise<void>((resolve) => answered.set(ackId, resolve));
          const sentinelAnswered = ackOf(sentinelId);
          for (const frame of frames) engine.send(typeof frame === "string" ? frame.replace("#", String(id)) : frame);
          engine.send(`2${sentinelId}["leaderboard:watch",{"language":2}]`);
          const outcome = await within(Promise.race([sentinelAnswered, fuzz.gone]), 15_000);
          const what = `raw ${describeValue(frames.map((f) => (typeof f === "string" ? f.slice(0, 80) : "<binary>")))}`;
          if (outcome === "timeout") problems.push(`${what}: neither answered nor closed within 15 s`);
          if (answers.has(id)) {
            const problem = refusalProblem(
              answers.get(id),
              expect === "invalid_payload" ? "invalid_payload" : undefined,
            );
            if (problem) problems.push(`${what}: ${problem}`);
          } else if (expect === "invalid_payload")
            problems.push(`${what}: no refusal (${outcome === "gone" ? "closed" : "no answer"})`);
          count(`socket raw ${outcome === "gone" ? "closed" : answers.has(id) ? "refused" : "ignored"}`);
          fuzz.socket.disconnect();
        };
      }),
    );
    const rawDone = Date.now();

    // -- HTTP ---------------------------------------------------------------------------------
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const clean = new Map<string, string>();
    for (const route of PLAIN_ROUTES) clean.set(route, (await httpRequest(agent, server.port, "GET", route)).body);
    const cases: HttpCase[] = [];
    while (cases.length < HTTP_REQUESTS) {
      const next = httpCase(dice, hostile);
      if (next) cases.push(next);
      else regenerated++;
    }
    await inParallel(
      16,
      cases.map((c) => async () => {
        count(`http ${c.expect}`);
        const what = `${c.method} ${c.path.slice(0, 200)}`;
        let answer: HttpAnswer;
        try {
          answer = await httpRequest(agent, server.port, c.method, c.path, c.body, c.headers);
        } catch (error) {
          problems.push(`${what}: ${(error as Error).message}`);
          return;
        }
        if (answer.status >= 500) {
          problems.push(`${what}: ${answer.status} ${answer.body.slice(0, 200)}`);
          return;
        }
        if (c.expect === "4xx") {
          if (answer.status < 400) problems.push(`${what}: ${answer.status}, expected a refusal`);
          return;
        }
        if (c.expect === "same") {
          const route = c.path.split("?")[0]!;
          if (answer.status !== 200) problems.push(`${what}: ${answer.status}, expected 200`);
          else if (c.method === "GET" && answer.body !== clean.get(route))
            problems.push(`${what}: answer differs from the plain request`);
          return;
        }
        const status = Number(c.expect);
        if (answer.status !== status) {
          problems.push(`${what}: ${answer.status}, expected ${status}: ${answer.body.slice(0, 200)}`);
          return;
        }
        if (c.method === "HEAD") return;
        if (!answer.type.startsWith("application/json")) {
          problems.push(`${what}: ${answer.status} as ${answer.type}, expected JSON`);
          return;
        }
        const problem = refusalProblem(
          { ok: false, ...(JSON.parse(answer.body) as object) },
          status === 400 ? "invalid_payload" : "not_found",
        );
        if (problem) problems.push(`${what}: ${problem}`);
      }),
    );
    agent.destroy();

    // Requests Node's HTTP parser refuses before Express sees them: a 4xx or a closed connection.
    for (let i = 0; i < RAW_HTTP_REQUESTS; i++) {
      const bytes = RAW_HTTP[i % RAW_HTTP.length]!;
      count("http raw");
      const status = await rawHttp(server.port, bytes);
      if (status >= 500 || (status > 0 && status < 400))
        problems.push(`raw HTTP ${JSON.stringify(bytes.slice(0, 60))}: ${status}`);
    }
    const httpDone = Date.now();

    // -- afterwards ---------------------------------------------------------------------------
    const total = Object.entries(counts)
      .filter(([kind]) => !kind.startsWith("socket raw ") || kind === "socket raw packet")
      .reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `      ${total} payloads (${regenerated} valid ones regenerated): socket ${socketDone - started} ms, raw packets ${rawDone - socketDone} ms, ` +
        `HTTP ${httpDone - rawDone} ms (${connectionRetries} connection resets retried)`,
    );
    console.log(`      ${JSON.stringify(counts)}`);
    assert.ok(total >= 10_000, `only ${total} payloads`);

    assert.equal(server.running(), true, `the server exited:\n${server.output.slice(-20).join("\n")}`);
    const failures = server.output.flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
        return (entry.level ?? 0) >= 50 ? [`${entry.msg}: ${entry.err?.message ?? ""}`] : [];
      } catch {
        return line.trim() ? [`not a log line: ${line.slice(0, 200)}`] : [];
      }
    });
    assert.deepEqual(problems.slice(0, 40), [], `${problems.length} problems`);
    assert.deepEqual(failures, [], "the server logged errors");
    assert.equal(hashDatabase(dbFile), databaseBefore, "the database changed");
    assert.deepEqual(
      Object.getOwnPropertyNames(Object.prototype).sort(),
      prototypeBefore,
      "Object.prototype changed in the test process",
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);

    // Still serving, and the open battle, aimed at by thousands of bad votes, still takes its voter's vote.
    assert.deepEqual(JSON.parse((await httpRequest(new http.Agent(), server.port, "GET", "/api/health")).body), {
      ok: true,
    });
    const vote = (await voter.emitWithAck("battle:vote", { battleId: openBattleId, winner: "b" })) as Ack<unknown>;
    assert.ok(vote.ok, JSON.stringify(vote));
  });
});
