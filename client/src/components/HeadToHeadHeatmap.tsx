import { useId, useMemo, useState } from "react";
import type { LeaderboardMatrix } from "@arena/shared/protocol";
import { formatCount, formatPercent, formatVotes } from "../format.ts";
import { useT } from "../i18n/index.ts";
import "../leaderboard.css";

type HeadToHeadHeatmapProps = {
  matrix: LeaderboardMatrix;
  /** The models in the table's order; the grid follows it. */
  order: string[];
};

/** What the cells show: the row's win rate against the column, or how often the two met. */
type GridMode = "winRate" | "battles";

/**
 * The head-to-head grid, as a table whose cells are coloured and also carry the number, so the
 * colour is never the only way to read it: either the row model's win rate against the column model
 * (a diverging scale around 50%) or the number of votes between them (a sequential scale).
 */
export function HeadToHeadHeatmap({ matrix, order }: HeadToHeadHeatmapProps) {
  const { t } = useT();
  const headingId = useId();
  const [mode, setMode] = useState<GridMode>("winRate");
  const grid = useMemo(() => inOrder(matrix, order), [matrix, order]);
  const { models, battles, winRate } = grid;
  const mostBattles = useMemo(() => Math.max(1, ...battles.flat()), [battles]);

  return (
    <section className="head-to-head" aria-labelledby={headingId}>
      <div className="chart-heading">
        <h3 id={headingId}>{t("heatmap.heading")}</h3>
        <div className="segmented" role="group" aria-label={t("heatmap.gridShows")}>
          <button type="button" aria-pressed={mode === "winRate"} onClick={() => setMode("winRate")}>
            {t("heatmap.winRate")}
          </button>
          <button
            type="button"
            aria-pressed={mode === "battles"}
            data-testid="matrix-battles"
            onClick={() => setMode("battles")}
          >
            {t("heatmap.battles")}
          </button>
        </div>
      </div>
      <p className="head-to-head__lead">
        {mode === "winRate"
          ? t("heatmap.leadWinRate")
          : t("heatmap.leadBattles")}
      </p>
      {models.length < 2 ? (
        <p className="loading">{t("heatmap.fillsIn")}</p>
      ) : (
        <>
          {mode === "winRate" ? <WinRateLegend /> : <BattlesLegend most={mostBattles} />}
          <div className="heatmap-scroll">
            <table className="heatmap" data-testid="heatmap" data-mode={mode}>
              <caption className="visually-hidden">
                {mode === "winRate"
                  ? t("heatmap.captionWinRate")
                  : t("heatmap.captionBattles")}
              </caption>
              <thead>
                <tr>
                  <td className="heatmap__corner" />
                  {models.map((model) => (
                    <th key={model} scope="col" title={model}>
                      <span className="heatmap__column-name">{model}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {models.map((rowModel, i) => (
                  <tr key={rowModel} data-testid="heatmap-row" data-model={rowModel}>
                    <th scope="row" title={rowModel}>
                      {rowModel}
                    </th>
                    {models.map((columnModel, j) =>
                      mode === "winRate" ? (
                        <WinRateCell
                          key={columnModel}
                          rowModel={rowModel}
                          columnModel={columnModel}
                          rate={i === j ? undefined : (winRate[i]![j] ?? null)}
                          battles={battles[i]![j]!}
                        />
                      ) : (
                        <BattlesCell
                          key={columnModel}
                          rowModel={rowModel}
                          columnModel={columnModel}
                          battles={i === j ? undefined : battles[i]![j]!}
                          most={mostBattles}
                        />
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

type CellProps = { rowModel: string; columnModel: string; rate: number | null | undefined; battles: number };

/** `rate` is undefined on the diagonal and null for a pair that never met. */
function WinRateCell({ rowModel, columnModel, rate, battles }: CellProps) {
  const { t } = useT();
  if (rate === undefined) return <td className="heatmap__self" />;
  if (rate === null) return <td className="heatmap__empty" title={t("heatmap.notMet", { row: rowModel, column: columnModel })} />;
  const percent = Math.round(rate * 100);
  const colour = winRateColour(rate);
  return (
    <td
      style={{ background: `rgb(${colour.join(" ")})`, color: needsLightText(colour) ? "#fff" : "#000" }}
      title={t("heatmap.cellWinRate", {
        row: rowModel,
        column: columnModel,
        percent: formatPercent(percent / 100, 0),
        votes: formatVotes(battles),
      })}
    >
      {percent}
    </td>
  );
}

function WinRateLegend() {
  const { t } = useT();
  return (
    <div className="heatmap-legend" aria-hidden="true">
      <span>{t("heatmap.rowLoses")}</span>
      <span className="heatmap-legend__scale">
        <span className="heatmap-legend__bar" style={{ background: `linear-gradient(to right, ${SCALE.join(", ")})` }} />
        <span className="heatmap-legend__ticks">
          <span>{formatPercent(0, 0)}</span>
          <span>{formatPercent(0.5, 0)}</span>
          <span>{formatPercent(1, 0)}</span>
        </span>
      </span>
      <span>{t("heatmap.rowWins")}</span>
      <span className="heatmap-legend__never">
        <span className="heatmap-legend__swatch heatmap__empty" /> {t("heatmap.neverMet")}
      </span>
    </div>
  );
}

type BattlesCellProps = { rowModel: string; columnModel: string; battles: number | undefined; most: number };

/** `battles` is undefined on the diagonal. */
function BattlesCell({ rowModel, columnModel, battles, most }: BattlesCellProps) {
  const { t } = useT();
  if (battles === undefined) return <td className="heatmap__self" />;
  if (battles === 0) return <td className="heatmap__empty" title={t("heatmap.notMet", { row: rowModel, column: columnModel })} />;
  const colour = battlesColour(battles / most);
  return (
    <td
      style={{ background: `rgb(${colour.join(" ")})`, color: needsLightText(colour) ? "#fff" : "#000" }}
      title={t("heatmap.cellBattles", { row: rowModel, column: columnModel, votes: formatVotes(battles) })}
    >
      {formatCount(battles)}
    </td>
  );
}

function BattlesLegend({ most }: { most: number }) {
  const { t } = useT();
  return (
    <div className="heatmap-legend" aria-hidden="true">
      <span>{t("heatmap.fewerVotes")}</span>
      <span className="heatmap-legend__scale">
        <span
          className="heatmap-legend__bar"
          style={{ background: `linear-gradient(to right, ${BATTLES_SCALE.join(", ")})` }}
        />
        <span className="heatmap-legend__ticks">
          <span>1</span>
          <span>{formatCount(most)}</span>
        </span>
      </span>
      <span>{t("heatmap.moreVotes")}</span>
      <span className="heatmap-legend__never">
        <span className="heatmap-legend__swatch heatmap__empty" /> {t("heatmap.neverMet")}
      </span>
    </div>
  );
}

// ColorBrewer RdBu (reversed): red for losing, blue for winning, near white for even. It stays
// readable for the common colour-vision deficiencies, which a red–green scale would not.
const SCALE = ["#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac"];
const SCALE_RGB = SCALE.map(hexToRgb);

// ColorBrewer Blues, from its second stop: a single pair's cell stays visibly tinted, not white.
const BATTLES_SCALE = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"];
const BATTLES_SCALE_RGB = BATTLES_SCALE.map(hexToRgb);

function hexToRgb(hex: string): number[] {
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

/** The colour of a win rate in [0, 1] as RGB, interpolated between the scale's stops. */
function winRateColour(rate: number): number[] {
  return interpolate(SCALE_RGB, rate);
}

/**
 * The colour of a pair's share of the busiest pair's votes. On a square-root scale: counts are
 * skewed (a few popular pairs), and a linear one would leave most cells nearly the same pale blue.
 */
function battlesColour(share: number): number[] {
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
function needsLightText(rgb: number[]): boolean {
  const [r, g, b] = rgb.map((channel) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 0.179;
}

/** The matrix re-ordered to `order`; models the table does not know yet go last. */
function inOrder(matrix: LeaderboardMatrix, order: string[]): Pick<LeaderboardMatrix, "models" | "battles" | "winRate"> {
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
