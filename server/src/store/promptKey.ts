/**
 * The key under which voter-written prompts count as "the same" for duplicate damping: case,
 * white space and surrounding punctuation do not make a flood of one prompt look varied.
 */
import { createHash } from "node:crypto";

import type { BattleSource } from "../domain/battle.ts";

export function promptKeyOf(prompt: string, source: BattleSource): string | null {
  // Pack prompts are drawn by the server and repeat by design; only voters' own prompts are damped.
  if (source === "pack") return null;
  const normalized = prompt
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "");
  return createHash("sha256").update(normalized).digest("base64url").slice(0, 22);
}
