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
  too_late: 409,
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
  if (isUnreadableRequest(error))
    return {
      code: "invalid_payload",
      message: "The request could not be read (a malformed %-escape, header or body).",
    };
  return { code: "internal", message: "Something went wrong on the server; nothing was changed." };
}

/**
 * Express and its middleware refuse a request they cannot read with a 4xx `status`: the router a
 * broken %-escape in a path parameter (/model/%E0) as a URIError, body parsers with http-errors
 * (`expose`). The client's mistake, not an internal one. Other errors carrying a status (a
 * provider's HTTP error, say) stay internal.
 */
function isUnreadableRequest(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { status, expose } = error as Error & { status?: unknown; expose?: unknown };
  return (error instanceof URIError || expose === true) && typeof status === "number" && status >= 400 && status < 500;
}

export function httpStatusFor(error: AckError): number {
  return httpStatusOf[error.code];
}
