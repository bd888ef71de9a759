/**
 * The leaderboard filter (language and category, "" = all; style control on or off; the people's
 * votes or one judge's verdicts) as the pages show it: in their URLs, where it rides in the query so a view can be shared, and in words.
 */
import { categoryName, languageName } from "./format.ts";
import { t } from "./i18n/translate.ts";

/** Whose table (`judge`, "" for the people's) and as of when (`at`, "" for now). */
export type BoardView = { judge?: string; at?: string };

function filterQuery(
  language: string,
  category: string,
  style: boolean,
  { judge = "", at = "" }: BoardView = {},
): string {
  const query = new URLSearchParams({
    ...(language === "" ? {} : { language }),
    ...(category === "" ? {} : { category }),
    ...(style ? { style: "control" } : {}),
    ...(judge === "" ? {} : { judge }),
    ...(at === "" ? {} : { at }),
  }).toString();
  return query === "" ? "" : `?${query}`;
}

/**
 * `/leaderboard?language=fr&style=control&judge=gpt-judge&at=2026-11-30`; "" means no filter (the
 * people's table, today's).
 */
export function leaderboardUrl(language: string, category: string, style = false, view: BoardView = {}): string {
  return `/leaderboard${filterQuery(language, category, style, view)}`;
}

/** `/api/judges?language=fr`: the judges' figures over the battles of a language and category ("" = all). */
export function judgesApiUrl(language: string, category: string): string {
  return `/api/judges${filterQuery(language, category, false)}`;
}

/** `/model/<id>` with the same filters, the id escaped (ids such as `org/model` hold slashes). */
export function modelUrl(model: string, language: string, category: string, style = false): string {
  return `/model/${encodeURIComponent(model)}${filterQuery(language, category, style)}`;
}

/** The model id of a `/model/<id>` path, or null for any other path. */
export function modelOfPath(pathname: string): string | null {
  const match = /^\/model\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    // A malformed escape typed by hand: not a model page.
    return null;
  }
}

/** "French · all categories": what a table covers, in words. */
export function describeScope(language: string, category: string): string {
  return [
    language === "" ? t("common.allLanguagesScope") : languageName(language),
    category === "" ? t("common.allCategoriesScope") : categoryName(category),
  ].join(" · ");
}
