/**
 * Streams one answer from a live model's OpenAI-compatible endpoint, token by token, with the model's
 * own deadlines, and turns every way an endpoint can fail into a ProviderError a voter may read.
 */
import {
  type CompletionChunk,
  EndpointIdleError,
  EndpointStatusError,
  EndpointStreamError,
  postChatCompletions,
  readCompletionChunks,
} from "./chatCompletionsStream.ts";
import { type ChatMessage, DEFAULT_SYSTEM_PROMPT, type LiveModelConfig } from "./liveModel.ts";
import { SseTooLargeError } from "./sseParser.ts";

export type ProviderErrorKind = "timeout" | "http" | "auth" | "rate_limited" | "malformed" | "dropped" | "empty";

/**
 * A live model failed to give a whole answer. `message` is a short sentence safe to show a voter: it never
 * holds the endpoint URL, the key, the model id or the endpoint's own words — those stay in `cause`, for logs.
 */
export class ProviderError extends Error {
  override readonly name = "ProviderError";

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, { cause: options?.cause });
    this.status = options?.status;
  }

  /** The endpoint's HTTP status, for `http`, `auth` and `rate_limited`. */
  readonly status: number | undefined;
}

/** Sent as the key to endpoints that need none (Ollama, vLLM, llama.cpp): some proxies still want the header. */
const NO_KEY = "not-needed";

/** Tokens an endpoint says it used (OpenAI's `usage`, sent on request in a last chunk). */
export type TokenUsage = { promptTokens: number; completionTokens: number };

/**
 * Yields the answer's text pieces in order. Throws ProviderError when the endpoint fails or runs out of time,
 * and an AbortError (not a ProviderError) when `signal` aborts; either way the upstream request is closed.
 * Breaking out of the loop early closes it too. Nothing is sent, and no deadline starts, until iteration begins.
 * With `onUsage`, the request asks for the token usage (`stream_options.include_usage`, which OpenAI, vLLM,
 * Ollama and llama.cpp honour) and `onUsage` gets it if the endpoint sends it.
 */
export async function* streamChat(
  model: LiveModelConfig,
  messages: ChatMessage[],
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
  onUsage?: (usage: TokenUsage) => void,
): AsyncGenerator<string, void, undefined> {
  // The pieces streamChatInto hands over, kept until the loop asks for them.
  const queued: string[] = [];
  let wake: (() => void) | undefined;
  let outcome: { error?: unknown } | undefined;
  const leaving = new AbortController();
  const answer = streamChatInto(
    model,
    messages,
    AbortSignal.any([signal, leaving.signal]),
    (pieces) => {
      queued.push(...pieces);
      wake?.();
    },
    env,
    onUsage,
  ).then(
    () => (outcome = {}),
    (error: unknown) => (outcome = { error }),
  );
  try {
    for (;;) {
      while (queued.length > 0) yield queued.shift()!;
      if (outcome) {
        if ("error" in outcome) throw outcome.error;
        return;
      }
      await Promise.race([answer, new Promise<void>((resolve) => (wake = resolve))]);
      wake = undefined;
    }
  } finally {
    // The loop was left early: stop the request (its AbortError is ours, not the caller's to see).
    if (!outcome) {
      leaving.abort();
      await answer;
    }
  }
}

/**
 * The same answer, handed to `onPieces` a network read's worth at a time (never an empty batch) as each
 * read arrives, for a consumer that sends every piece on at once (a battle); resolves once the answer
 * is whole, rejects as streamChat throws. The request starts at once. An exception of `onPieces` stops
 * the request and rejects as it is.
 *
 * Callbacks rather than an async generator: at 10,000 chunks/s each generator layer's promise and
 * resumption per read was a visible share of the arena's time (docs/BENCHMARKS.md, "Live streaming").
 */
export async function streamChatInto(
  model: LiveModelConfig,
  messages: ChatMessage[],
  signal: AbortSignal,
  onPieces: (pieces: readonly string[]) => void,
  env: NodeJS.ProcessEnv = process.env,
  onUsage?: (usage: TokenUsage) => void,
): Promise<void> {
  if (signal.aborted) throw abortErrorOf(signal);
  const apiKey = model.apiKeyEnv === undefined ? NO_KEY : env[model.apiKeyEnv];
  if (!apiKey) throw new ProviderError("auth", "The model's endpoint has no credentials configured.");

  // One controller for the upstream request, whoever stops it first: the caller, or one of our deadlines.
  const upstream = new AbortController();
  let stoppedBy: "caller" | "firstToken" | "total" | undefined;
  const stop = (reason: NonNullable<typeof stoppedBy>) => {
    stoppedBy ??= reason;
    upstream.abort();
  };
  const onCallerAbort = () => stop("caller");
  signal.addEventListener("abort", onCallerAbort, { once: true });
  const firstTokenTimer = setTimeout(stop, model.firstTokenTimeoutMs, "firstToken");
  const totalTimer = setTimeout(stop, model.totalTimeoutMs, "total");
  let sawContent = false;
  let bodyEnded = false;
  let consumerFailure: { error: unknown } | undefined;

  try {
    const response = await postChatCompletions({
      baseURL: model.baseURL,
      apiKey,
      body: requestBody(model, messages, onUsage !== undefined),
      signal: upstream.signal,
    });
    await readCompletionChunks(response, (chunks) => {
      let pieces: string[] | undefined;
      for (const chunk of chunks) {
        if (onUsage && chunk?.usage) reportUsage(chunk.usage, onUsage);
        const content = contentOf(chunk);
        if (content) (pieces ??= []).push(content);
      }
      if (!pieces) return;
      if (!sawContent) {
        sawContent = true;
        clearTimeout(firstTokenTimer);
      }
      try {
        onPieces(pieces);
      } catch (error) {
        consumerFailure = { error };
        throw error;
      }
    });
    bodyEnded = true;
    // A deadline that fired just as the body ended: the answer did not make it in time.
    if (stoppedBy) throw stoppedError(stoppedBy, sawContent, signal);
    if (!sawContent) throw new ProviderError("empty", "The model sent an empty answer.");
  } catch (error) {
    if (consumerFailure) throw consumerFailure.error;
    if (stoppedBy) throw stoppedError(stoppedBy, sawContent, signal);
    throw toProviderError(error, sawContent);
  } finally {
    clearTimeout(firstTokenTimer);
    clearTimeout(totalTimer);
    signal.removeEventListener("abort", onCallerAbort);
    // Closes the socket when anything above threw. Not after the body ended: the request is over
    // then, and an abort would build a DOMException (≈10 µs) per answer.
    if (!bodyEnded) upstream.abort();
  }
}

function reportUsage(usage: NonNullable<CompletionChunk["usage"]>, onUsage: (usage: TokenUsage) => void): void {
  const { prompt_tokens: promptTokens, completion_tokens: completionTokens } = usage;
  if (Number.isSafeInteger(promptTokens) && Number.isSafeInteger(completionTokens))
    onUsage({ promptTokens: promptTokens!, completionTokens: completionTokens! });
}

function requestBody(model: LiveModelConfig, messages: ChatMessage[], includeUsage: boolean): object {
  const systemPrompt = model.systemPrompt ?? DEFAULT_SYSTEM_PROMPT;
  return {
    model: model.model,
    messages: systemPrompt === "" ? messages : [{ role: "system", content: systemPrompt }, ...messages],
    stream: true,
    ...(model.temperature !== undefined && { temperature: model.temperature }),
    ...(model.maxTokens !== undefined && { max_tokens: model.maxTokens }),
    ...(includeUsage && { stream_options: { include_usage: true } }),
  };
}

/** Some servers send chunks with no choices (usage) or reasoning-only deltas: neither is answer text. */
function contentOf(chunk: CompletionChunk | null): string | undefined {
  const content = chunk?.choices?.[0]?.delta?.content;
  return typeof content === "string" ? content : undefined;
}

function stoppedError(reason: "caller" | "firstToken" | "total", sawContent: boolean, signal: AbortSignal): Error {
  if (reason === "caller") return abortErrorOf(signal);
  // A total deadline shorter than the first-token one can expire before any token: that is "too long to answer".
  return sawContent && reason === "total"
    ? new ProviderError("timeout", "The model took too long to finish its answer.")
    : new ProviderError("timeout", "The model took too long to answer.");
}

/** The caller's own reason when it is an AbortError (the default), otherwise a plain one. */
function abortErrorOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("The answer was cancelled.", "AbortError");
}

function toProviderError(error: unknown, sawContent: boolean): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof EndpointStatusError) {
    const { status } = error;
    if (status === 401 || status === 403) {
      return new ProviderError("auth", "The model's endpoint refused the credentials.", { cause: error, status });
    }
    if (status === 429) {
      return new ProviderError("rate_limited", "The model's endpoint is rate-limiting requests; try again later.", {
        cause: error,
        status,
      });
    }
    return new ProviderError("http", `The model's endpoint answered with an error (HTTP ${status}).`, {
      cause: error,
      status,
    });
  }
  // An event whose data is not JSON, or one no endpoint would send (megabytes without a line break).
  if (error instanceof SyntaxError || error instanceof SseTooLargeError) {
    return new ProviderError("malformed", "The model's endpoint sent a garbled answer.", { cause: error });
  }
  if (error instanceof EndpointStreamError) {
    return new ProviderError("http", "The model's endpoint reported an error mid-answer.", { cause: error });
  }
  // Silent for 300 s: before any token our first-token deadline (≤ 290 s) has fired already.
  if (error instanceof EndpointIdleError) {
    return new ProviderError("timeout", "The model took too long to finish its answer.", { cause: error });
  }
  // What is left is the transport: a refused connection (ECONNREFUSED) or a socket closed mid-body
  // ("aborted", ECONNRESET).
  return sawContent
    ? new ProviderError("dropped", "The connection to the model dropped mid-answer.", { cause: error })
    : new ProviderError("dropped", "The connection to the model failed before it answered.", { cause: error });
}
