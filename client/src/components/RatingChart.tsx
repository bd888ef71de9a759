import type { LeaderboardRow } from "@arena/shared/protocol";
import { useId, useMemo } from "react";

import { formatRating } from "../format.ts";
import { useElementWidth } from "../hooks/useElementWidth.ts";
import { useT } from "../i18n/index.ts";
import type { LeaderboardGroups } from "../leaderboardGroups.ts";
import { chartLayout, FONT_SIZE, LABEL_FONT_WEIGHT, MEAN_RATING } from "./ratingChartLayout.ts";

type RatingChartProps = {
  /** In the table's default (rank) order; provisional models are drawn below, muted. */
  groups: LeaderboardGroups;
  /** A model drawn stronger than the others (on its own page). */
  highlight?: string;
  /** The figure's heading and text; by default the leaderboard's. */
  title?: string;
  /** An h3 under the leaderboard's charts heading; an h2 where the chart is a section of its own (a model's page). */
  headingLevel?: 2 | 3;
  description?: string;
};

// Widths in CSS pixels: the viewBox is as wide as the figure, so text keeps the page's size.
const FALLBACK_WIDTH = 720;
const MIN_WIDTH = 280;

/**
 * Each model's rating as a dot and its 95% interval as a bar, on one shared Elo-scale axis, in the
 * table's order. A picture of what the table says in numbers: where intervals overlap, the votes
 * cannot yet tell the models apart. The table above stays the data alternative.
 */
export function RatingChart({ groups, highlight, title, headingLevel = 3, description }: RatingChartProps) {
  const { t } = useT();
  const captionId = useId();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const [frameRef, measuredWidth] = useElementWidth<HTMLDivElement>(FALLBACK_WIDTH);
  const width = Math.max(MIN_WIDTH, measuredWidth);
  const layout = useMemo(() => chartLayout(groups, width, textWidth), [groups, width]);
  const { ranked, provisional } = groups;
  const { x, ticks, rowHeight, labelWidth, plotLeft, plotRight, height, top, provisionalTop, axisY } = layout;

  const drawRow = (row: LeaderboardRow, index: number, groupTop: number, muted: boolean) => {
    const middle = groupTop + index * rowHeight + rowHeight / 2;
    const [lower, upper] = [row.ciLower, row.ciUpper];
    const hasInterval = lower !== null && upper !== null;
    const from = hasInterval ? Math.max(x(lower), plotLeft) : null;
    const to = hasInterval ? Math.min(x(upper), plotRight) : null;
    const interval = hasInterval
      ? t("charts.rowInterval", { lower: formatRating(lower), upper: formatRating(upper) })
      : "";
    return (
      <g
        key={row.model}
        className={`rating-chart__row${muted ? " rating-chart__row--provisional" : ""}${
          row.model === highlight ? " rating-chart__row--highlight" : ""
        }`}
        data-testid="rating-chart-row"
        data-model={row.model}
      >
        <title>{`${row.model}: ${formatRating(row.rating)}${interval}${muted ? t("charts.rowProvisional") : t("charts.rowRank", { rank: row.rank })}`}</title>
        {/* Takes the pointer over the whole row, so the tooltip shows anywhere on it. */}
        <rect className="rating-chart__band" x={0} y={middle - rowHeight / 2} width={width} height={rowHeight} />
        <text className="rating-chart__label" x={labelWidth} y={middle} dy="0.35em" textAnchor="end">
          {layout.labels.get(row.model)}
        </text>
        {from !== null && to !== null && (
          <>
            <line className="rating-chart__interval" x1={from} x2={to} y1={middle} y2={middle} />
            {/* An interval running off the axis ends in an arrowhead. */}
            {x(lower!) < plotLeft && (
              <path
                className="rating-chart__overflow"
                d={`M${from + 5},${middle - 4}L${from},${middle}L${from + 5},${middle + 4}`}
              />
            )}
            {x(upper!) > plotRight && (
              <path
                className="rating-chart__overflow"
                d={`M${to - 5},${middle - 4}L${to},${middle}L${to - 5},${middle + 4}`}
              />
            )}
          </>
        )}
        <circle className="rating-chart__dot" cx={x(row.rating)} cy={middle} r={4.5} />
      </g>
    );
  };

  const best = ranked[0] ?? provisional[0];
  const highlighted =
    highlight === undefined ? undefined : [...ranked, ...provisional].find((row) => row.model === highlight);
  const modelAt = (row: LeaderboardRow) => t("charts.modelAt", { model: row.model, rating: formatRating(row.rating) });
  const summary = t("charts.summary", {
    ranked: ranked.length,
    provisional: provisional.length,
    best: best ? modelAt(best) : null,
    highlighted: highlighted ? modelAt(highlighted) : null,
    from: Math.round(layout.domain[0]),
    to: Math.round(layout.domain[1]),
  });

  return (
    <figure className="rating-chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-caption">
        <Heading>{title ?? t("charts.ratingTitle")}</Heading>
        <p>
          {description ?? t("charts.ratingDescription")}
          {provisional.length > 0 && t("charts.provisionalNote")}
        </p>
      </figcaption>
      <div className="chart-frame" ref={frameRef}>
        <svg
          className="rating-chart__svg"
          data-testid="rating-chart"
          role="img"
          aria-label={summary}
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          fontSize={FONT_SIZE}
        >
          {ticks.map((tick) => (
            <g key={tick} className="rating-chart__tick">
              <line x1={x(tick)} x2={x(tick)} y1={top} y2={axisY} />
              <text x={x(tick)} y={axisY + 16} textAnchor="middle">
                {tick}
              </text>
              {layout.topAxis && (
                <text x={x(tick)} y={top - 7} textAnchor="middle">
                  {tick}
                </text>
              )}
            </g>
          ))}
          {MEAN_RATING >= layout.domain[0] && MEAN_RATING <= layout.domain[1] && (
            <line className="rating-chart__mean" x1={x(MEAN_RATING)} x2={x(MEAN_RATING)} y1={top} y2={axisY} />
          )}
          <line className="rating-chart__axis" x1={plotLeft} x2={plotRight} y1={axisY} y2={axisY} />
          <text className="rating-chart__axis-title" x={plotRight} y={axisY + 34} textAnchor="end">
            {MEAN_RATING >= layout.domain[0] && MEAN_RATING <= layout.domain[1]
              ? t("charts.axisWithMean")
              : t("charts.axis")}
          </text>
          {/* Each group in its own <g>, so the CSS stripes start afresh in each. */}
          <g>{ranked.map((row, index) => drawRow(row, index, top, false))}</g>
          {provisional.length > 0 && (
            <>
              <text className="rating-chart__group" x={4} y={provisionalTop - 8}>
                {t("charts.provisional")}
              </text>
              <line
                className="rating-chart__divider"
                x1={0}
                x2={width}
                y1={provisionalTop - 3}
                y2={provisionalTop - 3}
              />
            </>
          )}
          <g>{provisional.map((row, index) => drawRow(row, index, provisionalTop, true))}</g>
        </svg>
      </div>
    </figure>
  );
}

let measuringContext: CanvasRenderingContext2D | null | undefined;

/**
 * The drawn width of a model name in the labels' font. SVG text neither wraps nor reports its size
 * before it is drawn, so a canvas measures it; without one, a generous guess per character.
 */
function textWidth(text: string): number {
  if (measuringContext === undefined) {
    measuringContext = document.createElement("canvas").getContext("2d");
    if (measuringContext) {
      const family = getComputedStyle(document.body).fontFamily || "sans-serif";
      measuringContext.font = `${LABEL_FONT_WEIGHT} ${FONT_SIZE}px ${family}`;
    }
  }
  return measuringContext ? measuringContext.measureText(text).width : text.length * FONT_SIZE * 0.65;
}
