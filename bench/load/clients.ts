/**
 * The load's client worker, a child process of bench/load/index.ts so that the clients' event
 * loop is not the server's: socket.io clients on 127.0.0.1, each playing battle:start → both
 * battle:end → battle:vote in a loop, as fast as the server answers.
 */
import type {
  Ack,
  BattleStarted,
  ClientToServerEvents,
  ServerToClientEvents,
  VoteResult,
  Winner,
} from "@arena/shared/protocol";
import { io as connect, type Socket } from "socket.io-client";

import { now, onCommands } from "../benchChild.ts";
import type { ConnectCommand, ConnectedReport, RunCommand, RunReport, WorkerCommand } from "./workerMessages.ts";

type LoadClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONNECT_BATCH = 50;
const WINNERS: Winner[] = ["a", "b", "tie", "bothbad"];

/** Errors the loop counts by name besides the servers' ack codes. */
class LoopError extends Error {}

/** One voter: its socket, and the ends received per battle (an end may overtake the start's ack). */
type Voter = {
  socket: LoadClient;
  ends: Map<string, { count: number; failed: boolean }>;
  waiting: { battleId: string; resolve: () => void } | undefined;
  closed: boolean;
};

let voters: Voter[] = [];

const stats = {
  chunks: 0,
  chunkChars: 0,
  errors: {} as Record<string, number>,
};
const countError = (code: string) => (stats.errors[code] = (stats.errors[code] ?? 0) + 1);

async function connectAll({ targets, clients, firstClient }: ConnectCommand): Promise<void> {
  const started = now();
  let failed = 0;
  for (let first = 0; first < clients; first += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, clients - first) }, (_, i) =>
      connectVoter(targets[(firstClient + first + i) % targets.length]!).then(
        (voter) => voters.push(voter),
        (error: unknown) => {
          failed++;
          countError(`connect: ${error instanceof Error ? error.message : String(error)}`);
        },
      ),
    );
    await Promise.all(batch);
  }
  const report: ConnectedReport = {
    type: "connected",
    connected: voters.length,
    failed,
    errors: { ...stats.errors },
    ms: now() - started,
  };
  stats.errors = {};
  process.send!(report);
}

function connectVoter(url: string): Promise<Voter> {
  const socket: LoadClient = connect(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: 20_000,
  });
  const voter: Voter = { socket, ends: new Map(), waiting: undefined, closed: false };
  socket.on("battle:chunk", (chunk) => {
    stats.chunks++;
    stats.chunkChars += chunk.text.length;
  });
  socket.on("battle:end", ({ battleId, ok }) => {
    const seen = voter.ends.get(battleId) ?? { count: 0, failed: false };
    seen.count++;
    seen.failed ||= !ok;
    voter.ends.set(battleId, seen);
    if (seen.count === 2 && voter.waiting?.battleId === battleId) voter.waiting.resolve();
  });
  socket.on("disconnect", () => {
    voter.closed = true;
    voter.waiting?.resolve();
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(voter));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Resolves once both sides of `battleId` ended (or the socket closed); rejects after `timeoutMs`. */
function bothEnded(voter: Voter, battleId: string, timeoutMs: number): Promise<{ failed: boolean }> {
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      voter.waiting = undefined;
      const seen = voter.ends.get(battleId);
      voter.ends.delete(battleId);
      if (voter.closed) reject(new LoopError("disconnect"));
      else resolve({ failed: seen?.failed ?? false });
    };
    const timer = setTimeout(() => {
      voter.waiting = undefined;
      voter.ends.delete(battleId);
      reject(new LoopError("timeout"));
    }, timeoutMs);
    if ((voter.ends.get(battleId)?.count ?? 0) >= 2 || voter.closed) finish();
    else voter.waiting = { battleId, resolve: finish };
  });
}

async function ask<T>(request: () => Promise<Ack<T>>): Promise<Ack<T>> {
  try {
    return await request();
  } catch {
    // socket.io-client rejects emitWithAck after the timeout (or when the socket closed meanwhile).
    throw new LoopError("timeout");
  }
}

async function run(command: RunCommand): Promise<RunReport> {
  const { startAt, measureFrom, stopAt, maxVotes, drainMs, timeoutMs } = command;
  const voteAckMs: number[] = [];
  const startAckMs: number[] = [];
  const streamMs: number[] = [];
  const okVoteBattleIds: string[] = [];
  let measuredVotes = 0;
  let battles = 0;
  let votesSent = 0;
  const measured = (sent: number, answered: number) => sent >= measureFrom && answered <= stopAt;

  const loop = async (voter: Voter) => {
    while (!voter.closed && now() < stopAt && votesSent < maxVotes) {
      try {
        const startSent = now();
        const started = await ask<BattleStarted>(() => voter.socket.timeout(timeoutMs).emitWithAck("battle:start", {}));
        const startAcked = now();
        if (!started.ok) {
          countError(started.error.code);
          continue;
        }
        battles++;
        if (measured(startSent, startAcked)) startAckMs.push(startAcked - startSent);
        const { battleId } = started.data;
        const { failed } = await bothEnded(voter, battleId, timeoutMs);
        const ended = now();
        if (failed) {
          countError("battle_failed");
          continue;
        }
        if (measured(startAcked, ended)) streamMs.push(ended - startAcked);
        votesSent++;
        const winner = WINNERS[Math.floor(Math.random() * WINNERS.length)]!;
        const voteSent = now();
        const vote = await ask<VoteResult>(() =>
          voter.socket.timeout(timeoutMs).emitWithAck("battle:vote", { battleId, winner }),
        );
        const voteAcked = now();
        if (!vote.ok) {
          countError(vote.error.code);
          continue;
        }
        okVoteBattleIds.push(battleId);
        if (measured(voteSent, voteAcked)) {
          measuredVotes++;
          voteAckMs.push(voteAcked - voteSent);
        }
      } catch (error) {
        countError(error instanceof LoopError ? error.message : `client: ${String(error)}`);
      }
    }
  };

  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - now())));
  let pending = voters.length;
  const loops = voters.map((voter) => loop(voter).finally(() => pending--));
  const drained = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, stopAt - now()) + drainMs));
  await Promise.race([Promise.all(loops), drained]);

  return {
    type: "result",
    voteAckMs,
    startAckMs,
    streamMs,
    measuredVotes,
    okVoteBattleIds,
    errors: stats.errors,
    chunksPerBattle: battles > 0 ? stats.chunks / battles : 0,
    chunkTextChars: battles > 0 ? stats.chunkChars / battles : 0,
    battles,
    unfinished: pending,
  };
}

// The parent is gone (killed, or done): so is this worker.
process.on("disconnect", () => process.exit(0));

onCommands<WorkerCommand>((command) => {
  if (command.type === "connect") void connectAll(command);
  if (command.type === "run") void run(command).then((report) => process.send!(report));
  if (command.type === "exit") {
    for (const voter of voters) voter.socket.close();
    voters = [];
    process.exit(0);
  }
});
