/**
 * How numbers and languages are written on the page, in one place so both pages agree. Everything
 * follows the interface language (`1003,2` in French), read when called: components re-render on a
 * language switch, so they always call these with the current one.
 */
import { t, uiLocale } from "./i18n/translate.ts";

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat for the interface locale. */
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = uiLocale();
  let format = numberFormats.get(`${locale}|${key}`);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(`${locale}|${key}`, format);
  }
  return format;
}

/** A whole number in the interface locale: `12,345`, `12 345`. */
export function formatCount(value: number): string {
  return numberFormat("count", { maximumFractionDigits: 0 }).format(value);
}

/** A share in [0, 1] as a percentage with `digits` decimals: `54.2%`, `54,2 %`. */
export function formatPercent(share: number, digits = 1): string {
  return numberFormat(`percent${digits}`, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/** A time of day in the interface locale. */
export function formatTime(date: Date): string {
  return date.toLocaleTimeString(uiLocale());
}

/** `12 votes`, `12 票`. */
export function formatVotes(count: number): string {
  return t("common.votes", { count, formatted: formatCount(count) });
}

/** Ratings with one decimal, e.g. `1003.2`. */
export function formatRating(value: number): string {
  // No grouping: a rating reads as one number (1003.2), not as an amount.
  return numberFormat("rating", { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }).format(
    value,
  );
}

/** `1003.2 → 1005.1`: how a model's Elo moved with a vote. */
export function formatRatingMove({ before, after }: { before: number; after: number }): string {
  return `${formatRating(before)} → ${formatRating(after)}`;
}

/** Signed change with one decimal, e.g. `+1.9` or `−0.4` (a real minus sign). */
export function formatRatingDelta(delta: number): string {
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return `±${formatRating(0)}`;
  return `${rounded > 0 ? "+" : "−"}${formatRating(Math.abs(rounded))}`;
}

/**
 * The 95% interval around a rating: `±6.5` when symmetric (as the sandwich interval is), otherwise
 * `+7.1/−6.0` (as a bootstrap interval may be). Null when the interval is not computed.
 */
export function formatInterval(rating: number, lower: number | null, upper: number | null): string | null {
  if (lower === null || upper === null) return null;
  const above = formatRating(upper - rating);
  const below = formatRating(rating - lower);
  return above === below ? `±${above}` : `+${above}/−${below}`;
}

export type RankChange = { direction: "up" | "down" | "same"; symbol: string; label: string };

/** What a rank change compares with: the overall table (filtered views) or the plain one (style control). */
export type RankBase = "overall" | "plain";

/**
 * `▲2` / `▼1` / `=`: a rank against the same model's rank in the base table, and the same in words
 * for screen readers.
 */
export function describeRankChange(rank: number, baseRank: number, base: RankBase = "overall"): RankChange {
  const gained = baseRank - rank;
  const words = base === "plain" ? "style" : "leaderboard";
  if (gained === 0) return { direction: "same", symbol: "=", label: t(`${words}.rankSame`) };
  const places = Math.abs(gained);
  return gained > 0
    ? { direction: "up", symbol: `▲${gained}`, label: t(`${words}.rankHigher`, { places }) }
    : { direction: "down", symbol: `▼${-gained}`, label: t(`${words}.rankLower`, { places }) };
}

/** The rank a row's change is shown against, or null when there is none to show. */
export function baseRankOf(
  row: { overallRank: number | null; plainRank?: number | null },
  base: RankBase | null,
): number | null {
  if (base === null) return null;
  return (base === "plain" ? row.plainRank : row.overallRank) ?? null;
}

/** The change of the odds of winning for one unit of a fitted log-odds coefficient: e^γ. */
export function oddsFactor(coefficient: number): number {
  return Math.exp(coefficient);
}

/** An odds factor as the reader writes numbers: `1.42`, `1,42`. */
export function formatOddsFactor(factor: number): string {
  return numberFormat("factor", { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(
    factor,
  );
}

/** Win rate with ties as half a win, as a percentage; a dash before the first battle. */
export function formatWinRate({ wins, ties, battles }: { wins: number; ties: number; battles: number }): string {
  if (battles === 0) return "—";
  return formatPercent((wins + ties / 2) / battles);
}

const languageNames = new Map<string, Intl.DisplayNames | null>();

/** "French" for `fr`, in the interface language ("français", "法语"); "Undetected" for `und`; the code if unknown. */
export function languageName(code: string): string {
  if (code === "und") return t("common.undetected");
  const locale = uiLocale();
  if (!languageNames.has(locale)) {
    try {
      languageNames.set(locale, new Intl.DisplayNames([locale], { type: "language" }));
    } catch {
      languageNames.set(locale, null);
    }
  }
  try {
    return languageNames.get(locale)?.of(code) ?? code;
  } catch {
    // `of` throws on a malformed code, e.g. one typed into the URL by hand.
    return code;
  }
}

/** The automatic tags and the demo pack's categories have names in each language. */
const knownCategories = ["long", "multiturn", "coding", "math", "writing", "knowledge", "reasoning", "advice"] as const;

/** "Coding" for `coding`, "Multi-turn" for `multiturn`; other pack categories are shown capitalised. */
export function categoryName(name: string): string {
  const known = knownCategories.find((category) => category === name);
  if (known !== undefined) return t(`categories.${known}`);
  const words = name.replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
