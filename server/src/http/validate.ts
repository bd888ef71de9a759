/**
 * The one way an HTTP route reads its input: a zod schema per part (path parameters, query string,
 * JSON body), parsed before the handler runs. A part that does not parse answers
 * `400 { error: { code: "invalid_payload", message } }` through the app's error handler, the message
 * naming the field (or the part: "path", "query", "body").
 */
import { describeIssues } from "@arena/shared/protocol";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { z } from "zod";

import { ArenaError } from "../errors.ts";

export type InputSchemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };

/** What the handler receives: each declared part, parsed. */
export type Input<S extends InputSchemas> = {
  [Part in keyof S]: S[Part] extends z.ZodType ? z.output<S[Part]> : never;
};

/** The part's name in a message about the whole part (a path parameter is part of the path). */
const SUBJECT = { params: "path", query: "query", body: "body" } as const;

/** Parts in the order they are checked: the first one that does not parse is the one reported. */
const PARTS = ["params", "query", "body"] as const;

/**
 * The middleware that parses `schemas`, then the handler with the parsed input. Both go to
 * express as one route (`router.get(path, ...validate(schemas, handler))`).
 */
export function validate<S extends InputSchemas>(
  schemas: S,
  handler: (input: Input<S>, req: Request, res: Response) => unknown,
): [RequestHandler, RequestHandler] {
  const parse = (req: Request, res: Response, next: NextFunction): void => {
    const input: Record<string, unknown> = {};
    for (const part of PARTS) {
      const schema = schemas[part];
      if (!schema) continue;
      // A request without a JSON body has none (undefined): checked as an empty object.
      const parsed = schema.safeParse(part === "body" ? (req.body ?? {}) : req[part]);
      if (!parsed.success) return next(new ArenaError("invalid_payload", describeIssues(parsed.error, SUBJECT[part])));
      input[part] = parsed.data;
    }
    res.locals.input = input;
    next();
  };
  const run = (req: Request, res: Response) => handler(res.locals.input as Input<S>, req, res);
  return [parse, run];
}
