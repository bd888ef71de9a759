import assert from "node:assert/strict";
import { Duplex } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";

import { coalesceWrites } from "../../server/src/sockets/coalesceWrites.ts";

/**
 * A socket whose every system call is one entry of `calls` (the text of the writes it carried).
 * With `stalled`, the kernel takes nothing: calls are recorded but never complete until `release`.
 */
function fakeSocket(options: { stalled?: boolean } = {}) {
  const calls: string[][] = [];
  const pending: Array<() => void> = [];
  const complete = (callback: () => void) => (options.stalled ? pending.push(callback) : callback());
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      calls.push([chunk.toString()]);
      complete(callback);
    },
    writev(chunks, callback) {
      calls.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      complete(callback);
    },
  });
  const release = () => {
    options.stalled = false;
    for (const callback of pending.splice(0)) callback();
  };
  return { socket, calls, release };
}

/** What ws does per frame: header and payload under its own cork. */
function sendFrame(socket: Duplex, header: string, payload: string, callback?: () => void): void {
  socket.cork();
  socket.write(header);
  socket.write(payload, callback);
  socket.uncork();
}

describe("coalesced websocket writes", () => {
  it("sends one turn's writes in one call, in order, byte for byte", async () => {
    const { socket, calls } = fakeSocket();
    coalesceWrites(socket);
    sendFrame(socket, "h1", "one");
    sendFrame(socket, "h2", "two");
    socket.write("three");
    assert.deepEqual(calls, [], "nothing leaves before the turn ends");
    await nextTurn();
    assert.deepEqual(calls, [["h1", "one", "h2", "two", "three"]]);
  });

  it("reports each write done at once, so the next message need not wait for the turn's end", async () => {
    const { socket, calls } = fakeSocket();
    coalesceWrites(socket);
    const reported: string[] = [];
    sendFrame(socket, "h1", "one", () => {
      reported.push("one");
      // As engine.io does: the next packet goes out once the last one is reported written.
      sendFrame(socket, "h2", "two", () => reported.push("two"));
    });
    await new Promise<void>((resolve) => process.nextTick(resolve));
    assert.deepEqual(reported, ["one", "two"]);
    assert.deepEqual(calls, [], "both reported while still in the turn's batch");
    await nextTurn();
    assert.deepEqual(calls, [["h1", "one", "h2", "two"]]);
  });

  it("starts a new call for the next turn's writes", async () => {
    const { socket, calls } = fakeSocket();
    coalesceWrites(socket);
    socket.write("a");
    await nextTurn();
    socket.write("b");
    socket.write("c");
    await nextTurn();
    assert.deepEqual(calls, [["a"], ["b", "c"]]);
  });

  it("keeps each connection's writes apart", async () => {
    const first = fakeSocket();
    const second = fakeSocket();
    coalesceWrites(first.socket);
    coalesceWrites(second.socket);
    first.socket.write("1a");
    second.socket.write("2a");
    first.socket.write("1b");
    await nextTurn();
    assert.deepEqual(first.calls, [["1a", "1b"]]);
    assert.deepEqual(second.calls, [["2a"]]);
  });

  it("sends what the turn wrote before ending the connection", async () => {
    const { socket, calls } = fakeSocket();
    coalesceWrites(socket);
    let finished = false;
    socket.on("finish", () => (finished = true));
    socket.write("close frame");
    socket.end();
    await nextTurn();
    assert.deepEqual(calls, [["close frame"]]);
    assert.equal(finished, true);
  });

  it("while the kernel still holds earlier bytes, reports writes only once they go out (backpressure)", async () => {
    const { socket, calls, release } = fakeSocket({ stalled: true });
    coalesceWrites(socket);
    socket.write("first");
    await nextTurn();
    assert.deepEqual(calls, [["first"]]);
    let reported = false;
    socket.write("second", () => (reported = true));
    await nextTurn();
    assert.equal(reported, false);
    release();
    await nextTurn();
    assert.equal(reported, true);
    assert.deepEqual(calls, [["first"], ["second"]]);
  });

  it("leaves a write after the end to the stream, which reports the error to its callback", async () => {
    const { socket, calls } = fakeSocket();
    coalesceWrites(socket);
    socket.on("error", () => {});
    socket.end("last");
    const error = await new Promise<Error | null | undefined>((resolve) => socket.write("too late", resolve));
    assert.equal((error as NodeJS.ErrnoException | undefined)?.code, "ERR_STREAM_WRITE_AFTER_END");
    await nextTurn();
    assert.deepEqual(calls, [["last"]]);
  });
});
