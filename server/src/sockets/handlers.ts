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
};

export function attachSocketHandlers(
  io: Server<ClientToServerEvents, ServerToClientEvents>,
  { battles, votes, leaderboards, resolveSession, logger, rateLimits, addressOf, watchedStyle }: SocketDeps,
): void {
  io.on("connection", (socket: ArenaSocket) => {
    const session = resolveSession(socket.handshake.auth);
    if (session.isNew) socket.emit("session", { token: session.token });
    const address = addressOf(socket);
    // Counted after the payload parsed and before the service runs: a refused call throws
    // `rate_limited` into the ack and writes nothing (nor stops the battle already streaming).
    const allow = async (action: LimitedAction) => rateLimits?.consume(action, session.hash, address);

    // One streaming battle per connection: a new battle or leaving stops the previous stream.
    let streaming = new AbortController();
    socket.on("disconnect", () => streaming.abort());

    const emit = {
      chunk: (chunk: BattleChunk) => socket.emit("battle:chunk", chunk),
      end: (end: BattleEnd) => socket.emit("battle:end", end),
    };
    const restartStreaming = () => {
      streaming.abort();
      streaming = new AbortController();
      return streaming.signal;
    };

    handle(socket, logger, "battle:start", battleStartSchema, async (payload) => {
      await allow("battle");
      return battles.start(session.hash, payload, emit, restartStreaming);
    });

    handle(socket, logger, "battle:continue", battleContinueSchema, async (payload) => {
      await allow("battle");
      return battles.continue(session.hash, payload, emit, restartStreaming);
    });

    handle(socket, logger, "battle:vote", battleVoteSchema, async (payload) => {
      await allow("vote");
      return votes.record(session.hash, payload);
    });

    handle(socket, logger, "battle:reasons", battleReasonsSchema, async (payload) => {
      await allow("vote");
      await votes.setReasons(session.hash, payload);
      return {};
    });

    handle(socket, logger, "leaderboard:watch", leaderboardFilterSchema, async (filter) => {
      await socket.join(filterKey(filter));
      if (filter.style === "control") watchedStyle(filter);
      return leaderboards.get(filter);
    });

    handle(socket, logger, "leaderboard:unwatch", leaderboardFilterSchema, async (filter) => {
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
  logger: Logger,
  event: keyof ClientToServerEvents,
  schema: Schema,
  run: (payload: z.output<Schema>) => Result | Promise<Result>,
): void {
  // socket.io types listeners per event; this one wrapper receives the raw, untrusted arguments.
  (socket as unknown as Socket).on(event, async (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== "function") return;
    const reply = (response: Ack<Result>) => (ack as (response: Ack<Result>) => void)(response);
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
