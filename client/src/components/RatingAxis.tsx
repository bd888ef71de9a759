/**
 * The rating axis of the model page's charts (a model's rating over time, rating against price): at
 * every tick, a grid line across the plot and the rating left of it.
 */
type RatingAxisProps = {
  ticks: readonly number[];
  /** Where a rating is drawn, in pixels from the top. */
  y: (rating: number) => number;
  plotLeft: number;
  plotRight: number;
};

export function RatingAxis({ ticks, y, plotLeft, plotRight }: RatingAxisProps) {
  return ticks.map((tick) => (
    <g key={tick} className="depth-chart__tick">
      <line x1={plotLeft} x2={plotRight} y1={y(tick)} y2={y(tick)} />
      <text x={plotLeft - 6} y={y(tick)} dy="0.35em" textAnchor="end">
        {tick}
      </text>
    </g>
  ));
}
