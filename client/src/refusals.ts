/**
 * What the voter reads when the server refuses a request. The server's `message` is accurate but
 * written for any client; for the refusals a voter meets in normal use the page has its own words.
 */
import { MAX_TURNS } from "@arena/shared/limits";

import { t } from "./i18n/translate.ts";

/** Read at each call, so the words follow the interface language. */
const friendlyMessages: Record<string, () => string> = {
  busy: () => t("refusals.busy"),
  rate_limited: () => t("refusals.rate_limited"),
  turn_limit: () => t("refusals.turn_limit", { max: MAX_TURNS }),
  no_live_models: () => t("refusals.no_live_models"),
  no_prompts: () => t("refusals.no_prompts"),
  battle_failed: () => t("refusals.battle_failed"),
  not_finished: () => t("refusals.not_finished"),
  already_voted: () => t("refusals.already_voted"),
  timeout: () => t("refusals.timeout"),
};

export type Refusal = {
  text: string;
  /** A refusal that belongs to normal use (busy, limits): shown calmly, not as an error. */
  expected: boolean;
};

export function describeRefusal({ code, message }: { code: string; message: string }): Refusal {
  // An own property only: a code such as "constructor" must not find Object's.
  const friendly = Object.hasOwn(friendlyMessages, code) ? friendlyMessages[code] : undefined;
  return friendly === undefined ? { text: message, expected: false } : { text: friendly(), expected: true };
}
