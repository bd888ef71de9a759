/**
 * The wire half of a live answer: one streamed chat-completions request over node:http(s), and the
 * chunks of its Server-Sent Events. No deadlines and no voter-facing wording here (streamChat.ts
 * owns both); failures surface as the errors below, as Node's own errors, or as a SyntaxError.
 *
 * Why not the openai SDK, which this replaced on the streaming path: at 10,000 chunks/s its stream
 * (fetch's web streams, then three async generators copying every network chunk through
 * Uint8Arrays before one JSON.parse) took more of the event loop than everything else the arena does
 * per chunk (see docs/BENCHMARKS.md, "Live streaming parser"). What it did for a streamed
 * completion is small and written down: a POST, a Bearer key, SSE lines, `[DONE]`, and `{"error"}`
 * objects in the stream; the errors below keep its messages, so logs read the same.
 */
import http from "node:http";
import https from "node:https";
import { finished } from "node:stream";

import { SseParser } from "./sseParser.ts";

/**
 * Node's fetch gives up on an endpoint silent for 300 s (undici's headers and body timeouts), and the
 * models file's limits were set with that in mind; node:http has no such limit, so it is kept here.
 */
export const IDLE_TIMEOUT_MS = 300_000;

/** Enough of an error body to log; an endpoint's HTML error page can be long. */
const MAX_ERROR_BODY_CHARS = 64 * 1024;

/**
 * How long an idle connection is kept for the next answer: 4 s, or 1 s less than the endpoint's
 * `Keep-Alive: timeout=` (both as fetch's undici does; Node's agent applies the hint only with a
 * `timeout`). Servers close idle connections after a few seconds (Node and uvicorn after 5), and a
 * request written into one they have just closed fails.
 */
const FREE_SOCKET_TIMEOUT_MS = 4_000;

/** Connections kept open between answers, per endpoint (host and port), as fetch's pool did. */
const agentOptions: http.AgentOptions = { keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS, scheduling: "lifo" };
const agents = { "http:": new http.Agent(agentOptions), "https:": new https.Agent(agentOptions) };

/**
 * The endpoint answered with a non-2xx status. `message` is worded as the SDK's APIError was (status,
 * then the body's `error.message`, or `error` as JSON, or the body's text), save that a JSON body
 * without `error` is quoted rather than dropped. The endpoint's own words: for logs only.
 */
export class EndpointStatusError extends Error {
  override readonly name = "EndpointStatusError";

  constructor(
    readonly status: number,
    /** The body's `error` object, when the body was JSON with one. */
    readonly error: unknown,
    bodyText: string,
  ) {
    super(`${status} ${describe(error, bodyText) ?? "status code (no body)"}`);
  }
}

/** The endpoint put an `{"error": …}` object in a 200 stream (OpenAI does this when overloaded). */
export class EndpointStreamError extends Error {
  override readonly name = "EndpointStreamError";

  constructor(readonly error: unknown) {
    super(describe(error, "") ?? "(no status code or body)");
  }
}

/** The endpoint sent nothing for IDLE_TIMEOUT_MS. */
export class EndpointIdleError extends Error {
  override readonly name = "EndpointIdleError";
}

/** Like the SDK's APIError.makeMessage: the error's message, else the error as JSON, else the body's text. */
function describe(error: unknown, bodyText: string): string | undefined {
  if (typeof error === "object" && error !== null && "message" in error && error.message) {
    return typeof error.message === "string" ? error.message : JSON.stringify(error.message);
  }
  if (error) return JSON.stringify(error);
  return bodyText || undefined;
}

export type ChatCompletionsRequest = {
  baseURL: string;
  apiKey: string;
  body: object;
  signal: AbortSignal;
};

/**
 * POSTs the request; resolves with the response once its headers say 2xx, rejects with
 * EndpointStatusError (after reading the body) otherwise. Aborting `signal` destroys the request at
 * any point, headers or body; an AbortError then surfaces from whichever read is under way.
 */
export async function postChatCompletions({
  baseURL,
  apiKey,
  body,
  signal,
}: ChatCompletionsRequest): Promise<http.IncomingMessage> {
  // As the SDK joins them: "…/v1" and "…/v1/" both give "…/v1/chat/completions".
  const url = new URL(`${baseURL.endsWith("/") ? baseURL.slice(0, -1) : baseURL}/chat/completions`);
  const payload = JSON.stringify(body);
  try {
    return await post(url, payload, apiKey, signal, agents[url.protocol as keyof typeof agents]);
  } catch (error) {
    if (!(error instanceof StaleConnectionError)) throw error;
    // The endpoint had closed the kept connection (it never read the request): once more, on a new
    // connection of its own, so that another stale one from the pool cannot fail it again.
    return post(url, payload, apiKey, signal, false);
  }
}

/** A kept-alive connection failed before any byte of the answer: the endpoint had closed it. */
class StaleConnectionError extends Error {
  override readonly name = "StaleConnectionError";
}

function post(
  url: URL,
  payload: string,
  apiKey: string,
  signal: AbortSignal,
  agent: http.Agent | false,
): Promise<http.IncomingMessage> {
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method: "POST",
      agent,
      headers: {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload),
        // What the SDK sent for streamed completions too; SSE endpoints answer text/event-stream regardless.
        accept: "application/json",
        "user-agent": "Arena",
      },
    });
    request.setTimeout(IDLE_TIMEOUT_MS, () =>
      request.destroy(new EndpointIdleError(`no byte from the endpoint for ${IDLE_TIMEOUT_MS / 1000} s`)),
    );
    // Not http.request's own `signal` option: that one stays armed after a keep-alive response has
    // ended. This listener goes once the request closes, so a late abort cannot reach a pooled socket.
    const onAbort = () => request.destroy(new DOMException("The request was aborted.", "AbortError"));
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    request.once("close", () => signal.removeEventListener("abort", onAbort));
    // `on`, not `once`: a destroy after the response arrived still emits here, and must not go unheard.
    request.on("error", (error: NodeJS.ErrnoException) => {
      const stale =
        request.reusedSocket &&
        !responded &&
        !signal.aborted &&
        (error.code === "ECONNRESET" || error.code === "EPIPE");
      reject(stale ? new StaleConnectionError("kept connection closed by the endpoint", { cause: error }) : error);
    });
    let responded = false;
    request.once("response", (response) => {
      responded = true;
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        resolve(response);
        return;
      }
      // Redirects are not followed: a POST cannot be replayed safely across them, and an
      // OpenAI-compatible base URL points at the API itself.
      readErrorBody(response).then(
        (text) => reject(new EndpointStatusError(status, errorOf(text), text)),
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    });
    request.end(payload);
  });
}

async function readErrorBody(response: http.IncomingMessage): Promise<string> {
  response.setEncoding("utf8");
  let text = "";
  for await (const piece of response as AsyncIterable<string>) {
    text += piece;
    if (text.length >= MAX_ERROR_BODY_CHARS) {
      response.destroy();
      return text.slice(0, MAX_ERROR_BODY_CHARS);
    }
  }
  return text;
}

/** The body's `error` field, when it is a JSON object with one. */
function errorOf(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && "error" in parsed ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

/** The part of a chat.completion.chunk the arena reads. */
export type CompletionChunk = {
  choices?: Array<{ delta?: { content?: string | null } }>;
  /** Sent in a last chunk when asked (`stream_options.include_usage`). */
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
};

/**
 * Reads the stream's chunks, in order, handing `onChunks` a network read's worth at a time (never an
 * empty batch) as each read arrives, until `[DONE]` and the end of the body (what follows `[DONE]` is
 * read and ignored, so the connection can be reused). Resolves at the end of the body. An event whose
 * data is not JSON rejects with the SyntaxError of JSON.parse, an `{"error": …}` event with
 * EndpointStreamError — either after `onChunks` had the chunks before it — and a body that stops
 * short with Node's error for it ("aborted", ECONNRESET, premature close); an exception of `onChunks`
 * rejects as it is. The response is destroyed on any failure.
 *
 * A callback, not an async iterator: at 10,000 chunks/s the response's async iterator and the
 * generators above it (a promise and a resumed generator per layer per read) cost more than the
 * parsing (see docs/BENCHMARKS.md, "Live streaming").
 */
export function readCompletionChunks(
  response: http.IncomingMessage,
  onChunks: (chunks: CompletionChunk[]) => void,
): Promise<void> {
  response.setEncoding("utf8");
  const parser = new SseParser();
  let sawDone = false;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      response.off("data", onData);
      stopWatching();
      if (error) {
        response.destroy();
        reject(error);
      } else {
        resolve();
      }
    };
    const onData = (text: string) => {
      if (sawDone) return;
      let batch: CompletionChunk[] | undefined;
      try {
        for (const { data } of parser.push(text)) {
          if (data.startsWith("[DONE]")) {
            sawDone = true;
            break;
          }
          // The SDK parses every event's data whatever its `event:` name, and so do we (OpenAI names none).
          const chunk = JSON.parse(data) as CompletionChunk & { error?: unknown };
          if (chunk?.error) throw new EndpointStreamError(chunk.error);
          (batch ??= []).push(chunk);
        }
      } catch (error) {
        if (batch) onChunksOrFail(batch);
        finish(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (batch) onChunksOrFail(batch);
    };
    const onChunksOrFail = (batch: CompletionChunk[]) => {
      try {
        onChunks(batch);
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const stopWatching = finished(response, { writable: false }, (error) => finish(error ?? null));
    response.on("data", onData);
  });
}
