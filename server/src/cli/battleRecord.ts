/**
 * One battle of a battle file, validated: the fields Arena reads from LMArena / FastChat battle
 * records (`model_a`, `model_b`, `winner`, and optionally `tstamp`, `judge`, `language`,
 * `category`, `conversation_a/b`, `turn`, `flag`, `battle_id` / `id`); others are ignored.
 */
import { z } from "zod";
import type { Winner } from "@arena/shared/protocol";
import { languageCodeOf } from "./languageNames.ts";

export type Turn = { role: string; content: string };

export type FileBattle = {
  /** Where the battle starts in the file (1-based). */
  line: number;
  /** The record's text in the file when it gives no id: with `line`, what an id is derived from. */
  raw: string | null;
  /** The file's own id (`battle_id`, else `id`), if it gives one. */
  id: string | null;
  modelA: string;
  modelB: string;
  winner: Winner;
  /** ISO 639-1 code or `und`; null when the file says nothing. */
  language: string | null;
  /** Seconds since 1970. */
  tstamp: number | null;
  judge: string | null;
  category: string | null;
  conversationA: Turn[] | null;
  conversationB: Turn[] | null;
  turn: number | null;
  /** Why the vote does not count (Arena's own exports); null = counted. */
  flag: string | null;
};

const WINNERS: ReadonlyMap<unknown, Winner> = new Map<unknown, Winner>([
  ["model_a", "a"],
  ["model_b", "b"],
  ["tie", "tie"],
  ["both_bad", "bothbad"],
  ["tie (bothbad)", "bothbad"],
]);

const got = (input: unknown) => (input === undefined ? "is missing" : `got ${JSON.stringify(input)}`);

const modelId = z
  .string({ error: (issue) => (issue.input === undefined ? "is missing" : `must be a string, ${got(issue.input)}`) })
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters");

const winner = z.unknown().transform((value, context): Winner => {
  const parsed = WINNERS.get(value);
  if (parsed) return parsed;
  context.addIssue({
    code: "custom",
    message:
      value === undefined
        ? "is missing"
        : `must be model_a, model_b, tie or both_bad, got ${JSON.stringify(value)}`,
  });
  return z.NEVER;
});

/** CSV cells are text: a number column holds "1712345678.9". */
const numberLike = (schema: z.ZodNumber) =>
  z.preprocess(
    (value) =>
      typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value,
    schema,
  );

const text = z
  .union([z.string(), z.number()], { error: (issue) => `must be a string, ${got(issue.input)}` })
  .transform(String);

// Content is a string in text battles; FastChat's vision battles hold [text, images].
const content = z.unknown().transform((value) => {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.find((part): part is string => typeof part === "string") ?? "";
  return "";
});

const conversation = z.array(z.object({ role: z.string(), content }), {
  error: "must be a list of {role, content} turns",
});

const battleRecordSchema = z.object({
  model_a: modelId,
  model_b: modelId,
  winner,
  battle_id: text.nullish(),
  id: text.nullish(),
  tstamp: numberLike(
    z
      .number({ error: (issue) => `must be seconds since 1970, ${got(issue.input)}` })
      .min(0, "must not be negative")
      .max(8.64e12, "is too far in the future"),
  ).nullish(),
  judge: text.nullish(),
  language: text.nullish(),
  category: z.unknown().optional(),
  conversation_a: conversation.nullish(),
  conversation_b: conversation.nullish(),
  turn: numberLike(
    z
      .number({ error: (issue) => `must be a number, ${got(issue.input)}` })
      .int("must be a whole number")
      .min(1, "must be at least 1"),
  ).nullish(),
  flag: z.string().nullish(),
});

/** Every field Arena reads from a battle record: the columns it looks at in a CSV file. */
export const KNOWN_FIELDS = Object.keys(battleRecordSchema.shape);
/** Fields whose CSV cell holds JSON. */
export const JSON_FIELDS: ReadonlySet<string> = new Set(["conversation_a", "conversation_b"]);

/** A validated battle, or the first problem as `field message` ("winner must be …"). */
export function parseBattleRecord(
  record: unknown,
  line: number,
  raw: string,
): { battle: FileBattle } | { problem: string } {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return { problem: "a battle must be a JSON object" };
  }
  const parsed = battleRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `${issue.path.join(".")} ${issue.message}` };
  }
  const fields = parsed.data;
  const id = fields.battle_id || fields.id || null;
  return {
    battle: {
      line,
      raw: id === null ? raw : null,
      id,
      modelA: fields.model_a,
      modelB: fields.model_b,
      winner: fields.winner,
      language: fields.language ? languageCodeOf(fields.language) : null,
      tstamp: fields.tstamp ?? null,
      judge: fields.judge || null,
      category: typeof fields.category === "string" && fields.category !== "" ? fields.category : null,
      conversationA: fields.conversation_a ?? null,
      conversationB: fields.conversation_b ?? null,
      turn: fields.turn ?? null,
      flag: fields.flag || null,
    },
  };
}
