/**
 * A benchmark's child process, both ends: BenchChild forks a script and talks to it (the parent's
 * side), onCommands answers its pings (the child's side). Load generators run in children so that
 * their work does not run on the measured server's event loop.
 *
 * Every message is an object with a `type`; a child may answer every parent's `ping` with a `pong`
 * (for the clock offset and the child's CPU time), besides its own commands and reports.
 */
import { type ChildProcess, fork } from "node:child_process";

/** Parent → child, answered by onCommands. */
export type Ping = { type: "ping"; id: number };
/** Child → parent: `at` on the child's clock; `cpuMs`, the child's user + system CPU time so far. */
export type Pong = { type: "pong"; id: number; at: number; cpuMs: number };

/** The clock of every bench process, parent and children alike (ms since the epoch, sub-ms resolution). */
export const now = () => performance.timeOrigin + performance.now();

const CLOCK_PINGS = 20;

/** This process's CPU time so far (user + system), ms. */
export const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A forked bench child: pending answers matched by type (each `next` takes the first report of its type). */
export class BenchChild<Command extends { type: string }, Report extends { type: string }> {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  /** `name` is for error messages. */
  constructor(
    private readonly name: string,
    script: string,
    args: string[],
  ) {
    // The child inherits tsx's loader through process.execArgv.
    this.child = fork(script, args, { stdio: "inherit" });
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
  }

  /** The child's next report of type `type`; rejects after `timeoutMs` or if the child exits first. */
  next<T extends (Report | Pong)["type"]>(type: T, timeoutMs = 60_000): Promise<Extract<Report | Pong, { type: T }>> {
    return this.nextMessage(type, timeoutMs);
  }

  /** `next`, typed by the caller (TypeScript cannot narrow `Report | Pong` to a pong inside this generic class). */
  private nextMessage<Message extends { type: string }>(type: string, timeoutMs: number): Promise<Message> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.child.off("message", onMessage);
        this.child.off("exit", onExit);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: Message) => {
        if (message.type !== type) return;
        done();
        resolve(message);
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`${this.name} exited (code ${code}) before "${type}"`));
      };
      this.child.on("message", onMessage);
      this.child.on("exit", onExit);
    });
  }

  send(command: Command | Ping): void {
    this.child.send(command);
  }

  /**
   * The child's clock minus ours, from the ping with the shortest round trip (NTP's estimate:
   * the reply was stamped halfway). Both use performance.timeOrigin, so it is usually ≈ 0.
   */
  async clockOffset(): Promise<{ offset: number; roundTrip: number }> {
    let best = { offset: 0, roundTrip: Infinity };
    for (let id = 0; id < CLOCK_PINGS; id++) {
      const sent = now();
      const pong = this.nextMessage<Pong>("pong", 5_000);
      this.send({ type: "ping", id });
      const { at } = await pong;
      const received = now();
      if (received - sent < best.roundTrip) best = { offset: at - (sent + received) / 2, roundTrip: received - sent };
    }
    return best;
  }

  /** The child's CPU time so far (user + system), ms. */
  async cpuMs(): Promise<number> {
    const pong = this.nextMessage<Pong>("pong", 5_000);
    this.send({ type: "ping", id: -1 });
    return (await pong).cpuMs;
  }

  /** Waits for the child to exit (once it has been told to, or has done its work), killing it after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const timer = setTimeout(() => this.kill(), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}

/**
 * In a bench child: answers the parent's pings (BenchChild.clockOffset and cpuMs) and hands every
 * other message to `onCommand`.
 */
export function onCommands<Command extends { type: string }>(onCommand: (command: Command) => unknown): void {
  process.on("message", (message: Command | Ping) => {
    if (message.type === "ping") {
      const pong: Pong = { type: "pong", id: (message as Ping).id, at: now(), cpuMs: ownCpuMs() };
      process.send!(pong);
      return;
    }
    onCommand(message as Command);
  });
}
