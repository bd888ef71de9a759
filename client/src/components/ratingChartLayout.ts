/**
 * Where the rating chart draws everything, apart from its markup: row heights, the label column,
 * the rating axis and its ticks. The width of text comes in as a function, since only the browser
 * can measure it.
 */
import type { LeaderboardGroups } from "../leaderboardGroups.ts";
import { axisTicks } from "./axisTicks.ts";

/** The drawn width of a label in CSS pixels. */
export type MeasureText = (text: string) => number;

// Sizes in CSS pixels: the viewBox is as wide as the figure, so text keeps the page's size.
export const FONT_SIZE = 13;
export const LABEL_FONT_WEIGHT = 600;
const AXIS_HEIGHT = 40;
const GROUP_GAP = 26;
const PAD_TOP = 6;
const PAD_RIGHT = 20;
const PAD_LEFT = 10;
const TOP_AXIS_HEIGHT = 20;
// About one labelled tick per this many pixels of axis.
const TICK_SPACING = 80;
// The ratings are centred on this mean (the contract), so a line there reads as "average".
export const MEAN_RATING = 1000;

export type ChartLayout = {
  x: (rating: number) => number;
  domain: [number, number];
  ticks: number[];
  topAxis: boolean;
  /** Each model's name as drawn: shortened with "…" where it would not fit its column. */
  labels: Map<string, string>;
  rowHeight: number;
  labelWidth: number;
  plotLeft: number;
  plotRight: number;
  top: number;
  provisionalTop: number;
  /** Where the axis line is drawn, below the last row. */
  axisY: number;
  height: number;
};

export function chartLayout(
  { ranked, provisional }: LeaderboardGroups,
  width: number,
  measure: MeasureText,
): ChartLayout {
  const rows = ranked.length + provisional.length;
  // Roomy for a handful of models, compact for dozens so fifty still fit on two screens.
  const rowHeight = rows <= 12 ? 28 : rows <= 25 ? 24 : 20;
  // As wide as the longest name needs, but never more than 40% of the chart (longer names are cut).
  const names = [...ranked, ...provisional].map((row) => row.model);
  const room = Math.min(Math.max(...names.map(measure)), width * 0.4, 260);
  const labels = new Map(names.map((name) => [name, fitText(name, room, measure)]));
  const labelWidth = PAD_LEFT + room;
  const plotLeft = labelWidth + 16;
  const plotRight = width - PAD_RIGHT;
  // A long chart repeats the tick labels above its first row, so the top rows can be read off too.
  const topAxis = rows > 15;
  const top = PAD_TOP + (topAxis ? TOP_AXIS_HEIGHT : 0);
  const provisionalTop = top + ranked.length * rowHeight + (provisional.length > 0 ? GROUP_GAP : 0);
  const height = provisionalTop + provisional.length * rowHeight + AXIS_HEIGHT;

  // The scale is set by the ranked models' intervals: a provisional model's interval can be hundreds
  // of points wide and would squeeze everyone else into a corner. Its bar is cut with an arrowhead.
  const framing = ranked.length > 0 ? ranked : provisional;
  const values = [
    ...framing.flatMap((row) => [row.ciLower ?? row.rating, row.ciUpper ?? row.rating]),
    ...provisional.map((row) => row.rating),
  ];
  const {
    domain,
    ticks,
    at: x,
  } = axisTicks(values, {
    from: plotLeft,
    to: plotRight,
    margin: 0.04,
    spacing: TICK_SPACING,
    maxTicks: 10,
  });
  const axisY = height - AXIS_HEIGHT;
  return {
    x,
    domain,
    ticks,
    topAxis,
    labels,
    rowHeight,
    labelWidth,
    plotLeft,
    plotRight,
    top,
    provisionalTop,
    axisY,
    height,
  };
}

/** `text`, or its longest beginning that fits `room` pixels with an ellipsis after it. */
export function fitText(text: string, room: number, measure: MeasureText): string {
  if (measure(text) <= room) return text;
  let length = text.length - 1;
  while (length > 1 && measure(`${text.slice(0, length)}…`) > room) length--;
  return `${text.slice(0, length)}…`;
}
