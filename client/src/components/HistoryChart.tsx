/**
 * The model page's rating over time: one point per UTC day with votes (`GET /api/leaderboard/history`,
 * each point that day's `?at=` table), the rating as a line and its 95% interval as a band. The SVG
 * has a one-sentence summary for screen readers; the numbers themselves are one click away in a table.
 */
import "./depth.css";

import type { LeaderboardHistory } from "@arena/shared/depth";
import { useId, useMemo } from "react";

import { formatDay } from "../catalogFormat.ts";
import { formatCount, formatRating } from "../format.ts";
import { useElementWidth } from "../hooks/useElementWidth.ts";
import { useLiveJson } from "../hooks/useLiveJson.ts";
import { useDepthText } from "../i18n/depthText.ts";
import { historyLayout } from "./historyChartLayout.ts";
import { RatingAxis } from "./RatingAxis.tsx";
import { FONT_SIZE } from "./ratingChartLayout.ts";

type HistoryChartProps = { model: string; language: string; category: string; style: boolean };

const FALLBACK_WIDTH = 720;
const MIN_WIDTH = 280;
// depth.css reserves this height (.history-chart__pending) while the points load.
const HEIGHT = 260;

export function HistoryChart({ model, language, category, style }: HistoryChartProps) {
  const d = useDepthText();
  const captionId = useId();
  const query = new URLSearchParams({
    model,
    ...(language === "" ? {} : { language }),
    ...(category === "" ? {} : { category }),
    ...(style ? { style: "control" } : {}),
  });
  const { body, failed } = useLiveJson<LeaderboardHistory>(`/api/leaderboard/history?${query.toString()}`);
  const points = body?.points ?? null;

  return (
    <figure className="history-chart" aria-labelledby={captionId} data-testid="history">
      <figcaption id={captionId} className="chart-caption">
        <h2>{d.history.heading}</h2>
        <p>{d.history.description({ model })}</p>
      </figcaption>
      {points === null ? (
        // Keeps the chart's room, so what is below does not move when the points come.
        <div className="history-chart__pending">
          <p className={failed ? "depth-error" : "loading"}>{failed ? d.history.failed : d.history.loading}</p>
        </div>
      ) : points.length === 0 ? (
        <p className="muted">{d.history.none}</p>
      ) : (
        <>
          <HistoryPlot model={model} points={points} />
          <details className="history-chart__numbers">
            <summary>{d.history.showTable}</summary>
            <div className="table-scroll">
              <table className="leaderboard" data-testid="history-table">
                <caption className="visually-hidden">{d.history.caption({ model })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{d.history.date}</th>
                    <th scope="col" className="num">
                      {d.history.rating}
                    </th>
                    <th scope="col" className="num">
                      {d.history.interval}
                    </th>
                    <th scope="col" className="num">
                      {d.history.votes}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {points.map((point) => (
                    <tr key={point.date} data-testid="history-row" data-date={point.date}>
                      <th scope="row">{formatDay(point.date)}</th>
                      <td className="num">{formatRating(point.rating)}</td>
                      <td className="num">
                        {point.ciLower === null || point.ciUpper === null
                          ? "—"
                          : `${formatRating(point.ciLower)} – ${formatRating(point.ciUpper)}`}
                      </td>
                      <td className="num">{formatCount(point.battles)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}

function HistoryPlot({ model, points }: { model: string; points: LeaderboardHistory["points"] }) {
  const d = useDepthText();
  const [frameRef, measuredWidth] = useElementWidth<HTMLDivElement>(FALLBACK_WIDTH);
  const width = Math.max(MIN_WIDTH, measuredWidth);
  const layout = useMemo(() => historyLayout(points, width, HEIGHT), [points, width]);
  const first = points[0]!;
  const last = points.at(-1)!;
  const summary = d.history.summary({
    model,
    days: points.length,
    first: formatDay(first.date),
    last: formatDay(last.date),
    from: formatRating(first.rating),
    to: formatRating(last.rating),
  });
  const { x, y, plotLeft, plotRight, plotTop, plotBottom } = layout;

  return (
    <div className="chart-frame" ref={frameRef}>
      <svg
        className="history-chart__svg"
        data-testid="history-chart"
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width={width}
        height={HEIGHT}
        fontSize={FONT_SIZE}
      >
        <RatingAxis ticks={layout.ratingTicks} y={y} plotLeft={plotLeft} plotRight={plotRight} />
        <line className="depth-chart__axis" x1={plotLeft} x2={plotRight} y1={plotBottom} y2={plotBottom} />
        {layout.dateTicks.map((date, index) => (
          <text
            key={date}
            className="depth-chart__tick-label"
            x={x(date)}
            y={plotBottom + 18}
            // The end labels stay inside the frame.
            textAnchor={
              layout.dateTicks.length === 1
                ? "middle"
                : index === 0
                  ? "start"
                  : index === layout.dateTicks.length - 1
                    ? "end"
                    : "middle"
            }
          >
            {formatDay(date)}
          </text>
        ))}
        {/* Above the plot's top edge, where a tick's label may sit: clear of it by half a line. */}
        <text className="depth-chart__axis-title" x={plotLeft} y={plotTop - 12}>
          {d.history.axis}
        </text>
        {layout.bands.map((band) => (
          <path key={band} className="history-chart__band" d={band} />
        ))}
        <path className="history-chart__line" d={layout.line} />
        {points.map((point) => (
          <circle
            key={point.date}
            className="history-chart__dot"
            data-testid="history-point"
            data-date={point.date}
            cx={x(point.date)}
            cy={y(point.rating)}
            r={points.length > 60 ? 2 : 3.5}
          >
            <title>
              {`${formatDay(point.date)}: ${formatRating(point.rating)}${
                point.ciLower === null || point.ciUpper === null
                  ? ""
                  : ` (${formatRating(point.ciLower)} – ${formatRating(point.ciUpper)})`
              } · ${formatCount(point.battles)}`}
            </title>
          </circle>
        ))}
      </svg>
    </div>
  );
}
