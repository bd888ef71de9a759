/**
 * The load's yardstick: a bare socket.io server speaking the arena's battle protocol with nothing
 * behind it (no validation, no store, no leaderboard). It answers `battle:start` with an ack and
 * then streams `chunksPerSide` chunks of `chunkChars` characters plus one end per side, and
 * `battle:vote` with an ack — the same messages the arena sends, so arena/echo is the cost of the
 * arena's own work.
 *
 * Run as a child: `node --import tsx bench/load/echoServer.ts CHUNKS_PER_SIDE CHUNK_CHARS`; it listens
 * on 127.0.0.1, a free port, and prints `echo listening on PORT` once ready.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import type { BattleStarted, ClientToServerEvents, ServerToClientEvents, VoteResult } from "@arena/shared/protocol";
import { Server } from "socket.io";

const [chunksPerSide, chunkChars] = process.argv.slice(2).map(Number);
if (!Number.isInteger(chunksPerSide) || !Number.isInteger(chunkChars)) {
  process.stderr.write("usage: echoServer.ts CHUNKS_PER_SIDE CHUNK_CHARS\n");
  process.exit(2);
}
const text = "x".repeat(chunkChars!);
// An ack of the arena's size and shape.
const voteResult: VoteResult = {
  models: { a: "demo-thorough", b: "demo-concise" },
  elo: { a: { before: 1012.3456789, after: 1014.3456789 }, b: { before: 987.6543211, after: 985.6543211 } },
};

const httpServer = http.createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, { serveClient: false });
io.on("connection", (socket) => {
  socket.emit("session", { token: randomBytes(48).toString("base64url") });
  socket.on("battle:start", (_payload, ack) => {
    const battleId = randomBytes(16).toString("base64url");
    const started: BattleStarted = {
      battleId,
      prompt: "What is the sum of the first ten positive integers? Explain briefly.",
      language: "en",
      category: "math",
      mode: "pack",
      maxTurns: 1,
    };
    ack({ ok: true, data: started });
    setImmediate(() => {
      for (const side of ["a", "b"] as const) {
        for (let i = 0; i < chunksPerSide!; i++) socket.emit("battle:chunk", { battleId, side, text, turn: 1 });
        socket.emit("battle:end", { battleId, side, ok: true, turn: 1 });
      }
    });
  });
  socket.on("battle:vote", (_payload, ack) => ack({ ok: true, data: voteResult }));
});

httpServer.listen(0, "127.0.0.1", () => {
  process.stdout.write(`echo listening on ${(httpServer.address() as AddressInfo).port}\n`);
});
const stop = () => {
  void io.close();
  httpServer.closeAllConnections();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
