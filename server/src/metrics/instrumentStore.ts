/**
 * The store as the services see it, with each write timed until it is durable (so what a vote's
 * ack waits for shows in the metrics). Reads and the command line's bulk work are left as they are.
 */
import type { ArenaStore } from "../store/store.ts";

/** The writes a serving arena makes, each timed under its own name. */
const TIMED_WRITES = [
  "insertBattle",
  "saveBattleState",
  "recordVote",
  "setSessionStanding",
  "saveConvMetadata",
] as const;

type TimedWrite = (typeof TIMED_WRITES)[number];

export type StoreWriteObserver = (operation: TimedWrite, seconds: number, ok: boolean) => void;

/** `store` with its writes reported to `observe`; everything else (and every other property) is the store's own. */
export function instrumentStore(store: ArenaStore, observe: StoreWriteObserver): ArenaStore {
  // The store's own object stays the prototype, so properties beyond the interface reach through.
  const timed: ArenaStore = Object.create(store) as ArenaStore;
  for (const operation of TIMED_WRITES) {
    const write = store[operation].bind(store) as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(timed, operation, {
      value: async (...args: unknown[]) => {
        const started = process.hrtime.bigint();
        const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
        try {
          const result = await write(...args);
          observe(operation, elapsed(), true);
          return result;
        } catch (error) {
          observe(operation, elapsed(), false);
          throw error;
        }
      },
    });
  }
  return timed;
}
