/**
 * Streams one answer from a live model's OpenAI-compatible endpoint, token by token, with the model's
 * own deadlines, and turns every way an endpoint can fail into a ProviderError a voter may read.
 */
import OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";

import { type ChatMessage, DEFAULT_SYSTEM_PROMPT, type LiveModelConfig } from "./liveModel.ts";

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

/** Sent as the key to endpoints that need none (Ollama, vLLM, llama.cpp): the SDK insists on one. */
const NO_KEY = "not-needed";

/** Our own deadlines decide; the SDK's (which only covers the wait for headers) is a backstop behind them. */
const SDK_TIMEOUT_MARGIN_MS = 5_000;

/**
 * Yields the answer's text pieces in order. Throws ProviderError when the endpoint fails or runs out of time,
 * and an AbortError (not a ProviderError) when `signal` aborts; either way the upstream request is closed.
 * Breaking out of the loop early closes it too. Nothing is sent, and no deadline starts, until iteration begins.
 */
export async function* streamChat(
  model: LiveModelConfig,
  messages: ChatMessage[],
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): AsyncGenerator<string, void, undefined> {
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

  try {
    const stream = await clientFor(model, apiKey).chat.completions.create(requestBody(model, messages), {
      signal: upstream.signal,
      timeout: model.totalTimeoutMs + SDK_TIMEOUT_MARGIN_MS,
      maxRetries: 0,
    });
    for await (const chunk of stream) {
      const content = contentOf(chunk);
      if (!content) continue;
      if (!sawContent) {
        sawContent = true;
        clearTimeout(firstTokenTimer);
      }
      yield content;
    }
    // The SDK ends the iteration quietly, without an error, when its signal aborts.
    if (stoppedBy) throw stoppedError(stoppedBy, sawContent, signal);
    if (!sawContent) throw new ProviderError("empty", "The model sent an empty answer.");
  } catch (error) {
    if (stoppedBy) throw stoppedError(stoppedBy, sawContent, signal);
    throw toProviderError(error, sawContent);
  } finally {
    clearTimeout(firstTokenTimer);
    clearTimeout(totalTimer);
    signal.removeEventListener("abort", onCallerAbort);
    // Closes the socket when the consumer broke out early or anything above threw; a no-op after a clean end.
    upstream.abort();
  }
}

function requestBody(model: LiveModelConfig, messages: ChatMessage[]): ChatCompletionCreateParamsStreaming {
  const systemPrompt = model.systemPrompt ?? DEFAULT_SYSTEM_PROMPT;
  return {
    model: model.model,
    messages: systemPrompt === "" ? messages : [{ role: "system", content: systemPrompt }, ...messages],
    stream: true,
    ...(model.temperature !== undefined && { temperature: model.temperature }),
    ...(model.maxTokens !== undefined && { max_tokens: model.maxTokens }),
  };
}

/** Some servers send chunks with no choices (usage) or reasoning-only deltas: neither is answer text. */
function contentOf(chunk: ChatCompletionChunk): string | undefined {
  return chunk.choices?.[0]?.delta?.content ?? undefined;
}

const clients = new Map<string, { signature: string; client: OpenAI }>();

/** One client per model, rebuilt when its endpoint or key changes, so connections are pooled per endpoint. */
function clientFor(model: LiveModelConfig, apiKey: string): OpenAI {
  const signature = `${model.baseURL}\n${apiKey}`;
  const cached = clients.get(model.id);
  if (cached?.signature === signature) return cached.client;
  const client = new OpenAI({
    baseURL: model.baseURL,
    apiKey,
    // A half-streamed answer cannot be retried, and a retry would blow the model's deadlines: failures surface.
    maxRetries: 0,
    // Don't send this server's OPENAI_* settings (organisation, project, admin key) to other people's endpoints.
    organization: null,
    project: null,
    adminAPIKey: null,
    // Failures are reported through ProviderError; the SDK's own console logging would only add noise.
    logLevel: "off",
  });
  clients.set(model.id, { signature, client });
  return client;
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
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError("timeout", "The model took too long to answer.", { cause: error });
  }
  if (error instanceof OpenAI.APIError && typeof error.status === "number") {
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
  // Raised by the SDK for an event whose data is not JSON.
  if (error instanceof SyntaxError) {
    return new ProviderError("malformed", "The model's endpoint sent a garbled answer.", { cause: error });
  }
  // An APIError without a status is an `error` event inside a 200 stream (OpenAI does this when overloaded).
  if (error instanceof OpenAI.APIError && !(error instanceof OpenAI.APIConnectionError)) {
    return new ProviderError("http", "The model's endpoint reported an error mid-answer.", { cause: error });
  }
  // Node's fetch gives up on its own after 5 minutes without a byte (undici's bodyTimeout), whatever our deadline.
  if (isUndiciBodyTimeout(error)) {
    return new ProviderError("timeout", "The model took too long to finish its answer.", { cause: error });
  }
  // What is left is the transport: a refused connection (APIConnectionError) or a socket closed mid-body
  // (undici's TypeError "terminated").
  return sawContent
    ? new ProviderError("dropped", "The connection to the model dropped mid-answer.", { cause: error })
    : new ProviderError("dropped", "The connection to the model failed before it answered.", { cause: error });
}

function isUndiciBodyTimeout(error: unknown): boolean {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  return typeof cause === "object" && cause !== null && "code" in cause && cause.code === "UND_ERR_BODY_TIMEOUT";
}
