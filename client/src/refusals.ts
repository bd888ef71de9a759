/**
 * What the voter reads when the server refuses a request. The server's `message` is accurate but
 * written for any client; for the refusals a voter meets in normal use the page has its own words.
 */
import { MAX_TURNS } from "@arena/shared/limits";

const friendlyMessages: Record<string, string> = {
  busy: "Those models are busy right now — try again in a moment.",
  rate_limited: "That was a lot of requests in a short time — wait a few seconds, then try again.",
  turn_limit: `This conversation has reached its limit of ${MAX_TURNS} turns. Vote on it, or start a new battle.`,
  no_live_models: "This arena has no live models right now, so it cannot answer your own prompts.",
  no_prompts: "This arena has no ready-made prompts. Ask your own question below to start a battle.",
  battle_failed: "One model could not answer, so this battle can't be counted. Start a new battle.",
  not_finished: "Both models need to finish answering before you vote.",
  already_voted: "Your vote on this battle is already in.",
  timeout: "The server did not answer in time. Please try again.",
};

export type Refusal = {
  text: string;
  /** A refusal that belongs to normal use (busy, limits): shown calmly, not as an error. */
  expected: boolean;
};

export function describeRefusal({ code, message }: { code: string; message: string }): Refusal {
  const friendly = friendlyMessages[code];
  return friendly === undefined ? { text: message, expected: false } : { text: friendly, expected: true };
}
