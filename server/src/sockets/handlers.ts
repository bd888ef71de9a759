/**
 * The socket.io boundary: every payload is parsed with its shared zod schema before a service sees
 * it, and every outcome goes back as an Ack. Nothing a client sends can throw past this file.
 */
import { battleReasonsSchema } from "@arena/shared/depth";
import {
  type Ack,
  type BattleChunk,
  battleContinueSchema,
  type BattleEnd,
  battleStartSchema,
  battleVoteSchema,
  type ClientToServerEvents,
  describeIssues,
  type LeaderboardFilter,
  leaderboardFilterSchema,
  type ServerToClientEvents,
} from "@arena/shared/protocol";
import type { Server, Socket } from "socket.io";
import type { z } from "zod";

import type { BattleService } from "../battles/service.ts";
import { toAckError } from "../errors.ts";
import { filterKey } from "../leaderboard/filters.ts";
import type { LeaderboardService } from "../leaderboard/service.ts";
import type { LimitedAction, RateLimits } from "../limits/rateLimits.ts";
import type { Logger } from "../logger.ts";
import type { SessionResolver } from "../sessions/session.ts";
import type { VoteService } from "../votes/service.ts";

type ArenaSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export type SocketDeps = {
  battles: BattleService;
  votes: VoteService;
  leaderboards: LeaderboardService;
  resolveSession: SessionResolver;
  logger: Logger;
  /** Battle and vote limits per session and address; null → unlimited. */
  rateLimits: RateLimits | null;
  /** The key a socket's client address is counted under. */
  addressOf: (socket: ArenaSocket) => string;
  /** A client watches a style-controlled table (its refits and pushes start then). */
  watchedStyle: (filter: LeaderboardFilter) => void;
  /** Told of every ack sent: its event, `ok` or the error code, and the seconds since the event arrived. */
  observeAck?: AckObserver;
};

export type AckObserver = (event: keyof ClientToServerEvents, outcome: string, seconds: number) => void;

/** What every handler reports to: the log (internal failures) and the ack observer. */
type HandlerContext = { logger: Logger; observeAck: AckObserver | undefined };

export function attachSocketHandlers(
  io: Server<ClientToServerEvents, ServerToClientEvents>,
  { battles, votes, leaderboards, resolveSession, logger, rateLimits, addressOf, watchedStyle, observeAck }: SocketDeps,
): void {
  const context: HandlerContext = { logger, observeAck };
  io.on("connection", (socket: ArenaSocket) => {
    const session = resolveSession(socket.handshake.auth);
    if (session.isNew) socket.emit("session", { token: session.token });
    const address = addressOf(socket);
    // Counted after the payload parsed and before the service runs: a refused call throws
    // `rate_limited` into the ack and writes nothing (nor stops the battle already streaming).
    const allow = async (action: LimitedAction) => rateLimits?.consume(action, session.hash, address);

    // One streaming battle per connection: a new battle or leaving stops the previous stream.
    let streaming = new AbortController();
    socket.on("disconnect", () => streaming.abort(STREAM_STOPPED));

    const emit = {
      chunk: (chunk: BattleChunk) => socket.emit("battle:chunk", chunk),
      end: (end: BattleEnd) => socket.emit("battle:end", end),
    };
    const restartStreaming = () => {
      streaming.abort(STREAM_STOPPED);
      streaming = new AbortController();
      return streaming.signal;
    };

    handle(socket, context, "battle:start", battleStartSchema, async (payload) => {
      await allow("battle");
      return battles.start(session.hash, payload, emit, restartStreaming);
    });

    handle(socket, context, "battle:continue", battleContinueSchema, async (payload) => {
      await allow("battle");
      return battles.continue(session.hash, payload, emit, restartStreaming);
    });

    handle(socket, context, "battle:vote", battleVoteSchema, async (payload) => {
      await allow("vote");
      return votes.record(session.hash, payload);
    });

    handle(socket, context, "battle:reasons", battleReasonsSchema, async (payload) => {
      await allow("vote");
      await votes.setReasons(session.hash, payload);
      return {};
    });

    handle(socket, context, "leaderboard:watch", leaderboardFilterSchema, async (filter) => {
      // Read first: an unknown judge is refused without joining a room that never gets pushes.
      const table = leaderboards.get(filter);
      await socket.join(filterKey(filter));
      if (filter.style === "control") watchedStyle(filter);
      return table;
    });

    handle(socket, context, "leaderboard:unwatch", leaderboardFilterSchema, async (filter) => {
      await socket.leave(filterKey(filter));
      return {};
    });

    // An event this server does not know, sent with an ack, is told so instead of left waiting.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== "function" || (typeof event === "string" && Object.hasOwn(HANDLED_EVENTS, event))) return;
      (ack as (response: Ack<never>) => void)({
        ok: false,
        error: { code: "invalid_payload", message: "There is no such event." },
      });
    });
  });
}

/**
 * Why a stream stops. One shared reason: `abort()` without one builds a DOMException, stack
 * included, at every battle a voter starts (a few per cent of the server's CPU under load).
 * Streams tell an abort by its name, "AbortError", which this keeps.
 */
const STREAM_STOPPED = new DOMException("The voter started another battle or left.", "AbortError");

/** Every event a client may send (the keys of ClientToServerEvents, checked by the type). */
const HANDLED_EVENTS: Record<keyof ClientToServerEvents, true> = {
  "battle:start": true,
  "battle:continue": true,
  "battle:vote": true,
  "battle:reasons": true,
  "leaderboard:watch": true,
  "leaderboard:unwatch": true,
};

/**
 * Registers `event` so that it expects exactly (payload, ack). A call without an ack function gets
 * no answer (there is nowhere to send one) and does nothing.
 */
function handle<Schema extends z.ZodType, Result>(
  socket: ArenaSocket,
  { logger, observeAck }: HandlerContext,
  event: keyof ClientToServerEvents,
  schema: Schema,
  run: (payload: z.output<Schema>) => Result | Promise<Result>,
): void {
  // socket.io types listeners per event; this one wrapper receives the raw, untrusted arguments.
  (socket as unknown as Socket).on(event, async (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== "function") return;
    const arrived = performance.now();
    const reply = (response: Ack<Result>) => {
      (ack as (response: Ack<Result>) => void)(response);
      observeAck?.(event, response.ok ? "ok" : response.error.code, (performance.now() - arrived) / 1000);
    };
    if (args.length !== 2) {
      reply({ ok: false, error: { code: "invalid_payload", message: `${event} takes one payload object and an ack` } });
      return;
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      reply({ ok: false, error: { code: "invalid_payload", message: describeIssues(parsed.error) } });
      return;
    }
    try {
      reply({ ok: true, data: await run(parsed.data) });
    } catch (error) {
      const ackError = toAckError(error);
      if (ackError.code === "internal") logger.error({ event, err: error }, "socket handler failed");
      reply({ ok: false, error: ackError });
    }
  });
}
