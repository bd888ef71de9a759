/**
 * The leaderboard filter (language and category, "" = all; style control on or off) as the pages
 * show it: in their URLs, where it rides in the query so a view can be shared, and in words.
 */
import { categoryName, languageName } from "./format.ts";
import { t } from "./i18n/translate.ts";

function filterQuery(language: string, category: string, style: boolean, at = ""): string {
  const query = new URLSearchParams({
    ...(language === "" ? {} : { language }),
    ...(category === "" ? {} : { category }),
    ...(style ? { style: "control" } : {}),
    ...(at === "" ? {} : { at }),
  }).toString();
  return query === "" ? "" : `?${query}`;
}

/** `/leaderboard?language=fr&style=control&at=2026-11-30`; "" means no filter (and today's table). */
export function leaderboardUrl(language: string, category: string, style = false, at = ""): string {
  return `/leaderboard${filterQuery(language, category, style, at)}`;
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
