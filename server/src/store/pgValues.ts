/**
 * Values as PostgreSQL takes them. Its text cannot hold U+0000 (SQLite can): a voter's prompt or
 * a model's answer carrying one is stored with U+FFFD in its place instead of failing the battle.
 */

export function pgText(text: string): string {
  return text.includes("\0") ? text.replaceAll("\0", "\uFFFD") : text;
}

export function pgTextOrNull(text: string | null): string | null {
  return text === null ? null : pgText(text);
}

/** JSON for a jsonb parameter, with U+0000 replaced in every string (jsonb refuses it too). */
export function pgJson(value: unknown): string {
  const json = JSON.stringify(value);
  // JSON.stringify writes U+0000 as \u0000; only then is the slower pass needed.
  return json.includes("\\u0000")
    ? JSON.stringify(value, (_key, item: unknown) => (typeof item === "string" ? pgText(item) : item))
    : json;
}
