/**
 * The rating axis the charts share (the leaderboard's rating chart, a model's rating over time, rating
 * against price): its range from the values drawn, its round ticks, and where a value falls on it.
 */

/** A rating axis `from` → `to` pixels: left to right, or bottom to top when `to` is the smaller. */
export type AxisTicks = {
  /** The ratings at the axis's two ends. */
  domain: [number, number];
  ticks: number[];
  /** Where `rating` is drawn, in pixels along the axis. */
  at: (rating: number) => number;
};

export type AxisOptions = {
  from: number;
  to: number;
  /** The share of the values' range added at each end, so no dot or interval sits on the frame. */
  margin: number;
  /** About one labelled tick per this many pixels. */
  spacing: number;
  /** At most this many ticks, however long the axis. */
  maxTicks: number;
};

/**
 * The axis for `values` (at least one): their range, widened to 20 points at least (a rating that
 * barely moves still gets a readable axis), plus `margin` of it each side; then as many round ticks
 * as fit. A small margin, not a round-number one: rounding the ends out to whole steps could waste
 * half the width on a phone, where there is room for three ticks.
 */
export function axisTicks(values: readonly number[], { from, to, margin, spacing, maxTicks }: AxisOptions): AxisTicks {
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < 20) {
    const middle = (high + low) / 2;
    [low, high] = [middle - 10, middle + 10];
  }
  const padding = (high - low) * margin;
  const domain: [number, number] = [low - padding, high + padding];
  const ticks = niceTicks(domain[0], domain[1], Math.min(maxTicks, tickCount(Math.abs(to - from), spacing)));
  const at = (rating: number) => from + ((rating - domain[0]) / (domain[1] - domain[0])) * (to - from);
  return { domain, ticks, at };
}

/** How many labelled ticks `length` pixels of axis have room for, at about one per `spacing`: two at least. */
export function tickCount(length: number, spacing: number): number {
  return Math.max(2, Math.floor(length / spacing) + 1);
}

/**
 * Round ticks between `low` and `high`, at most `maxTicks` of them, as many as allowed: steps of 1,
 * 2, 2.5 or 5 times a power of ten, which a reader can add up (2.5 only from 25 up, to stay whole).
 */
export function niceTicks(low: number, high: number, maxTicks: number): number[] {
  for (let power = 10 ** Math.floor(Math.log10((high - low) / maxTicks)); ; power *= 10) {
    for (const factor of power >= 10 ? [1, 2, 2.5, 5] : [1, 2, 5]) {
      const step = factor * power;
      const first = Math.ceil(low / step) * step;
      const count = Math.floor((high - first) / step) + 1;
      if (count <= maxTicks) return Array.from({ length: count }, (_, index) => Math.round(first + index * step));
    }
  }
}
