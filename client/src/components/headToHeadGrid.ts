/**
 * The head-to-head grid's numbers and colours, apart from its markup: the matrix in the table's
 * order, and each cell's background and text colour.
 */
import type { LeaderboardMatrix } from "@arena/shared/protocol";

export type Grid = Pick<LeaderboardMatrix, "models" | "battles" | "winRate">;

/** The matrix re-ordered to `order`; models the table does not know yet go last. */
export function orderGrid(matrix: LeaderboardMatrix, order: string[]): Grid {
  const position = new Map(matrix.models.map((model, index) => [model, index]));
  const known = order.filter((model) => position.has(model));
  const rest = matrix.models.filter((model) => !order.includes(model));
  const indices = [...known, ...rest].map((model) => position.get(model)!);
  return {
    models: indices.map((index) => matrix.models[index]!),
    battles: indices.map((i) => indices.map((j) => matrix.battles[i]![j]!)),
    winRate: indices.map((i) => indices.map((j) => matrix.winRate[i]![j] ?? null)),
  };
}

/** The most votes between any two models, at least 1: the top of the votes scale. */
export function busiestPairVotes(battles: number[][]): number {
  return Math.max(1, ...battles.flat());
}

// ColorBrewer RdBu (reversed): red for losing, blue for winning, near white for even. It stays
// readable for the common colour-vision deficiencies, which a red–green scale would not.
export const WIN_RATE_SCALE = ["#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac"];
const WIN_RATE_SCALE_RGB = WIN_RATE_SCALE.map(hexToRgb);

// ColorBrewer Blues, from its second stop: a single pair's cell stays visibly tinted, not white.
export const BATTLES_SCALE = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"];
const BATTLES_SCALE_RGB = BATTLES_SCALE.map(hexToRgb);

function hexToRgb(hex: string): number[] {
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

/** The colour of a win rate in [0, 1] as RGB, interpolated between the scale's stops. */
export function winRateColour(rate: number): number[] {
  return interpolate(WIN_RATE_SCALE_RGB, rate);
}

/**
 * The colour of a pair's share of the busiest pair's votes. On a square-root scale: counts are
 * skewed (a few popular pairs), and a linear one would leave most cells nearly the same pale blue.
 */
export function battlesColour(share: number): number[] {
  return interpolate(BATTLES_SCALE_RGB, Math.sqrt(share));
}

/** The colour at `at` in [0, 1] along `stops`, interpolated linearly between neighbours. */
function interpolate(stops: number[][], at: number): number[] {
  const position = Math.min(Math.max(at, 0), 1) * (stops.length - 1);
  const stop = Math.min(Math.floor(position), stops.length - 2);
  const fraction = position - stop;
  const [from, to] = [stops[stop]!, stops[stop + 1]!];
  return from.map((value, index) => Math.round(value + (to[index]! - value) * fraction));
}

/**
 * White text on dark cells, black on light ones, switching at a relative luminance of 0.179 (WCAG's
 * formula), where both give 4.58:1: every cell's number then reaches AA. (The page's near-black text
 * would not: between 0.18 and 0.21 neither it nor white reaches 4.5:1.)
 */
export function needsLightText(rgb: number[]): boolean {
  const [r, g, b] = rgb.map((channel) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 0.179;
}

/** A cell's background and the text colour that reads on it, as CSS values. */
export function cellColours(rgb: number[]): { background: string; color: string } {
  return { background: `rgb(${rgb.join(" ")})`, color: needsLightText(rgb) ? "#fff" : "#000" };
}
