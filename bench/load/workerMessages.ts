/**
 * What the load parent and its client worker(s) tell each other (over the fork IPC channel).
 * Times are on the shared bench clock (`now()` of bench/benchChild.ts, ms since the epoch).
 */

/** Parent → worker: connect `clients` sockets, spread round-robin over `targets`. */
export type ConnectCommand = { type: "connect"; targets: string[]; clients: number; firstClient: number };

/**
 * Parent → worker: play battle → vote loops from `startAt` until `stopAt` (no new battle starts
 * after it), counting in the figures only what was sent at or after `measureFrom` and answered by
 * `stopAt`. At most `maxVotes` votes in all; the battles in flight at `stopAt` finish (up to
 * `drainMs`) so that every ok-acked vote can be checked against the store.
 */
export type RunCommand = {
  type: "run";
  startAt: number;
  measureFrom: number;
  stopAt: number;
  maxVotes: number;
  drainMs: number;
  /** Client-side limit on one ack or on a battle's two ends, ms. */
  timeoutMs: number;
};

export type WorkerCommand = ConnectCommand | RunCommand | { type: "exit" };

export type ConnectedReport = {
  type: "connected";
  connected: number;
  failed: number;
  errors: Record<string, number>;
  ms: number;
};

/** Everything one worker saw; the parent merges the workers' reports. */
export type RunReport = {
  type: "result";
  /** Measured window: ack latencies of ok votes and of ok battle starts, ms (unsorted). */
  voteAckMs: number[];
  startAckMs: number[];
  /** Battle start ack → both `battle:end`s, ms (measured window). */
  streamMs: number[];
  /** Votes acked ok in the measured window. */
  measuredVotes: number;
  /** Every vote acked ok, warm-up and drain included (what the store must hold). */
  okVoteBattleIds: string[];
  /** Refusals by ack error code, plus `timeout`, `disconnect`, `battle_failed` (an end with ok: false). */
  errors: Record<string, number>;
  /** Shape of what the server streamed: messages and text per battle (both sides), from the whole run. */
  chunksPerBattle: number;
  chunkTextChars: number;
  battles: number;
  /** Loops still unfinished when the drain time ran out. */
  unfinished: number;
};

export type WorkerReport = ConnectedReport | RunReport;
