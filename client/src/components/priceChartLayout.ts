/**
 * Where the rating-against-price chart draws everything, apart from its markup. Prices spread over
 * orders of magnitude (cents to tens of dollars per million tokens), so the price axis is
 * logarithmic when every price is above zero and they span ten times or more; linear from zero
 * otherwise (a free model has no logarithm).
 */
import type { PricedModel } from "../paretoFront.ts";
import { axisTicks, tickCount } from "./axisTicks.ts";

const PAD_TOP = 28;
const PAD_RIGHT = 24;
const PAD_LEFT = 52;
const AXIS_HEIGHT = 46;
const PRICE_TICK_SPACING = 70;
const RATING_TICK_SPACING = 44;

export type PriceLayout = {
  x: (price: number) => number;
  y: (rating: number) => number;
  logarithmic: boolean;
  priceTicks: number[];
  ratingTicks: number[];
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  plotBottom: number;
  /** The front as a staircase: from each front model right to the next one's price, then up. */
  frontPath: string;
};

/** The layout of `models` (at least one) with `front` among them, `width` × `height` pixels. */
export function priceLayout(
  models: readonly PricedModel[],
  front: readonly PricedModel[],
  width: number,
  height: number,
): PriceLayout {
  const plotLeft = PAD_LEFT;
  const plotRight = width - PAD_RIGHT;
  const plotTop = PAD_TOP;
  const plotBottom = height - AXIS_HEIGHT;

  const prices = models.map((model) => model.price);
  const cheapest = Math.min(...prices);
  const dearest = Math.max(...prices);
  const logarithmic = cheapest > 0 && dearest / cheapest >= 10;
  let x: (price: number) => number;
  let priceTicks: number[];
  const maxPriceTicks = tickCount(plotRight - plotLeft, PRICE_TICK_SPACING);
  if (logarithmic) {
    // Half a step of margin each side, in log space, so the end dots are not on the frame.
    const [from, to] = [Math.log10(cheapest) - 0.15, Math.log10(dearest) + 0.15];
    x = (price) => plotLeft + ((Math.log10(price) - from) / (to - from)) * (plotRight - plotLeft);
    priceTicks = logTicks(10 ** from, 10 ** to, maxPriceTicks);
  } else {
    const to = dearest === 0 ? 1 : dearest * 1.08;
    x = (price) => plotLeft + (price / to) * (plotRight - plotLeft);
    priceTicks = linearTicks(0, to, maxPriceTicks);
  }

  const ratingAxis = axisTicks(
    models.map((model) => model.rating),
    { from: plotBottom, to: plotTop, margin: 0.08, spacing: RATING_TICK_SPACING, maxTicks: 8 },
  );
  const y = ratingAxis.at;

  const frontPath = front
    .map((model, index) => {
      const previous = front[index - 1];
      const point = `${x(model.price)},${y(model.rating)}`;
      // Right along the previous rating to this price, then up: what money buys at each price.
      return previous === undefined ? `M${point}` : `L${x(model.price)},${y(previous.rating)}L${point}`;
    })
    .join("");

  return {
    x,
    y,
    logarithmic,
    priceTicks,
    ratingTicks: ratingAxis.ticks,
    plotLeft,
    plotRight,
    plotTop,
    plotBottom,
    frontPath,
  };
}

/** Round ticks from 0 to `high` with decimal steps (prices are often below one dollar). */
export function linearTicks(low: number, high: number, maxTicks: number): number[] {
  for (let power = 10 ** Math.floor(Math.log10((high - low) / maxTicks)); ; power *= 10) {
    for (const factor of [1, 2, 5]) {
      const step = factor * power;
      const first = Math.ceil(low / step) * step;
      const count = Math.floor((high - first) / step + 1e-9) + 1;
      if (count <= maxTicks) {
        // Rounded to the step's own decimals, so 0.1 + 0.2 shows as 0.3.
        const decimals = Math.max(0, -Math.floor(Math.log10(step)));
        return Array.from({ length: count }, (_, index) => Number((first + index * step).toFixed(decimals)));
      }
    }
  }
}

/** Ticks of a logarithmic axis between `low` and `high`: 1, 2 and 5 times powers of ten, thinned to fit. */
export function logTicks(low: number, high: number, maxTicks: number): number[] {
  for (const factors of [[1, 2, 5], [1, 3], [1]]) {
    const ticks: number[] = [];
    for (let power = Math.floor(Math.log10(low)); 10 ** power <= high; power++) {
      for (const factor of factors) {
        const tick = Number((factor * 10 ** power).toPrecision(6));
        if (tick >= low && tick <= high) ticks.push(tick);
      }
    }
    if (ticks.length <= maxTicks) return ticks;
  }
  // Very wide ranges: every other power of ten.
  const ticks: number[] = [];
  for (let power = Math.ceil(Math.log10(low)); 10 ** power <= high; power += 2)
    ticks.push(Number((10 ** power).toPrecision(6)));
  return ticks;
}
