/**
 * One system call per websocket connection per event-loop turn, instead of one per message.
 *
 * A live battle sends a `battle:chunk` per token and side; ws writes each frame with its own `writev`,
 * and at 10,000 chunks/s those calls were the arena's largest cost (docs/BENCHMARKS.md, "Live
 * streaming"). Here the connection's net.Socket is corked at its first write of a turn and uncorked
 * at setImmediate, once the turn's I/O callbacks have run: whatever the turn wrote leaves in one
 * `writev`, byte for byte what socket.io and ws framed, in the same order.
 *
 * Corking alone would batch nothing: engine.io sends the next packet only once ws reports the last
 * one written, and a corked write reports at the uncork. So a write made into the turn's batch
 * reports at once (on the next tick, as a write that completes synchronously does), and only once
 * the batch holds a high-water mark's worth, or the kernel is still taking earlier bytes, do writes
 * report when they really go out — engine.io's backpressure, as before. A write that fails later
 * surfaces as the socket's `error`/`close`, which ws turns into a closed connection.
 *
 * Nothing waits beyond the turn it was written in: an ack or a leaderboard update written during
 * I/O or timers goes out in the same turn's check phase; one written from an immediate, in the next.
 */
import type http from "node:http";
import type { Duplex } from "node:stream";

type WriteCallback = (error?: Error | null) => void;
/** Writable.write, all of its overloads in one. */
type Write = (chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback) => boolean;

/** Connections corked this turn; all uncorked by one immediate. */
const corked = new Set<Duplex>();
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/** Makes every write to `socket` go out with the rest of its turn's writes. */
export function coalesceWrites(socket: Duplex): void {
  const write = socket.write as Write;
  socket.write = function coalescedWrite(
    this: Duplex,
    chunk: unknown,
    encodingOrCallback?: BufferEncoding | WriteCallback,
    maybeCallback?: WriteCallback,
  ): boolean {
    const callback = typeof encodingOrCallback === "function" ? encodingOrCallback : maybeCallback;
    const encoding = typeof encodingOrCallback === "function" ? undefined : encodingOrCallback;
    // A closing socket: the stream's own rules (and its errors, to the callback).
    if (!socket.writable) return write.call(socket, chunk, encodingOrCallback, maybeCallback);
    if (!corked.has(socket)) {
      // Bytes still waiting for the kernel: no batch, so the callback waits for them (backpressure).
      if (socket.writableLength > 0) return write.call(socket, chunk, encodingOrCallback, maybeCallback);
      socket.cork();
      corked.add(socket);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    }
    if (socket.writableLength >= socket.writableHighWaterMark) return write.call(socket, chunk, encoding, callback);
    write.call(socket, chunk, encoding);
    if (callback) process.nextTick(callback);
    return true;
  } as Duplex["write"];
}

/** Coalesces the writes of every websocket connection upgraded under `path` (socket.io's, "/socket.io"). */
export function coalesceWebsocketWrites(httpServer: http.Server, path: string): void {
  httpServer.on("upgrade", (request: http.IncomingMessage, socket: Duplex) => {
    if (request.url?.startsWith(`${path}/`)) coalesceWrites(socket);
  });
}
