/**
 * Whether a path is one of the page's own: the server answers 404 (with the page) for the others,
 * and for /model/<id> of a model it does not know — which only the server can tell, so it marks
 * such a 404 in the document (`<meta name="arena-status" content="404">`, server/src/http/page.ts).
 */
import { modelOfPath } from "./leaderboardFilter.ts";

/** /, /leaderboard, /admin and /model/<id> (a trailing slash allowed), as the server routes them. */
export function isPagePath(pathname: string): boolean {
  const trimmed = pathname.replace(/\/+$/, "");
  return trimmed === "" || trimmed === "/leaderboard" || trimmed === "/admin" || modelOfPath(pathname) !== null;
}

/**
 * The view for `pathname` is the not-found one: an unknown path, or the path the server answered
 * with 404 when the page loaded (`notFoundAtLoad`, null when it answered 200). Once the visitor
 * navigates away, the marker no longer applies.
 */
export function isNotFound(pathname: string, notFoundAtLoad: string | null): boolean {
  return !isPagePath(pathname) || pathname === notFoundAtLoad;
}

/** The path the document was served for with status 404, read once from the server's marker. */
export function notFoundPathAtLoad(
  document: Pick<Document, "querySelector">,
  location: Pick<Location, "pathname">,
): string | null {
  return document.querySelector('meta[name="arena-status"][content="404"]') ? location.pathname : null;
}
