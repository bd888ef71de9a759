/**
 * The page's one connection to the server. Every component talks through `socket` (for events the
 * server pushes) and `request` (for client → server events with an acknowledgement), so the event
 * names and payload types come from the shared contract and nowhere else.
 */
import type { Ack, AckCallback, ClientToServerEvents, ServerToClientEvents } from "@arena/shared/protocol";
import { io, type Socket } from "socket.io-client";

export type ArenaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Where the anonymous voter token lives, so a reload keeps the same voter session. */
const SESSION_STORAGE_KEY = "arena.session";
const REQUEST_TIMEOUT_MS = 10_000;

// localStorage throws in some privacy modes; the arena still works there, only without a session
// that survives a reload.
function readSessionToken(): string | undefined {
  try {
    return localStorage.getItem(SESSION_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function storeSessionToken(token: string): void {
  try {
    localStorage.setItem(SESSION_STORAGE_KEY, token);
  } catch {
    // See readSessionToken.
  }
}

export const socket: ArenaSocket = io({
  path: "/socket.io",
  // A websocket first: it stays on one server, so several servers behind a balancer need no
  // sticky sessions. Long-polling remains the fallback where a proxy cannot pass websockets.
  transports: ["websocket", "polling"],
  tryAllTransports: true,
  // A function, not an object: it runs before every (re)connection, so a reconnect after the server
  // granted a token sends that token instead of none.
  auth: (send) => {
    const session = readSessionToken();
    send(session === undefined ? {} : { session });
  },
});

socket.on("session", ({ token }) => storeSessionToken(token));

// socket.io retries by itself after a lost connection, but not after the server closed it on
// purpose, which is what a server does when it shuts down for a restart. Retry then too, after a pause.
const SERVER_CLOSE_RETRY_MS = 1_000;
socket.on("disconnect", (reason) => {
  if (reason === "io server disconnect") setTimeout(() => socket.connect(), SERVER_CLOSE_RETRY_MS);
});

type EventName = keyof ClientToServerEvents;
type PayloadOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type DataOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends AckCallback<infer T> ? T : never;

/** A refused or unanswered request: `code` is the contract's machine word (or `timeout`). */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

// socket.io's typings cannot follow a generic event name through `timeout().emit`, so the emitter is
// viewed through this narrower signature; `request`'s own signature keeps callers fully typed.
type TimedEmit = (
  event: EventName,
  payload: unknown,
  ack: (timeoutError: Error | null, response: Ack<unknown>) => void,
) => void;

/**
 * Emits `event` and resolves with the acknowledgement's `data`, or rejects with a `RequestError`.
 * While the socket is disconnected socket.io buffers the emit, so the timeout also covers the wait
 * for the reconnection.
 */
export function request<E extends EventName>(event: E, payload: PayloadOf<E>): Promise<DataOf<E>> {
  return new Promise((resolve, reject) => {
    const timed = socket.timeout(REQUEST_TIMEOUT_MS);
    (timed.emit as unknown as TimedEmit).call(timed, event, payload, (timeoutError, response) => {
      if (timeoutError) {
        reject(new RequestError("timeout", "The server did not answer in time. Please try again."));
      } else if (response.ok) {
        resolve(response.data as DataOf<E>);
      } else {
        reject(new RequestError(response.error.code, response.error.message));
      }
    });
  });
}

/** The `{ code, message }` of anything a request or fetch threw, for showing to the voter. */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof RequestError) return { code: error.code, message: error.message };
  return { code: "unexpected", message: error instanceof Error ? error.message : String(error) };
}
