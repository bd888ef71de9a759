/**
 * Size limits of what a client may send. The prompt itself is capped by MAX_PROMPT_CHARS
 * (shared/src/limits.ts), enforced by the zod schemas of battle:start and battle:continue; these
 * caps stop oversized messages before anything parses them.
 */
import { MAX_PROMPT_CHARS } from "@arena/shared/limits";
import express, { type NextFunction, type Request, type Response } from "express";

import { ArenaError } from "../errors.ts";

/**
 * Largest socket.io message (socket.io's maxHttpBufferSize): a prompt of MAX_PROMPT_CHARS is at
 * most ~3 bytes per UTF-16 unit in UTF-8, JSON-escaped perhaps more, plus the envelope; 64 KiB
 * leaves room for all that. A bigger message closes the connection.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

/** Largest JSON request body: HTTP takes no prompts, only small admin and settings objects. */
export const MAX_JSON_BODY = "16kb";

const parseJson = express.json({ limit: MAX_JSON_BODY });

/**
 * The one JSON body parser for routes that take a body: bodies over MAX_JSON_BODY or that are not
 * JSON are refused as `invalid_payload` (400) through the app's error handler, instead of
 * body-parser's own errors reaching it as `internal`.
 */
export function jsonBody(req: Request, res: Response, next: NextFunction): void {
  parseJson(req, res, (error?: unknown) => {
    if (error === undefined) return next();
    const type = typeof error === "object" && error !== null && "type" in error ? error.type : undefined;
    if (type === "entity.too.large")
      return next(new ArenaError("invalid_payload", `The request body is larger than ${MAX_JSON_BODY}.`));
    if (type === "entity.parse.failed")
      return next(new ArenaError("invalid_payload", "The request body is not valid JSON."));
    next(new ArenaError("invalid_payload", "The request body cannot be read."));
  });
}

// Keeps the socket cap in step with the prompt cap if someone raises MAX_PROMPT_CHARS.
if (MAX_PROMPT_CHARS * 6 + 1024 > MAX_SOCKET_MESSAGE_BYTES) {
  throw new Error("MAX_SOCKET_MESSAGE_BYTES is too small for MAX_PROMPT_CHARS; raise it");
}
