/**
 * The console's only way to the server: the admin API (server/src/http/admin.ts) with the token as
 * a bearer. The token lives in this tab's sessionStorage only — closing the tab signs out, and no
 * other tab or later visit can read it.
 */
import type {
  AdminModelsResponse,
  AdminSessionResponse,
  AdminVotersResponse,
  AdminVotesResponse,
  AnomalyCheckResponse,
  ExportFormat,
} from "@arena/shared/admin";
import type { AdminJudgesResponse } from "@arena/shared/judges";

const TOKEN_KEY = "arena.adminToken";

/** Why a call failed: the server's error code (`unauthorized`, `not_found`…) or `network`. */
export class AdminApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Any failure of a call as an AdminApiError (an unexpected one as `internal`). */
export function adminApiErrorOf(error: unknown): AdminApiError {
  return error instanceof AdminApiError ? error : new AdminApiError("internal", String(error), 0);
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage disabled: the console works until the page reloads.
  }
}

async function call(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`/api/admin${path}`, {
      ...init,
      headers: { ...init.headers, Authorization: `Bearer ${token}` },
      cache: "no-store",
    });
  } catch (error) {
    throw new AdminApiError("network", error instanceof Error ? error.message : String(error), 0);
  }
  if (response.ok) return response;
  let code = response.status === 404 ? "not_found" : "http_error";
  let message = response.statusText;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  throw new AdminApiError(code, message, response.status);
}

async function json<T>(token: string, path: string, init?: RequestInit): Promise<T> {
  return (await (await call(token, path, init)).json()) as T;
}

function post<T>(token: string, path: string, body: unknown): Promise<T> {
  return json<T>(token, path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

export type VoterOrder = "votes" | "recent";

export const adminApi = {
  voters: (token: string, order: VoterOrder, limit: number, offset: number) =>
    json<AdminVotersResponse>(token, `/voters?order=${order}&limit=${limit}&offset=${offset}`),
  uncounted: (token: string, limit: number, offset: number) =>
    json<AdminVotesResponse>(token, `/votes?limit=${limit}&offset=${offset}`),
  models: (token: string) => json<AdminModelsResponse>(token, "/models"),
  exclude: (token: string, session: string, reason: string) =>
    post<AdminSessionResponse>(token, `/sessions/${session}/exclude`, { reason }),
  restore: (token: string, session: string, reason: string) =>
    post<AdminSessionResponse>(token, `/sessions/${session}/restore`, reason === "" ? {} : { reason }),
  judges: (token: string) => json<AdminJudgesResponse>(token, "/judges"),
  retryJudge: (token: string, judge: string) =>
    post<{ requeued: number }>(token, `/judges/${encodeURIComponent(judge)}/retry`, {}),
  anomalyCheck: (token: string) => post<AnomalyCheckResponse>(token, "/anomaly-check", {}),
  /** The export as a file (its name from the server's Content-Disposition). */
  async export(token: string, format: ExportFormat): Promise<{ blob: Blob; fileName: string }> {
    const response = await call(token, `/export?format=${format}`);
    const disposition = response.headers.get("content-disposition") ?? "";
    const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `arena-battles.${format}`;
    return { blob: await response.blob(), fileName };
  },
};
