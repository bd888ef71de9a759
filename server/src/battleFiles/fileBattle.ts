/**
 * One battle of a battle file, validated: the fields Arena reads from LMArena / FastChat battle
 * records, checked by hand-written rules rather than a schema object per row (a file may hold
 * millions). Each rule takes a JSON value or a CSV cell (text) and says what is wrong in words
 * that name the field, as `field message`.
 */
import { MAX_REASONS_PER_VOTE, REASON_ID_PATTERN } from "@arena/shared/limits";
import type { Winner } from "@arena/shared/protocol";

import { CUT, INTERN, SKIP } from "./csv.ts";
import { languageCodeOf } from "./languageNames.ts";

/** One turn of a FastChat conversation, as the file gives it (extra keys such as `num_tokens` kept). */
export type FileTurn = { role: string; content: unknown; [key: string]: unknown };

export type FileBattle = {
  /** Where the battle starts in the file (1-based). */
  line: number;
  /** The record's text in the file (only when the reader was asked to keep everything). */
  raw: string | null;
  /** The file's own id: `battle_id` (Arena's older exports), else `question_id` (FastChat), else `id` (LMArena). */
  id: string | null;
  modelA: string;
  modelB: string;
  winner: Winner;
  /** ISO 639-1 code or `und`; null when the file says nothing. */
  language: string | null;
  /** Seconds since 1970, as given. */
  tstamp: number | null;
  judge: string | null;
  category: string | null;
  conversationA: FileTurn[] | null;
  conversationB: FileTurn[] | null;
  turn: number | null;
  /** Why the vote does not count (Arena's own exports); null = counted. */
  flag: string | null;
  /** The reason ids the voter gave (Arena's own exports); null = none given. */
  reasons: string[] | null;
  /** FastChat's `conv_metadata` (style features), or one built from CSV columns of the same names. */
  convMetadata: Record<string, unknown> | null;
  /**
   * Every field of the record that Arena does not keep in a column of its own, as given (typed:
   * `tstamp` a number even from a CSV cell): what an export needs to give the record back.
   * Only when the reader was asked to keep everything; otherwise null.
   */
  given: Record<string, unknown> | null;
};

/** A CSV cell is text; JSON values come typed. */
type Source = "csv" | "json";

/** Turns a value into the battle's field, or returns the problem. */
type Rule = (value: unknown, battle: FileBattle, source: Source) => string | undefined | void;

const WINNERS: ReadonlyMap<unknown, Winner> = new Map<unknown, Winner>([
  ["model_a", "a"],
  ["model_b", "b"],
  ["tie", "tie"],
  ["both_bad", "bothbad"],
  ["tie (bothbad)", "bothbad"],
]);

const got = (value: unknown) => `got ${JSON.stringify(value)}`;

/** A model id that passes the model rules, or null (the rules then say why). */
export function checkedModelId(value: string): string | null {
  return typeof modelId(value) === "string" ? value : null;
}

/** The winner a cell names, or null (the winner rule then says why). */
export function checkedWinner(value: string): Winner | null {
  return WINNERS.get(value) ?? null;
}

function modelId(value: unknown): string | { problem: string } {
  if (typeof value !== "string") return { problem: `must be a string, ${got(value)}` };
  if (value === "") return { problem: "must not be empty" };
  if (value.length > 200) return { problem: "must be at most 200 characters" };
  return value;
}

/** A number, or in CSV the text of one ("1712345678.9"). */
function numberOf(value: unknown, source: Source): number | undefined {
  if (typeof value === "number") return value;
  if (source === "csv" && typeof value === "string" && value.trim() !== "") {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
  }
  return undefined;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

function conversationOf(value: unknown): FileTurn[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const turn of value) {
    if (typeof turn !== "object" || turn === null || Array.isArray(turn) || typeof turn.role !== "string")
      return undefined;
  }
  return value as FileTurn[];
}

const RULES: Readonly<Record<string, Rule>> = {
  model_a(value, battle) {
    const id = modelId(value);
    if (typeof id !== "string") return id.problem;
    battle.modelA = id;
  },
  model_b(value, battle) {
    const id = modelId(value);
    if (typeof id !== "string") return id.problem;
    battle.modelB = id;
  },
  winner(value, battle) {
    const winner = WINNERS.get(value);
    if (winner === undefined) return `must be model_a, model_b, tie or both_bad, ${got(value)}`;
    battle.winner = winner;
  },
  battle_id: idRule,
  question_id: idRule,
  id: idRule,
  tstamp(value, battle, source) {
    const seconds = numberOf(value, source);
    if (seconds === undefined) return `must be seconds since 1970, ${got(value)}`;
    if (seconds < 0) return "must not be negative";
    if (seconds > 8.64e12) return "is too far in the future";
    battle.tstamp = seconds;
  },
  judge(value, battle) {
    const judge = textOf(value);
    if (judge === undefined) return `must be a string, ${got(value)}`;
    battle.judge = judge === "" ? null : judge;
  },
  language(value, battle) {
    const language = textOf(value);
    if (language === undefined) return `must be a string, ${got(value)}`;
    battle.language = language === "" ? null : languageCodeOf(language);
  },
  category(value, battle) {
    // Anything else (FastChat's `category_tag` objects live under another name) is no category.
    battle.category = typeof value === "string" && value !== "" ? value : null;
  },
  conversation_a(value, battle, source) {
    const conversation = conversationOf(source === "csv" ? parseJsonCell(value) : value);
    if (conversation === undefined) return "must be a list of {role, content} turns";
    battle.conversationA = conversation;
  },
  conversation_b(value, battle, source) {
    const conversation = conversationOf(source === "csv" ? parseJsonCell(value) : value);
    if (conversation === undefined) return "must be a list of {role, content} turns";
    battle.conversationB = conversation;
  },
  turn(value, battle, source) {
    const turn = numberOf(value, source);
    if (turn === undefined) return `must be a number, ${got(value)}`;
    if (!Number.isInteger(turn)) return "must be a whole number";
    if (turn < 1) return "must be at least 1";
    battle.turn = turn;
  },
  flag(value, battle) {
    if (typeof value !== "string") return `must be a string, ${got(value)}`;
    battle.flag = value === "" ? null : value;
  },
  conv_metadata(value, battle, source) {
    const metadata = source === "csv" ? parseJsonCell(value) : value;
    if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
      return "must be an object of style counts";
    }
    battle.convMetadata = { ...(metadata as Record<string, unknown>), ...battle.convMetadata };
  },
  reasons(value, battle, source) {
    const reasons = source === "csv" ? parseJsonCell(value) : value;
    if (!Array.isArray(reasons) || reasons.some((id) => typeof id !== "string" || !REASON_ID_PATTERN.test(id))) {
      return `must be a list of reason ids (a-z, 0-9, '_' or '-'), ${got(value)}`;
    }
    if (reasons.length > MAX_REASONS_PER_VOTE) return `must hold at most ${MAX_REASONS_PER_VOTE} reasons`;
    battle.reasons = reasons.length > 0 ? [...new Set(reasons as string[])] : null;
  },
  // Arena's own exports write the tags it derives from the prompt; they are derived again.
  tags() {},
};

function idRule(value: unknown, battle: FileBattle): string | undefined {
  const id = textOf(value);
  if (id === undefined) return `must be a string, ${got(value)}`;
  // battle_id wins over question_id, which wins over id: the fields come in that order.
  if (battle.id === null && id !== "") battle.id = id;
}

/**
 * FastChat's style counts, which a CSV holds as columns of the names `conv_metadata` uses (each
 * an integer, or JSON such as `{"h1":0,"h2":3}`).
 */
export const STYLE_COLUMNS = [
  "sum_assistant_a_tokens",
  "sum_assistant_b_tokens",
  "header_count_a",
  "header_count_b",
  "list_count_a",
  "list_count_b",
  "bold_count_a",
  "bold_count_b",
] as const;

function styleColumnRule(name: string): Rule {
  return (value, battle, source) => {
    const count = source === "csv" ? parseJsonCell(value) : value;
    battle.convMetadata = { ...battle.convMetadata, [name]: count };
  };
}

/** Fields read in this order: the first problem found is the one reported. */
const ORDER = [
  "model_a",
  "model_b",
  "winner",
  "battle_id",
  "question_id",
  "id",
  "tstamp",
  "judge",
  "language",
  "category",
  "conversation_a",
  "conversation_b",
  "turn",
  "flag",
  "reasons",
  "conv_metadata",
  "tags",
];
const STYLE_RULES: Readonly<Record<string, Rule>> = Object.fromEntries(
  STYLE_COLUMNS.map((name) => [name, styleColumnRule(name)]),
);
const REQUIRED = new Set(["model_a", "model_b", "winner"]);

/** Every field Arena reads, in the order its rules run. */
export const KNOWN_FIELDS: readonly string[] = [...ORDER, ...STYLE_COLUMNS];
const RULE_OF: ReadonlyMap<string, Rule> = new Map(
  KNOWN_FIELDS.map((name) => [name, RULES[name] ?? STYLE_RULES[name]!]),
);

/**
 * Fields Arena keeps in columns of its own (model ids, the vote, what it derives again): the
 * rest of a record is kept as given for the export.
 */
const HELD_IN_COLUMNS = new Set([
  "model_a",
  "model_b",
  "winner",
  "category",
  "flag",
  "reasons",
  "conv_metadata",
  "tags",
  ...STYLE_COLUMNS,
]);

/** Columns of few distinct values over many rows: one string per value (see TextInterner). */
const INTERNED_COLUMNS = new Set(["model_a", "model_b", "winner", "language"]);

/** Fields given as text in a CSV whose value is a number. */
const NUMERIC_FIELDS = new Set(["tstamp", "turn"]);

export function emptyBattle(line: number): FileBattle {
  return {
    line,
    raw: null,
    id: null,
    modelA: "",
    modelB: "",
    winner: "tie",
    language: null,
    tstamp: null,
    judge: null,
    category: null,
    conversationA: null,
    conversationB: null,
    turn: null,
    flag: null,
    reasons: null,
    convMetadata: null,
    given: null,
  };
}

/**
 * Validates one JSON record into `battle`; returns the first problem as `field message`.
 * `keepGiven` also keeps every field Arena holds no column for in `battle.given`.
 */
export function readJsonBattle(record: unknown, battle: FileBattle, keepGiven: boolean): string | undefined {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return "a battle must be a JSON object";
  const fields = record as Record<string, unknown>;
  for (const name of KNOWN_FIELDS) {
    const value = fields[name];
    if (value === undefined || value === null) {
      if (REQUIRED.has(name)) return `${name} is missing`;
      continue;
    }
    const problem = RULE_OF.get(name)!(value, battle, "json");
    if (problem !== undefined) return `${name} ${problem}`;
  }
  if (keepGiven) {
    const given: Record<string, unknown> = {};
    for (const name in fields) if (!HELD_IN_COLUMNS.has(name)) given[name] = fields[name];
    battle.given = given;
  }
}

/**
 * A CSV header's plan: for each column, its rule (null for columns Arena does not read).
 * Problems with the header itself come back as a message.
 */
export type CsvPlan = {
  names: string[];
  /** The columns Arena reads, in the order their rules run. */
  read: Array<{ index: number; name: string; rule: Rule; required: boolean }>;
  /** Per column: SKIP, CUT or INTERN (see scanCsv). */
  columns: Uint8Array;
  /**
   * The columns kept as given (not held in Arena's columns), in header order, with how their
   * text is read, and whether an earlier column has the same name (the first non-empty one wins).
   */
  given: Array<{ index: number; name: string; kind: GivenKind; repeated: boolean }>;
};

/** How a kept CSV cell becomes a value: as text, as a number, or as JSON (see parseJsonCell). */
type GivenKind = "text" | "number" | "json";

export function planCsv(header: readonly string[], keepGiven: boolean): CsvPlan | string {
  const names = header.map((name) => name.trim());
  const missing = [...REQUIRED].filter((column) => !names.includes(column));
  if (missing.length > 0) {
    const list = missing.map((column) => `"${column}"`).join(", ");
    return `missing column${missing.length > 1 ? "s" : ""} ${list} (the header needs model_a, model_b and winner)`;
  }
  // Rules run in the fixed field order, so a file reports the same problem whatever its column
  // order; a repeated column is read once, at its first place.
  const read = KNOWN_FIELDS.filter((name) => names.includes(name)).map((name) => ({
    index: names.indexOf(name),
    name,
    rule: RULE_OF.get(name)!,
    required: REQUIRED.has(name),
  }));
  const columns = Uint8Array.from(names, (name) =>
    INTERNED_COLUMNS.has(name) ? INTERN : keepGiven || RULE_OF.has(name) ? CUT : SKIP,
  );
  const given = names.flatMap((name, index) =>
    HELD_IN_COLUMNS.has(name)
      ? []
      : [
          {
            index,
            name,
            kind: (NUMERIC_FIELDS.has(name) ? "number" : JSON_CELLS.has(name) ? "json" : "text") as GivenKind,
            repeated: names.indexOf(name) !== index,
          },
        ],
  );
  return { names, read, columns, given };
}

/** Validates one CSV record (fields in header order) into `battle`; returns the first problem. */
export function readCsvBattle(
  fields: readonly string[],
  plan: CsvPlan,
  battle: FileBattle,
  keepGiven: boolean,
): string | undefined {
  if (fields.length !== plan.names.length) return `has ${fields.length} fields, the header has ${plan.names.length}`;
  for (const { index, name, rule, required } of plan.read) {
    const cell = fields[index]!;
    // An empty cell is an absent value; the three required ones are refused as empty.
    if (cell === "" && !required) continue;
    const problem = rule(cell, battle, "csv");
    if (problem !== undefined) return `${name} ${problem}`;
  }
  if (keepGiven) {
    // The plan's list, not a look-up of each column's name in three sets: this runs per row.
    const given: Record<string, unknown> = {};
    for (const { index, name, kind, repeated } of plan.given) {
      const cell = fields[index]!;
      if (cell === "" || (repeated && name in given)) continue;
      given[name] = kind === "text" ? cell : kind === "number" ? Number(cell) : parseJsonCell(cell);
    }
    battle.given = given;
  }
}

/** Columns whose CSV cell holds JSON (Arena's CSV export writes them so). */
const JSON_CELLS = new Set(["conversation_a", "conversation_b"]);

/** JSON in a cell; text that is not JSON stays text, to be refused by the rule that wanted JSON. */
function parseJsonCell(cell: unknown): unknown {
  if (typeof cell !== "string") return cell;
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}
