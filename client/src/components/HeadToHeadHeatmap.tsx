import "../leaderboard.css";

import type { LeaderboardMatrix } from "@arena/shared/protocol";
import { useId, useMemo, useState } from "react";

import { formatCount, formatPercent, formatVotes } from "../format.ts";
import { useT } from "../i18n/index.ts";
import {
  BATTLES_SCALE,
  battlesColour,
  busiestPairVotes,
  cellColours,
  orderGrid,
  WIN_RATE_SCALE,
  winRateColour,
} from "./headToHeadGrid.ts";

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
  const grid = useMemo(() => orderGrid(matrix, order), [matrix, order]);
  const { models, battles, winRate } = grid;
  const mostBattles = useMemo(() => busiestPairVotes(battles), [battles]);

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
      <p className="head-to-head__lead">{mode === "winRate" ? t("heatmap.leadWinRate") : t("heatmap.leadBattles")}</p>
      {models.length < 2 ? (
        <p className="loading">{t("heatmap.fillsIn")}</p>
      ) : (
        <>
          {mode === "winRate" ? <WinRateLegend /> : <BattlesLegend most={mostBattles} />}
          <div className="heatmap-scroll">
            <table className="heatmap" data-testid="heatmap" data-mode={mode}>
              <caption className="visually-hidden">
                {mode === "winRate" ? t("heatmap.captionWinRate") : t("heatmap.captionBattles")}
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
  if (rate === null)
    return <td className="heatmap__empty" title={t("heatmap.notMet", { row: rowModel, column: columnModel })} />;
  const percent = Math.round(rate * 100);
  return (
    <td
      style={cellColours(winRateColour(rate))}
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
        <span
          className="heatmap-legend__bar"
          style={{ background: `linear-gradient(to right, ${WIN_RATE_SCALE.join(", ")})` }}
        />
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
  if (battles === 0)
    return <td className="heatmap__empty" title={t("heatmap.notMet", { row: rowModel, column: columnModel })} />;
  return (
    <td
      style={cellColours(battlesColour(battles / most))}
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
