/**
 * Where the rating-over-time chart draws everything, apart from its markup: a point per day with
 * votes, placed on a time axis (days apart as far apart as they are in time), the rating as a line
 * and its 95% interval as a band around it.
 */
import type { HistoryPoint as DayOfHistory } from "@arena/shared/depth";

import { axisTicks, tickCount } from "./axisTicks.ts";

/** What the chart reads of one day of `GET /api/leaderboard/history`. */
export type HistoryPoint = Pick<DayOfHistory, "date" | "rating" | "ciLower" | "ciUpper">;

const PAD_TOP = 26;
const PAD_RIGHT = 20;
const AXIS_HEIGHT = 44;
// Room for the rating ticks on the left ("1000").
const PAD_LEFT = 48;
const DAY_MS = 86_400_000;
// About one labelled tick per this many pixels, on each axis.
const DATE_TICK_SPACING = 110;
const RATING_TICK_SPACING = 44;

export type HistoryLayout = {
  x: (date: string) => number;
  y: (rating: number) => number;
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  plotBottom: number;
  height: number;
  ratingTicks: number[];
  /** The dates labelled under the axis: the first, the last, and evenly spread ones between. */
  dateTicks: string[];
  /** The rating line through every point, `M…L…`. */
  line: string;
  /** The interval as closed areas, one per run of consecutive points that have one. */
  bands: string[];
};

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The layout of `points` (in date order, at least one) in a chart `width` pixels wide and `height` high. */
export function historyLayout(points: readonly HistoryPoint[], width: number, height: number): HistoryLayout {
  const plotLeft = PAD_LEFT;
  const plotRight = width - PAD_RIGHT;
  const plotTop = PAD_TOP;
  const plotBottom = height - AXIS_HEIGHT;

  const days = points.map((point) => dayNumber(point.date));
  const first = Math.min(...days);
  const last = Math.max(...days);
  // A single day sits in the middle rather than on the left edge.
  const x = (date: string) =>
    last === first
      ? (plotLeft + plotRight) / 2
      : plotLeft + ((dayNumber(date) - first) / (last - first)) * (plotRight - plotLeft);

  const values = points.flatMap((point) => [point.ciLower ?? point.rating, point.ciUpper ?? point.rating]);
  const ratingAxis = axisTicks(values, {
    from: plotBottom,
    to: plotTop,
    margin: 0.05,
    spacing: RATING_TICK_SPACING,
    maxTicks: 8,
  });
  const y = ratingAxis.at;

  const line = points.map((point, index) => `${index === 0 ? "M" : "L"}${x(point.date)},${y(point.rating)}`).join("");
  return {
    x,
    y,
    plotLeft,
    plotRight,
    plotTop,
    plotBottom,
    height,
    ratingTicks: ratingAxis.ticks,
    dateTicks: spreadDates(points, tickCount(plotRight - plotLeft, DATE_TICK_SPACING)),
    line,
    bands: intervalBands(points, x, y),
  };
}

/** At most `count` of the points' dates, first and last included, evenly spread by position. */
export function spreadDates(points: readonly HistoryPoint[], count: number): string[] {
  const dates = points.map((point) => point.date);
  if (dates.length <= count) return dates;
  const picked = new Set<string>();
  for (let index = 0; index < count; index++) {
    picked.add(dates[Math.round((index * (dates.length - 1)) / (count - 1))]!);
  }
  return [...picked];
}

function intervalBands(
  points: readonly HistoryPoint[],
  x: (date: string) => number,
  y: (rating: number) => number,
): string[] {
  const bands: string[] = [];
  let run: Array<{ date: string; lower: number; upper: number }> = [];
  const close = () => {
    if (run.length === 1) {
      // A single day's interval is a short vertical bar: a band one point wide would not show.
      const [p] = run as [(typeof run)[0]];
      const [left, right] = [x(p.date) - 3, x(p.date) + 3];
      bands.push(`M${left},${y(p.upper)}L${right},${y(p.upper)}L${right},${y(p.lower)}L${left},${y(p.lower)}Z`);
    } else if (run.length > 1) {
      const upper = run.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.date)},${y(p.upper)}`).join("");
      const lower = run
        .map((p) => `L${x(p.date)},${y(p.lower)}`)
        .reverse()
        .join("");
      bands.push(`${upper}${lower}Z`);
    }
    run = [];
  };
  for (const point of points) {
    if (point.ciLower === null || point.ciUpper === null) close();
    else run.push({ date: point.date, lower: point.ciLower, upper: point.ciUpper });
  }
  close();
  return bands;
}
