/**
 * Where the rate limits meet the transports: an express middleware for /api and a socket.io
 * middleware for connections. Battles and votes are counted in sockets/handlers.ts.
 */
import type { IncomingHttpHeaders } from "node:http";

import type { NextFunction, Request, Response } from "express";
import type { ExtendedError } from "socket.io";

import { addressKey, clientAddress } from "./clientAddress.ts";
import { RateLimitedError, type RateLimits } from "./rateLimits.ts";

/** The counting key of a socket.io client, from its handshake (X-Forwarded-For as trusted). */
export function handshakeAddressKey(
  handshake: { address: string; headers: IncomingHttpHeaders },
  trustedHops: number,
): string {
  return addressKey(clientAddress(handshake.address, handshake.headers["x-forwarded-for"], trustedHops));
}

/**
 * Counts each /api request against its address (req.ip, which express derives with the app's
 * `trust proxy` setting). A refusal goes to the app's error handler, which answers 429 with the
 * usual error JSON; this adds Retry-After.
 */
export function limitApiRequests(limits: RateLimits) {
  return (req: Request, res: Response, next: NextFunction): void => {
    limits.consumeApiRequest(addressKey(req.ip ?? req.socket.remoteAddress ?? "unknown")).then(
      () => next(),
      (error: unknown) => {
        if (error instanceof RateLimitedError) res.set("Retry-After", String(error.retryAfterSeconds));
        next(error);
      },
    );
  };
}

type HandshakeSocket = {
  handshake: { address: string; headers: IncomingHttpHeaders };
  once(event: "disconnect", listener: () => void): unknown;
  conn: { once(event: "close", listener: () => void): unknown };
};

/**
 * socket.io middleware: a connection beyond the address's limit is refused before it connects;
 * the client gets `connect_error` with the message and `data: { code: "rate_limited" }`. The slot
 * is handed back when the socket disconnects, or when its transport closes before it ever
 * connected (so that a client vanishing mid-handshake cannot leak slots).
 */
export function limitConnections(limits: RateLimits, trustedHops: number) {
  return (socket: HandshakeSocket, next: (error?: ExtendedError) => void): void => {
    const key = handshakeAddressKey(socket.handshake, trustedHops);
    limits.acquireConnection(key).then(
      () => {
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          void limits.releaseConnection(key);
        };
        socket.once("disconnect", release);
        socket.conn.once("close", release);
        next();
      },
      (error: unknown) => {
        const refusal: ExtendedError =
          error instanceof RateLimitedError
            ? Object.assign(new Error(error.message), { data: { code: "rate_limited" } })
            : new Error("The server could not accept the connection; try again.");
        next(refusal);
      },
    );
  };
}
