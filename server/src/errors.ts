/**
 * The one place where failures get their stable code and HTTP status. Anything that is not an
 * ArenaError reaches the client as `internal`, never with its message or stack.
 */
import type { AckError, ErrorCode } from "@arena/shared/protocol";

const httpStatusOf: Record<ErrorCode, number> = {
  invalid_payload: 400,
  not_found: 404,
  forbidden: 403,
  already_voted: 409,
  not_finished: 409,
  battle_failed: 409,
  busy: 503,
  turn_limit: 409,
  rate_limited: 429,
  unauthorized: 401,
  no_live_models: 409,
  no_prompts: 503,
  unavailable: 503,
  internal: 500,
};

export class ArenaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ArenaError";
  }

  get httpStatus(): number {
    return httpStatusOf[this.code];
  }
}

export function toAckError(error: unknown): AckError {
  if (error instanceof ArenaError) return { code: error.code, message: error.message };
  return { code: "internal", message: "Something went wrong on the server; nothing was changed." };
}

export function httpStatusFor(error: AckError): number {
  return httpStatusOf[error.code];
}
