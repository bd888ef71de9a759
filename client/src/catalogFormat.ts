/**
 * How the model catalogue's values are written on the page: prices in US dollars, parameter counts
 * as makers write them (8B), context windows and days, all in the interface locale.
 */
import { uiLocale } from "./i18n/translate.ts";

/** A price in USD with the decimals it needs: `$0.15`, `$10`, `0,15 $US`; `$0` for free. */
export function formatPrice(usd: number): string {
  return new Intl.NumberFormat(uiLocale(), {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 0,
    // Cheap models are priced in tenths of cents per million tokens.
    maximumFractionDigits: usd !== 0 && Math.abs(usd) < 0.1 ? 4 : 2,
  }).format(usd);
}

/**
 * A parameter count: a number becomes `8B`, `70B`, `1.5T`, `350M` (as model makers write them,
 * in every language); text ("8x7B") is shown as written.
 */
export function formatParameters(value: string | number): string {
  if (typeof value === "string") return value;
  const units: Array<[number, string]> = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, unit] of units) {
    if (value >= size) return `${Number((value / size).toPrecision(3))}${unit}`;
  }
  return String(value);
}

/** A `YYYY-MM-DD` day written out in the interface locale (`5 Dec 2026`), as that day, not a time zone's. */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString(uiLocale(), { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

/** A model's name for people: the catalogue's display name, else its id. */
export function displayNameOf(model: { id: string; displayName?: string }): string {
  return model.displayName ?? model.id;
}
