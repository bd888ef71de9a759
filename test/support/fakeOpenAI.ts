/**
 * A real OpenAI-compatible chat-completions server on 127.0.0.1 port 0, for tests and benchmarks.
 * It speaks the same Server-Sent Events the OpenAI API does, so the code under test reads a real
 * stream over a real socket; what each model answers (and how it fails) is scripted by model name.
 */
import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export type FakeMessage = { role: string; content: string };

/** Ways an endpoint misbehaves; each maps to one ProviderError kind on the caller's side. */
export type FakeFault =
  /** Answers HTTP 500 with an OpenAI-style JSON error body. */
  | "http500"
  /** Answers HTTP 429 (rate limited). */
  | "http429"
  /** Answers HTTP 401 (bad credentials). */
  | "http401"
  /** After `faultAfterChunks` good chunks, sends an event whose data is not JSON, then ends. */
  | "malformed"
  /** After `faultAfterChunks` good chunks, destroys the socket mid-response. */
  | "drop"
  /** After `faultAfterChunks` good chunks, sends nothing more and never ends (until the client leaves). */
  | "hang"
  /** Streams a role chunk and a `finish_reason: "stop"` chunk with no content, then `[DONE]`. */
  | "emptyStream"
  /** After `faultAfterChunks` good chunks, sends an in-stream `{"error": …}` event, as OpenAI does on overload. */
  | "errorEvent"
  /** Closes the connection without a word, as a server does that has just timed out a kept-alive connection. */
  | "resetConnection";

export type FakeBehaviour = {
  /** The answer, one string per SSE chunk (default: three chunks naming the last user message's length). */
  chunks?: string[] | ((messages: FakeMessage[]) => string[]);
  /** Pause between chunks. */
  delayMs?: number;
  /** Pause after the response headers, before the first chunk. */
  firstDelayMs?: number;
  /** Pause before sending the response headers at all (an endpoint still loading its model). */
  headersDelayMs?: number;
  fault?: FakeFault;
  /** Good content chunks sent before a stream-level fault (malformed, drop, hang, errorEvent); default 0. */
  faultAfterChunks?: number;
  /**
   * A 200 stream whose body is exactly these pieces, one write each (delayMs apart), instead of the
   * scripted chunks: for SSE framing (line endings, split lines and characters, comments). Buffers let
   * a test cut a UTF-8 character in two.
   */
  rawBody?: Array<string | Buffer>;
  /** Answers this status with this body (and content type, default application/json) instead of a stream. */
  httpError?: { status: number; body: string; contentType?: string };
};

/** Chooses a behaviour per request, e.g. to fail the first attempt only. */
export type FakeScript = FakeBehaviour | ((request: RecordedRequest) => FakeBehaviour);

export type RecordedRequest = {
  method: string;
  /** Path and query, e.g. "/v1/chat/completions". */
  path: string;
  /** Lower-cased header names, as node:http gives them (authorization, content-type, …). */
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON the client sent
  body: any;
  model: string | undefined;
  messages: FakeMessage[];
  /** The client's port: the same for two requests when the client kept the connection open between them. */
  remotePort: number | undefined;
  /** "open" while streaming; "completed" once [DONE] was sent; "closedByClient" when the client left first. */
  outcome: "open" | "completed" | "closedByClient" | "droppedByServer";
};

export type FakeOpenAIOptions = {
  /** Behaviour per model name (the request's `model` field). */
  models?: Record<string, FakeScript>;
  /** Behaviour for models not in `models` (default: the echo answer). */
  fallback?: FakeScript;
  /** When set, requests whose `Authorization` is not `Bearer <requireApiKey>` get a 401. */
  requireApiKey?: string;
};

export type FakeOpenAI = {
  /** Base URL up to and including /v1, as a LiveModelConfig wants it. */
  baseURL: string;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** Responses still being written (streams the client has not finished or left). */
  openStreams(): number;
  /** Requests the client closed before the answer was complete. */
  abortedByClient(): number;
  /** Emits "request" (RecordedRequest) on arrival and "closedByClient" (RecordedRequest) when a client leaves early. */
  events: EventEmitter<{ request: [RecordedRequest]; closedByClient: [RecordedRequest] }>;
  /** Sets (or replaces) the behaviour of one model name. */
  script(model: string, script: FakeScript): void;
  /** Resolves once no response is open; rejects after `timeoutMs`. */
  whenIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

/** A benchmark behaviour: `count` chunks of `token`, one every `intervalMs`. */
export function fixedRate(count: number, intervalMs: number, token = "tok "): FakeBehaviour {
  return { chunks: Array.from({ length: count }, () => token), delayMs: intervalMs, firstDelayMs: intervalMs };
}

/** The default answer: short, deterministic, and dependent on the conversation so tests can check it was sent. */
export function echoChunks(messages: FakeMessage[]): string[] {
  const lastUser = messages.findLast((m) => m.role === "user");
  return ["Your last message was ", String(lastUser?.content.length ?? 0), " characters long."];
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const scripts = new Map<string, FakeScript>(Object.entries(options.models ?? {}));
  const requests: RecordedRequest[] = [];
  const events: FakeOpenAI["events"] = new EventEmitter();
  const open = new Set<http.ServerResponse>();
  let aborted = 0;
  let closing = false;
  let sequence = 0;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // A bug in the fake itself: fail loudly in the test run rather than hang.
      console.error("fakeOpenAI:", error);
      res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON the client sent
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const record: RecordedRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body,
      model: typeof body?.model === "string" ? body.model : undefined,
      messages: Array.isArray(body?.messages) ? body.messages : [],
      remotePort: req.socket.remotePort,
      outcome: "open",
    };
    requests.push(record);
    events.emit("request", record);

    const route = `${req.method} ${(req.url ?? "").split("?")[0]}`;
    if (route === "GET /v1/models") {
      return sendJson(res, 200, {
        object: "list",
        data: [...scripts.keys()].map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })),
      });
    }
    if (route !== "POST /v1/chat/completions") {
      return sendJson(res, 404, errorBody(`Unknown route ${route}`, "invalid_request_error", null));
    }
    if (record.model === undefined || body?.messages === undefined) {
      return sendJson(res, 400, errorBody("'model' and 'messages' are required", "invalid_request_error", null));
    }
    if (options.requireApiKey !== undefined && req.headers.authorization !== `Bearer ${options.requireApiKey}`) {
      return sendJson(
        res,
        401,
        errorBody("Incorrect API key provided: sk-fake****", "invalid_request_error", "invalid_api_key"),
      );
    }

    const script = scripts.get(record.model) ?? options.fallback ?? {};
    const behaviour = typeof script === "function" ? script(record) : script;
    // Upstream error texts deliberately name the model and a URL, so tests can check they never reach a voter.
    const leaky = `fake upstream detail: model ${record.model} at http://127.0.0.1/v1`;
    switch (behaviour.fault) {
      case "resetConnection":
        record.outcome = "droppedByServer";
        req.socket.destroy();
        return;
      case "http500":
        return sendJson(
          res,
          500,
          errorBody(`The server had an error processing your request (${leaky}).`, "server_error", null),
        );
      case "http429":
        return sendJson(res, 429, errorBody(`Rate limit reached for ${leaky}.`, "requests", "rate_limit_exceeded"));
      case "http401":
        return sendJson(
          res,
          401,
          errorBody(`Incorrect API key provided for ${leaky}.`, "invalid_request_error", "invalid_api_key"),
        );
    }

    if (behaviour.httpError) {
      const { status, body: text, contentType = "application/json" } = behaviour.httpError;
      res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
      res.end(text);
      return;
    }

    const chunks = behaviour.fault === "emptyStream" ? [] : resolveChunks(behaviour, record.messages);
    const id = `chatcmpl-fake-${++sequence}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: object, finishReason: string | null) =>
      sse({
        id,
        object: "chat.completion.chunk",
        created,
        model: record.model,
        system_fingerprint: null,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      });

    if (body.stream !== true) {
      return sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model: record.model,
        choices: [{ index: 0, message: { role: "assistant", content: chunks.join("") }, finish_reason: "stop" }],
      });
    }

    // From here on the response is a stream the client may leave at any moment.
    const left = new AbortController();
    open.add(res);
    res.on("close", () => {
      open.delete(res);
      left.abort();
      if (record.outcome === "open" && !closing) {
        record.outcome = "closedByClient";
        aborted += 1;
        events.emit("closedByClient", record);
      }
    });
    const pause = async (ms: number | undefined) => {
      if (ms) await sleep(ms, undefined, { signal: left.signal });
    };

    try {
      await pause(behaviour.headersDelayMs);
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      res.flushHeaders();
      if (behaviour.rawBody) {
        for (const [index, piece] of behaviour.rawBody.entries()) {
          if (index > 0) await pause(behaviour.delayMs);
          res.write(piece);
        }
        record.outcome = "completed";
        res.end();
        return;
      }
      // OpenAI opens every stream with an empty-content role chunk.
      res.write(chunk({ role: "assistant", content: "" }, null));

      const stopAt = isStreamFault(behaviour.fault)
        ? Math.min(behaviour.faultAfterChunks ?? 0, chunks.length)
        : chunks.length;
      for (let i = 0; i < stopAt; i++) {
        await pause(i === 0 ? behaviour.firstDelayMs : behaviour.delayMs);
        res.write(chunk({ content: chunks[i] }, null));
      }

      switch (behaviour.fault) {
        case "malformed":
          res.write(`data: {"id":"${id}","object":"chat.completion.chunk","choices":[{"delta":{"content":\n\n`);
          break;
        case "errorEvent":
          res.write(sse(errorBody(`The server is overloaded (${leaky}).`, "server_error", null)));
          break;
        case "drop":
          record.outcome = "droppedByServer";
          // Ends the TCP connection after what was written (destroy() could discard it) but without the
          // chunked body's terminator: the client sees the connection close mid-answer.
          res.socket?.end();
          return;
        case "hang":
          await new Promise<void>((resolve) => left.signal.addEventListener("abort", () => resolve(), { once: true }));
          return;
        default:
          res.write(chunk({}, "stop"));
          res.write("data: [DONE]\n\n");
      }
      record.outcome = "completed";
      res.end();
    } catch (error) {
      if (!left.signal.aborted) throw error;
      // The client left mid-pause: nothing more to write.
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    openStreams: () => open.size,
    abortedByClient: () => aborted,
    events,
    script(model, script) {
      scripts.set(model, script);
    },
    async whenIdle(timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (open.size > 0) {
        if (Date.now() > deadline)
          throw new Error(`fakeOpenAI: ${open.size} stream(s) still open after ${timeoutMs} ms`);
        await sleep(5);
      }
    },
    async close() {
      closing = true;
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function isStreamFault(fault: FakeFault | undefined): boolean {
  return fault === "malformed" || fault === "drop" || fault === "hang" || fault === "errorEvent";
}

function resolveChunks(behaviour: FakeBehaviour, messages: FakeMessage[]): string[] {
  const { chunks } = behaviour;
  if (chunks === undefined) return echoChunks(messages);
  return typeof chunks === "function" ? chunks(messages) : chunks;
}

function sse(payload: object): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function errorBody(message: string, type: string, code: string | null): object {
  return { error: { message, type, param: null, code } };
}

function sendJson(res: http.ServerResponse, status: number, payload: object): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** What a judge was shown in MT-bench's pairwise prompt (single-turn `pair-v2` or multi-turn). */
export type ShownPair = { system: string; questions: string[]; answersA: string[]; answersB: string[] };

/** Reads the questions and both assistants' answers out of a pairwise judge prompt; null when it is none. */
export function shownPair(messages: FakeMessage[]): ShownPair | null {
  const system = messages.find((message) => message.role === "system")?.content ?? "";
  const user = messages.find((message) => message.role === "user")?.content ?? "";
  const single =
    /^\[User Question\]\n([\s\S]*)\n\n\[The Start of Assistant A's Answer\]\n([\s\S]*)\n\[The End of Assistant A's Answer\]\n\n\[The Start of Assistant B's Answer\]\n([\s\S]*)\n\[The End of Assistant B's Answer\]$/.exec(
      user,
    );
  if (single) return { system, questions: [single[1]!], answersA: [single[2]!], answersB: [single[3]!] };
  const side = (label: "A" | "B") => {
    const start = `<|The Start of Assistant ${label}'s Conversation with User|>\n\n`;
    const end = `<|The End of Assistant ${label}'s Conversation with User|>`;
    const body = user.slice(user.indexOf(start) + start.length, user.indexOf(end));
    const turns = [
      ...body.matchAll(
        new RegExp(`### User:\\n([\\s\\S]*?)\\n\\n### Assistant ${label}:\\n([\\s\\S]*?)\\n\\n(?=### User:|$)`, "g"),
      ),
    ];
    return { questions: turns.map((turn) => turn[1]!), answers: turns.map((turn) => turn[2]!) };
  };
  if (!user.includes("<|The Start of Assistant A's Conversation with User|>")) return null;
  const a = side("A");
  const b = side("B");
  return { system, questions: a.questions, answersA: a.answers, answersB: b.answers };
}

/**
 * A scripted judge: `decide` reads what it was shown and answers its text (an explanation and a
 * verdict marker) or a whole behaviour (a fault); requests that are no judge prompt get the echo.
 */
export function judgeScript(
  decide: (shown: ShownPair, request: RecordedRequest) => string | FakeBehaviour,
): FakeScript {
  return (request) => {
    const shown = shownPair(request.messages);
    if (!shown) return {};
    const answer = decide(shown, request);
    return typeof answer === "string" ? { chunks: answer.match(/[\s\S]{1,12}/g) ?? [""] } : answer;
  };
}
