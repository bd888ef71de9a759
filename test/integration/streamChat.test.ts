import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";

import {
  type ChatMessage,
  DEFAULT_SYSTEM_PROMPT,
  type LiveModelConfig,
  liveModelSchema,
} from "../../server/src/providers/liveModel.ts";
import {
  ProviderError,
  type ProviderErrorKind,
  streamChat,
  streamChatInto,
} from "../../server/src/providers/streamChat.ts";
import { type FakeFault, type FakeOpenAI, fixedRate, startFakeOpenAI } from "../support/fakeOpenAI.ts";

// Distinctive names, so a test can check none of them leaks into a voter-facing message.
const MODEL_NAME = "secret-upstream-model-7b";
const MODEL_ID = "hidden-live-id";
const QUESTION: ChatMessage[] = [{ role: "user", content: "What is a haiku?" }];

describe("streamChat", function () {
  let fake: FakeOpenAI;
  const live = (overrides: Partial<LiveModelConfig> = {}): LiveModelConfig =>
    liveModelSchema.parse({ id: MODEL_ID, type: "openai", baseURL: fake.baseURL, model: MODEL_NAME, ...overrides });

  beforeEach(async () => {
    fake = await startFakeOpenAI();
  });
  afterEach(async () => {
    // Every test must leave the endpoint with no request still open.
    await fake.whenIdle(1000);
    await fake.close();
  });

  describe("streaming an answer", () => {
    it("yields the scripted chunks in order, and they join into the whole answer", async () => {
      fake.script(MODEL_NAME, { chunks: ["A haiku ", "is a short ", "poem."], delayMs: 5 });
      const chunks = await collect(streamChat(live(), QUESTION, new AbortController().signal));
      assert.deepEqual(chunks, ["A haiku ", "is a short ", "poem."]);
      assert.equal(chunks.join(""), "A haiku is a short poem.");
      assert.equal(fake.requests[0]?.outcome, "completed");
    });

    it("skips the role chunk and empty deltas", async () => {
      fake.script(MODEL_NAME, { chunks: ["Hel", "", "lo"] });
      assert.deepEqual(await collect(streamChat(live(), QUESTION, new AbortController().signal)), ["Hel", "lo"]);
    });

    it("keeps order over a long answer of many small chunks", async () => {
      fake.script(MODEL_NAME, fixedRate(300, 0, "."));
      const chunks = await collect(streamChat(live(), QUESTION, new AbortController().signal));
      assert.equal(chunks.join(""), ".".repeat(300));
    });

    it("streams two models at once without mixing their answers", async () => {
      fake.script("left-model", { chunks: ["L1", "L2", "L3", "L4"], delayMs: 20 });
      fake.script("right-model", { chunks: ["R1", "R2", "R3", "R4"], delayMs: 20, firstDelayMs: 10 });
      const arrivals: string[] = [];
      const read = async (model: LiveModelConfig) => {
        for await (const chunk of streamChat(model, QUESTION, new AbortController().signal)) arrivals.push(chunk);
      };
      await Promise.all([
        read(live({ id: "left", model: "left-model" })),
        read(live({ id: "right", model: "right-model" })),
      ]);

      assert.deepEqual(
        arrivals.filter((c) => c.startsWith("L")),
        ["L1", "L2", "L3", "L4"],
      );
      assert.deepEqual(
        arrivals.filter((c) => c.startsWith("R")),
        ["R1", "R2", "R3", "R4"],
      );
      // Interleaved, not one answer after the other.
      assert.ok(arrivals.indexOf("R1") < arrivals.indexOf("L4"), arrivals.join(" "));
      assert.ok(arrivals.indexOf("L1") < arrivals.indexOf("R4"), arrivals.join(" "));
    });
  });

  describe("the request it sends", () => {
    const conversation: ChatMessage[] = [
      { role: "user", content: "Name a prime." },
      { role: "assistant", content: "7." },
      { role: "user", content: "Another one?" },
    ];

    it("names the endpoint's model and sends the whole conversation after the default system prompt", async () => {
      const answer = (await collect(streamChat(live(), conversation, new AbortController().signal))).join("");
      const request = fake.requests[0]!;
      assert.equal(request.path, "/v1/chat/completions");
      assert.equal(request.body.model, MODEL_NAME);
      assert.equal(request.body.stream, true);
      assert.deepEqual(request.body.messages, [{ role: "system", content: DEFAULT_SYSTEM_PROMPT }, ...conversation]);
      // The fake's default answer is computed from the last user message, so it really was read.
      assert.equal(answer, "Your last message was 12 characters long.");
    });

    it("sends the model's own system prompt instead of the default", async () => {
      await collect(
        streamChat(live({ systemPrompt: "Answer in French." }), conversation, new AbortController().signal),
      );
      assert.deepEqual(fake.requests[0]!.body.messages[0], { role: "system", content: "Answer in French." });
      assert.equal(fake.requests[0]!.body.messages.length, 4);
    });

    it("sends no system message when the system prompt is empty", async () => {
      await collect(streamChat(live({ systemPrompt: "" }), conversation, new AbortController().signal));
      assert.deepEqual(fake.requests[0]!.body.messages, conversation);
    });

    it("sends temperature and max_tokens only when the model sets them", async () => {
      await collect(streamChat(live({ temperature: 0.2, maxTokens: 64 }), QUESTION, new AbortController().signal));
      await collect(streamChat(live(), QUESTION, new AbortController().signal));
      assert.equal(fake.requests[0]!.body.temperature, 0.2);
      assert.equal(fake.requests[0]!.body.max_tokens, 64);
      assert.ok(!("temperature" in fake.requests[1]!.body));
      assert.ok(!("max_tokens" in fake.requests[1]!.body));
    });

    it("authenticates with the key from the model's environment variable", async () => {
      const env = { ARENA_TEST_KEY: "sk-test-123" };
      await collect(streamChat(live({ apiKeyEnv: "ARENA_TEST_KEY" }), QUESTION, new AbortController().signal, env));
      assert.equal(fake.requests[0]!.headers.authorization, "Bearer sk-test-123");
    });

    it("uses a fresh client when the key changes", async () => {
      const model = live({ apiKeyEnv: "ARENA_TEST_KEY" });
      await collect(streamChat(model, QUESTION, new AbortController().signal, { ARENA_TEST_KEY: "sk-old" }));
      await collect(streamChat(model, QUESTION, new AbortController().signal, { ARENA_TEST_KEY: "sk-new" }));
      assert.deepEqual(
        fake.requests.map((r) => r.headers.authorization),
        ["Bearer sk-old", "Bearer sk-new"],
      );
    });

    it("sends a placeholder key to endpoints that need none", async () => {
      await collect(streamChat(live(), QUESTION, new AbortController().signal, {}));
      assert.equal(fake.requests[0]!.headers.authorization, "Bearer not-needed");
    });

    it("fails with `auth` and calls nobody when the key's variable is unset", async () => {
      const error = await failureOf(
        streamChat(live({ apiKeyEnv: "ARENA_UNSET_KEY" }), QUESTION, new AbortController().signal, {}),
      );
      assertProviderError(error, "auth");
      assert.equal(fake.requests.length, 0);
    });
  });

  describe("failures", () => {
    const cases: { fault: FakeFault; kind: ProviderErrorKind; message: RegExp; faultAfterChunks?: number }[] = [
      { fault: "http500", kind: "http", message: /answered with an error \(HTTP 500\)/ },
      { fault: "http429", kind: "rate_limited", message: /rate-limiting/ },
      { fault: "http401", kind: "auth", message: /refused the credentials/ },
      { fault: "malformed", kind: "malformed", message: /garbled/, faultAfterChunks: 1 },
      { fault: "drop", kind: "dropped", message: /dropped mid-answer/, faultAfterChunks: 2 },
      { fault: "emptyStream", kind: "empty", message: /empty answer/ },
      { fault: "errorEvent", kind: "http", message: /reported an error mid-answer/, faultAfterChunks: 1 },
    ];
    for (const { fault, kind, message, faultAfterChunks } of cases) {
      it(`maps ${fault} to kind "${kind}", with a message a voter may read`, async () => {
        fake.script(MODEL_NAME, { chunks: ["one ", "two ", "three"], fault, faultAfterChunks });
        const received: string[] = [];
        const error = await failureOf(streamChat(live(), QUESTION, new AbortController().signal), received);
        assertProviderError(error, kind);
        assert.match(error.message, message);
        // Chunks before a mid-stream fault were still delivered, in order.
        assert.deepEqual(received, ["one ", "two ", "three"].slice(0, faultAfterChunks ?? 0));
        // One attempt only: a half-streamed answer cannot be retried.
        assert.equal(fake.requests.length, 1);
      });
    }

    it("reports a drop before any token as a failed connection", async () => {
      fake.script(MODEL_NAME, { fault: "drop" });
      const error = await failureOf(streamChat(live(), QUESTION, new AbortController().signal));
      assertProviderError(error, "dropped");
      assert.match(error.message, /failed before it answered/);
    });

    it("reports an endpoint that refuses connections as dropped", async () => {
      const closedPort = await unusedPort();
      const model = live({ baseURL: `http://127.0.0.1:${closedPort}/v1` });
      const error = await failureOf(streamChat(model, QUESTION, new AbortController().signal));
      assertProviderError(error, "dropped");
      assert.ok(!error.message.includes(String(closedPort)));
    });

    it("asks once more, on a new connection, when the endpoint has closed the kept one", async () => {
      // Every second request on one connection finds it closed, as after the endpoint's keep-alive timeout.
      fake.script(MODEL_NAME, (request) =>
        fake.requests.filter((other) => other.remotePort === request.remotePort).length > 1
          ? { fault: "resetConnection" }
          : {},
      );
      await collect(streamChat(live(), QUESTION, new AbortController().signal));
      const answer = await collect(streamChat(live(), QUESTION, new AbortController().signal));
      assert.equal(answer.join(""), "Your last message was 16 characters long.");
      assert.deepEqual(
        fake.requests.map((request) => request.outcome),
        ["completed", "droppedByServer", "completed"],
      );
      assert.equal(fake.requests[1]!.remotePort, fake.requests[0]!.remotePort);
      assert.notEqual(fake.requests[2]!.remotePort, fake.requests[0]!.remotePort);
    });

    it("does not ask again when a new connection is closed without an answer", async () => {
      fake.script(MODEL_NAME, { fault: "resetConnection" });
      const error = await failureOf(streamChat(live(), QUESTION, new AbortController().signal));
      assertProviderError(error, "dropped");
      assert.match(error.message, /failed before it answered/);
      assert.equal(fake.requests.length, 1);
    });

    it("keeps the endpoint's own words in `cause`, for the logs", async () => {
      fake.script(MODEL_NAME, { fault: "http500" });
      const error = await failureOf(streamChat(live(), QUESTION, new AbortController().signal));
      assert.ok(error instanceof ProviderError);
      assert.equal(error.status, 500);
      assert.match(String((error.cause as Error).message), /server had an error/);
    });
  });

  describe("the event stream, however an endpoint frames it", () => {
    const event = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;
    const DONE = "data: [DONE]\n\n";

    it("reads lines and characters cut anywhere by the network, multi-byte UTF-8 included", async () => {
      const body = Buffer.from(event("Grüße, ") + event("日本語 ") + event("🦙") + DONE);
      // One byte per write, a few ms apart, so most reads hold a single byte.
      fake.script(MODEL_NAME, { rawBody: [...body].map((byte) => Buffer.from([byte])), delayMs: 1 });
      const chunks = await collect(streamChat(live(), QUESTION, new AbortController().signal));
      assert.deepEqual(chunks, ["Grüße, ", "日本語 ", "🦙"]);
    });

    it("reads CRLF line ends, comments and keep-alives, and named events", async () => {
      const crlf = (text: string) => text.replaceAll("\n", "\r\n");
      fake.script(MODEL_NAME, {
        rawBody: [
          ": OPENROUTER PROCESSING\r\n\r\n",
          crlf(event("one ")),
          ":\r\n",
          `event: message\r\nid: 2\r\n${crlf(event("two"))}`,
          crlf(DONE),
        ],
        delayMs: 2,
      });
      assert.deepEqual(await collect(streamChat(live(), QUESTION, new AbortController().signal)), ["one ", "two"]);
    });

    it("joins an event's data lines before reading its JSON", async () => {
      fake.script(MODEL_NAME, { rawBody: ['data: {"choices":\ndata: [{"delta":{"content":"joined"}}]}\n\n', DONE] });
      assert.deepEqual(await collect(streamChat(live(), QUESTION, new AbortController().signal)), ["joined"]);
    });

    it("stops at [DONE], ignoring whatever follows it", async () => {
      fake.script(MODEL_NAME, { rawBody: [event("kept"), DONE, event("ignored"), "data: not json\n\n"] });
      assert.deepEqual(await collect(streamChat(live(), QUESTION, new AbortController().signal)), ["kept"]);
      assert.equal(fake.requests[0]!.outcome, "completed");
    });

    it("accepts a stream that ends without [DONE], dropping an event left without its blank line", async () => {
      fake.script(MODEL_NAME, { rawBody: [event("whole"), 'data: {"choices":[{"delta":{"content":"cut"}}]}\n'] });
      assert.deepEqual(await collect(streamChat(live(), QUESTION, new AbortController().signal)), ["whole"]);
    });

    it("skips chunks without choices (usage) and reasoning-only deltas", async () => {
      fake.script(MODEL_NAME, {
        rawBody: [
          'data: {"choices":[{"delta":{"reasoning_content":"hmm"}}]}\n\n',
          event("answer"),
          'data: {"choices":[],"usage":{"total_tokens":3}}\n\n',
          DONE,
        ],
      });
      assert.deepEqual(await collect(streamChat(live(), QUESTION, new AbortController().signal)), ["answer"]);
    });

    it("fails as garbled on a chunk that is not JSON, after the chunks before it, even within one read", async () => {
      fake.script(MODEL_NAME, { rawBody: [event("good ") + 'data: {"choices":[{"delta":\n\n' + event("never")] });
      const received: string[] = [];
      const error = await failureOf(streamChat(live(), QUESTION, new AbortController().signal), received);
      assertProviderError(error, "malformed");
      assert.match(error.message, /garbled/);
      assert.deepEqual(received, ["good "]);
      assert.ok(error.cause instanceof SyntaxError);
    });

    it("fails as an error mid-answer on an error object, keeping its words in `cause`", async () => {
      fake.script(MODEL_NAME, {
        rawBody: [
          event("partial "),
          `event: error\ndata: ${JSON.stringify({ error: { message: "fake upstream overloaded" } })}\n\n`,
        ],
      });
      const received: string[] = [];
      const error = await failureOf(streamChat(live(), QUESTION, new AbortController().signal), received);
      assertProviderError(error, "http");
      assert.match(error.message, /reported an error mid-answer/);
      assert.deepEqual(received, ["partial "]);
      assert.equal((error.cause as Error).message, "fake upstream overloaded");
    });
  });

  describe("HTTP error statuses", () => {
    const cases: { status: number; body: string; contentType?: string; kind: ProviderErrorKind; cause: string }[] = [
      {
        status: 400,
        body: JSON.stringify({
          error: { message: "fake upstream: max_tokens too large", type: "invalid_request_error" },
        }),
        kind: "http",
        cause: "400 fake upstream: max_tokens too large",
      },
      {
        status: 403,
        body: JSON.stringify({ error: { message: "fake upstream: region blocked" } }),
        kind: "auth",
        cause: "403 fake upstream: region blocked",
      },
      { status: 404, body: JSON.stringify({ detail: "Not Found" }), kind: "http", cause: '404 {"detail":"Not Found"}' },
      {
        status: 429,
        body: JSON.stringify({ error: "fake upstream: slow down" }),
        kind: "rate_limited",
        cause: '429 "fake upstream: slow down"',
      },
      {
        status: 502,
        body: "<html><body>fake upstream Bad Gateway</body></html>",
        contentType: "text/html",
        kind: "http",
        cause: "502 <html><body>fake upstream Bad Gateway</body></html>",
      },
      { status: 503, body: "", kind: "http", cause: "503 status code (no body)" },
      { status: 302, body: "", kind: "http", cause: "302 status code (no body)" },
    ];
    for (const { status, body, contentType, kind, cause } of cases) {
      it(`maps HTTP ${status} to "${kind}", the status on the error, the body in \`cause\``, async () => {
        fake.script(MODEL_NAME, { httpError: { status, body, contentType } });
        const error = await failureOf(streamChat(live(), QUESTION, new AbortController().signal));
        assertProviderError(error, kind);
        assert.equal(error.status, status);
        assert.equal((error.cause as Error).message, cause);
        if (kind === "http")
          assert.equal(error.message, `The model's endpoint answered with an error (HTTP ${status}).`);
      });
    }
  });

  describe("deadlines", () => {
    it("gives up when no token arrives within firstTokenTimeoutMs, and closes the request", async () => {
      fake.script(MODEL_NAME, { fault: "hang" });
      const started = Date.now();
      const error = await failureOf(
        streamChat(live({ firstTokenTimeoutMs: 150 }), QUESTION, new AbortController().signal),
      );
      assertProviderError(error, "timeout");
      assert.equal(error.message, "The model took too long to answer.");
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      await fake.whenIdle();
      assert.equal(fake.requests[0]!.outcome, "closedByClient");
    });

    it("counts the first-token deadline while the endpoint has not even sent headers", async () => {
      fake.script(MODEL_NAME, { headersDelayMs: 5_000 });
      const error = await failureOf(
        streamChat(live({ firstTokenTimeoutMs: 150 }), QUESTION, new AbortController().signal),
      );
      assertProviderError(error, "timeout");
      assert.equal(error.message, "The model took too long to answer.");
      await fake.whenIdle();
      assert.equal(fake.abortedByClient(), 1);
    });

    it("gives up when the whole answer takes longer than totalTimeoutMs, after yielding what came", async () => {
      fake.script(MODEL_NAME, { chunks: Array.from({ length: 40 }, (_, i) => `w${i} `), delayMs: 25 });
      const received: string[] = [];
      const model = live({ firstTokenTimeoutMs: 5_000, totalTimeoutMs: 250 });
      const error = await failureOf(streamChat(model, QUESTION, new AbortController().signal), received);
      assertProviderError(error, "timeout");
      assert.equal(error.message, "The model took too long to finish its answer.");
      assert.ok(received.length > 2 && received.length < 40, `received ${received.length} chunks`);
      await fake.whenIdle();
      assert.equal(fake.requests[0]!.outcome, "closedByClient");
    });

    it("calls it too long to answer when the total deadline passes before any token", async () => {
      fake.script(MODEL_NAME, { fault: "hang" });
      const model = live({ firstTokenTimeoutMs: 5_000, totalTimeoutMs: 150 });
      const error = await failureOf(streamChat(model, QUESTION, new AbortController().signal));
      assertProviderError(error, "timeout");
      assert.equal(error.message, "The model took too long to answer.");
    });

    it("lets an answer run past the first-token deadline once tokens flow", async () => {
      fake.script(MODEL_NAME, { chunks: ["a", "b", "c", "d", "e", "f"], delayMs: 50 });
      const chunks = await collect(
        streamChat(live({ firstTokenTimeoutMs: 150 }), QUESTION, new AbortController().signal),
      );
      assert.equal(chunks.join(""), "abcdef");
    });
  });

  describe("handing pieces to a callback (streamChatInto, what battles use)", () => {
    it("hands over every piece in order as it arrives, and resolves once the answer is whole", async () => {
      fake.script(MODEL_NAME, { chunks: ["A haiku ", "is a short ", "", "poem."], delayMs: 5 });
      const batches: string[][] = [];
      await streamChatInto(live(), QUESTION, new AbortController().signal, (pieces) => batches.push([...pieces]));
      assert.ok(batches.every((batch) => batch.length > 0));
      assert.deepEqual(batches.flat(), ["A haiku ", "is a short ", "poem."]);
      assert.equal(fake.requests[0]?.outcome, "completed");
    });

    it("fails with the same errors as streamChat, after the pieces that came", async () => {
      fake.script(MODEL_NAME, { chunks: ["one ", "two", "three"], fault: "drop", faultAfterChunks: 2 });
      const pieces: string[] = [];
      const error = await streamChatInto(live(), QUESTION, new AbortController().signal, (batch) =>
        pieces.push(...batch),
      ).then(
        () => assert.fail("resolved"),
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof ProviderError);
      assert.equal(error.kind, "dropped");
      assert.deepEqual(pieces, ["one ", "two"]);
    });

    it("rejects with the callback's own exception and closes the request", async () => {
      fake.script(MODEL_NAME, { chunks: Array.from({ length: 50 }, () => "x"), delayMs: 20 });
      const mine = new Error("the consumer failed");
      const error = await streamChatInto(live(), QUESTION, new AbortController().signal, () => {
        throw mine;
      }).then(
        () => assert.fail("resolved"),
        (failure: unknown) => failure,
      );
      assert.equal(error, mine);
      await fake.whenIdle();
      assert.equal(fake.requests[0]!.outcome, "closedByClient");
    });
  });

  describe("cancellation", () => {
    it("stops with an AbortError when the caller aborts mid-stream, and the endpoint sees the request closed", async () => {
      fake.script(MODEL_NAME, { chunks: Array.from({ length: 50 }, () => "x"), delayMs: 20 });
      const controller = new AbortController();
      const received: string[] = [];
      const error = await failureOf(
        (async function* () {
          for await (const chunk of streamChat(live(), QUESTION, controller.signal)) {
            if (received.length === 1) {
              assert.equal(fake.openStreams(), 1);
              controller.abort();
            }
            yield chunk;
          }
        })(),
        received,
      );
      assert.equal(error.name, "AbortError");
      assert.ok(!(error instanceof ProviderError));
      assert.equal(received.length, 2);
      await fake.whenIdle();
      assert.equal(fake.abortedByClient(), 1);
      assert.equal(fake.requests[0]!.outcome, "closedByClient");
    });

    it("stops with an AbortError while waiting for the first token", async () => {
      fake.script(MODEL_NAME, { fault: "hang" });
      const controller = new AbortController();
      fake.events.once("request", () => setTimeout(() => controller.abort(), 50));
      const error = await failureOf(streamChat(live(), QUESTION, controller.signal));
      assert.equal(error.name, "AbortError");
      await fake.whenIdle();
      assert.equal(fake.abortedByClient(), 1);
    });

    it("throws an AbortError without calling the endpoint when the signal is already aborted", async () => {
      const error = await failureOf(streamChat(live(), QUESTION, AbortSignal.abort()));
      assert.equal(error.name, "AbortError");
      assert.equal(fake.requests.length, 0);
    });

    it("closes the request when the consumer stops reading early", async () => {
      fake.script(MODEL_NAME, { chunks: Array.from({ length: 50 }, () => "x"), delayMs: 20 });
      for await (const _chunk of streamChat(live(), QUESTION, new AbortController().signal)) break;
      await fake.whenIdle();
      assert.equal(fake.requests[0]!.outcome, "closedByClient");
    });

    it("keeps the connection for the next answer after a clean end, and a late abort does not close it", async () => {
      const controller = new AbortController();
      await collect(streamChat(live(), QUESTION, controller.signal));
      controller.abort();
      await collect(streamChat(live(), QUESTION, new AbortController().signal));
      fake.script(MODEL_NAME, { fault: "http500" });
      await failureOf(streamChat(live(), QUESTION, new AbortController().signal));
      fake.script(MODEL_NAME, {});
      await collect(streamChat(live(), QUESTION, new AbortController().signal));
      const ports = fake.requests.map((request) => request.remotePort);
      assert.equal(new Set(ports).size, 1, `ports ${ports.join(", ")}`);
    });

    it("leaves no timers behind after an answer, a failure or an abort", async () => {
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
      // Warm the client cache and the connection pool first.
      await collect(streamChat(live(), QUESTION, new AbortController().signal));
      const before = timers();
      await collect(streamChat(live(), QUESTION, new AbortController().signal));
      fake.script(MODEL_NAME, { fault: "http500" });
      await failureOf(streamChat(live(), QUESTION, new AbortController().signal));
      fake.script(MODEL_NAME, { fault: "hang" });
      const controller = new AbortController();
      fake.events.once("request", () => setTimeout(() => controller.abort(), 20));
      await failureOf(streamChat(live(), QUESTION, controller.signal));
      await fake.whenIdle();
      assert.equal(timers(), before);
    });
  });
});

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** Reads the stream to its failure, pushing what it yielded before into `received`. */
async function failureOf(stream: AsyncIterable<string>, received: string[] = []): Promise<Error> {
  try {
    for await (const chunk of stream) received.push(chunk);
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail(`expected a failure, got ${JSON.stringify(received.join(""))}`);
}

function assertProviderError(error: Error, kind: ProviderErrorKind): asserts error is ProviderError {
  assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${error.name}: ${error.message}`);
  assert.equal(error.kind, kind, error.message);
  // Neither the endpoint, the key, the model's names, nor the endpoint's own words (the fake's name both).
  for (const secret of [MODEL_NAME, MODEL_ID, "http://", "127.0.0.1", "sk-", "fake upstream"]) {
    assert.ok(!error.message.includes(secret), `"${error.message}" gives away ${secret}`);
  }
}

async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
