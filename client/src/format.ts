/** How numbers and languages are written on the page, in one place so both pages agree. */

/** Ratings with one decimal, e.g. `1003.2`. */
export function formatRating(value: number): string {
  return value.toFixed(1);
}

/** `1003.2 → 1005.1`: how a model's Elo moved with a vote. */
export function formatRatingMove({ before, after }: { before: number; after: number }): string {
  return `${formatRating(before)} → ${formatRating(after)}`;
}

/** Signed change with one decimal, e.g. `+1.9` or `−0.4` (a real minus sign). */
export function formatRatingDelta(delta: number): string {
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return "±0.0";
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded).toFixed(1)}`;
}

/**
 * The 95% interval around a rating: `±6.5` when symmetric (as the sandwich interval is), otherwise
 * `+7.1/−6.0` (as a bootstrap interval may be). Null when the interval is not computed.
 */
export function formatInterval(rating: number, lower: number | null, upper: number | null): string | null {
  if (lower === null || upper === null) return null;
  const above = (upper - rating).toFixed(1);
  const below = (rating - lower).toFixed(1);
  return above === below ? `±${above}` : `+${above}/−${below}`;
}

export type RankChange = { direction: "up" | "down" | "same"; symbol: string; label: string };

/** `▲2` / `▼1` / `=`: a filtered rank against the overall one, and the same in words for screen readers. */
export function describeRankChange(rank: number, overallRank: number): RankChange {
  const gained = overallRank - rank;
  if (gained === 0) return { direction: "same", symbol: "=", label: "same rank as overall" };
  const places = `${Math.abs(gained)} ${Math.abs(gained) === 1 ? "place" : "places"}`;
  return gained > 0
    ? { direction: "up", symbol: `▲${gained}`, label: `${places} higher than overall` }
    : { direction: "down", symbol: `▼${-gained}`, label: `${places} lower than overall` };
}

/** Win rate with ties as half a win, as a percentage; a dash before the first battle. */
export function formatWinRate({ wins, ties, battles }: { wins: number; ties: number; battles: number }): string {
  if (battles === 0) return "—";
  return `${(((wins + ties / 2) / battles) * 100).toFixed(1)}%`;
}

let languageNames: Intl.DisplayNames | null | undefined;

/** "French" for `fr`, in the browser's language; "Undetected" for `und`; the code if unknown. */
export function languageName(code: string): string {
  if (code === "und") return "Undetected";
  if (languageNames === undefined) {
    try {
      languageNames = new Intl.DisplayNames(navigator.languages, { type: "language" });
    } catch {
      languageNames = null;
    }
  }
  try {
    return languageNames?.of(code) ?? code;
  } catch {
    // `of` throws on a malformed code, e.g. one typed into the URL by hand.
    return code;
  }
}

/** The automatic tags read better spelled out; pack categories are shown capitalised. */
const categoryNames: Record<string, string> = { long: "Long prompts", multiturn: "Multi-turn" };

/** "Coding" for `coding`, "Multi-turn" for `multiturn`. */
export function categoryName(name: string): string {
  const known = categoryNames[name];
  if (known !== undefined) return known;
  const words = name.replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
