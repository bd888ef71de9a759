/**
 * The leaderboard's rating against price: every model the catalogue prices (blended 3:1 input to
 * output, see paretoFront.ts) as a dot, the Pareto front as a highlighted staircase. Drawn only when
 * at least two shown models have a price. The SVG has a summary naming the front; the table under it
 * holds every number.
 */
import "./depth.css";

import type { LeaderboardRow, ModelsResponse } from "@arena/shared/protocol";
import { useId, useMemo } from "react";

import { formatPrice } from "../catalogFormat.ts";
import { formatRating } from "../format.ts";
import { useElementWidth } from "../hooks/useElementWidth.ts";
import { useLiveJson } from "../hooks/useLiveJson.ts";
import { useDepthText } from "../i18n/depthText.ts";
import { blendedPrice, paretoFront, type PricedModel } from "../paretoFront.ts";
import { priceLayout } from "./priceChartLayout.ts";
import { RatingAxis } from "./RatingAxis.tsx";
import { FONT_SIZE } from "./ratingChartLayout.ts";

const FALLBACK_WIDTH = 720;
const MIN_WIDTH = 280;
const HEIGHT = 320;

type PriceChartProps = {
  /** The shown table's rows (ranked and provisional). */
  rows: LeaderboardRow[];
};

export function PriceChart({ rows }: PriceChartProps) {
  const d = useDepthText();
  const captionId = useId();
  const { body } = useLiveJson<ModelsResponse>("/api/models");
  const [frameRef, measuredWidth] = useElementWidth<HTMLDivElement>(FALLBACK_WIDTH);
  const width = Math.max(MIN_WIDTH, measuredWidth);

  const priced = useMemo(() => {
    if (!body) return [];
    const prices = new Map(body.models.map((model) => [model.id, blendedPrice(model.priceInput, model.priceOutput)]));
    return rows.flatMap((row): PricedModel[] => {
      const price = prices.get(row.model);
      return price === null || price === undefined ? [] : [{ model: row.model, price, rating: row.rating }];
    });
  }, [body, rows]);
  const front = useMemo(() => paretoFront(priced), [priced]);
  const onFront = useMemo(() => new Set(front.map((model) => model.model)), [front]);
  const layout = useMemo(
    () => (priced.length >= 2 ? priceLayout(priced, front, width, HEIGHT) : null),
    [priced, front, width],
  );
  if (layout === null) return null;

  const { x, y, plotLeft, plotRight, plotTop, plotBottom } = layout;
  const unpriced = rows.length - priced.length;
  const byPrice = [...priced].sort((p, q) => p.price - q.price || q.rating - p.rating);

  return (
    <figure className="price-chart" aria-labelledby={captionId} data-testid="price">
      <figcaption id={captionId} className="chart-caption">
        <h3>{d.price.heading}</h3>
        <p>
          {d.price.description}
          {unpriced > 0 && ` ${d.price.missing({ count: unpriced })}`}
        </p>
      </figcaption>
      <div className="chart-frame" ref={frameRef}>
        <svg
          className="price-chart__svg"
          data-testid="price-chart"
          role="img"
          aria-label={d.price.summary({
            count: priced.length,
            front: front.map((model) => `${model.model} (${formatPrice(model.price)})`).join(", "),
          })}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          width={width}
          height={HEIGHT}
          fontSize={FONT_SIZE}
        >
          <RatingAxis ticks={layout.ratingTicks} y={y} plotLeft={plotLeft} plotRight={plotRight} />
          {layout.priceTicks.map((tick) => (
            <g key={`p${tick}`} className="depth-chart__tick">
              <line x1={x(tick)} x2={x(tick)} y1={plotTop} y2={plotBottom} />
              <text x={x(tick)} y={plotBottom + 16} textAnchor="middle">
                {formatPrice(tick)}
              </text>
            </g>
          ))}
          <line className="depth-chart__axis" x1={plotLeft} x2={plotRight} y1={plotBottom} y2={plotBottom} />
          <text className="depth-chart__axis-title" x={plotRight} y={plotBottom + 36} textAnchor="end">
            {layout.logarithmic ? d.price.axisLog : d.price.axis}
          </text>
          {/* Above the plot's top edge, where a tick's label may sit: clear of it by half a line. */}
          <text className="depth-chart__axis-title" x={plotLeft} y={plotTop - 12}>
            {d.price.rating}
          </text>
          <path className="price-chart__front" d={layout.frontPath} data-testid="pareto-front" />
          {priced.map((model) => {
            const cx = x(model.price);
            const cy = y(model.rating);
            const front = onFront.has(model.model);
            // Names above their dot, off the front's line; at the ends of the axis they stay inside the frame.
            const anchor = cx < plotLeft + 60 ? "start" : cx > plotRight - 60 ? "end" : "middle";
            return (
              <g
                key={model.model}
                className={`price-chart__model${front ? " price-chart__model--front" : ""}`}
                data-testid="price-point"
                data-model={model.model}
                data-front={front}
              >
                <title>{`${model.model}: ${formatRating(model.rating)} · ${formatPrice(model.price)}${
                  front ? ` · ${d.price.front}` : ""
                }`}</title>
                <circle cx={cx} cy={cy} r={front ? 5.5 : 4} />
                <text x={anchor === "start" ? cx - 4 : anchor === "end" ? cx + 4 : cx} y={cy - 10} textAnchor={anchor}>
                  {model.model}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <details className="history-chart__numbers">
        <summary>{d.history.showTable}</summary>
        <div className="table-scroll">
          <table className="leaderboard" data-testid="price-table">
            <caption className="visually-hidden">{d.price.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{d.price.model}</th>
                <th scope="col" className="num">
                  {d.price.blended}
                </th>
                <th scope="col" className="num">
                  {d.price.rating}
                </th>
                <th scope="col">{d.price.onFront}</th>
              </tr>
            </thead>
            <tbody>
              {byPrice.map((model) => (
                <tr key={model.model}>
                  <th scope="row">{model.model}</th>
                  <td className="num">{formatPrice(model.price)}</td>
                  <td className="num">{formatRating(model.rating)}</td>
                  <td>{onFront.has(model.model) ? d.price.yes : d.price.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
