/**
 * One model's page: its standing in the chosen table and its record against every other model. Live
 * like the leaderboard (the same watched table), and loaded apart with React.lazy: most visitors
 * never open it.
 */
import "../leaderboard.css";

import type { LeaderboardRow, ModelsResponse } from "@arena/shared/protocol";
import { useEffect, useId, useMemo } from "react";

import { BoardStatus } from "../components/BoardStatus.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { HistoryChart } from "../components/HistoryChart.tsx";
import { Link } from "../components/Link.tsx";
import { ModelCatalog } from "../components/ModelCatalog.tsx";
import { ModelReasons } from "../components/ModelReasons.tsx";
import { RatingChart } from "../components/RatingChart.tsx";
import { ScopeFilters } from "../components/ScopeFilters.tsx";
import {
  describeRankChange,
  formatCount,
  formatInterval,
  formatPercent,
  formatRating,
  formatWinRate,
} from "../format.ts";
import { useLeaderboard } from "../hooks/useLeaderboard.ts";
import { useLeaderboardMatrix } from "../hooks/useLeaderboardMatrix.ts";
import { useLiveJson } from "../hooks/useLiveJson.ts";
import { useT } from "../i18n/index.ts";
import { describeScope, leaderboardUrl, modelUrl } from "../leaderboardFilter.ts";
import { groupRows } from "../leaderboardGroups.ts";
import { navigate } from "../router.ts";
import { type Opponent, opponentsOf } from "./modelOpponents.ts";

type ModelPageProps = {
  model: string;
  /** The `?language=` and `?category=` of the URL, "" for all. */
  language: string;
  category: string;
  /** `?style=control`: came from the style-controlled leaderboard (the way back leads there). */
  style: boolean;
};

export default function ModelPage({ model, language, category, style }: ModelPageProps) {
  const { t } = useT();
  const { board, error } = useLeaderboard(language, category);
  // Both ratings side by side: the plain table's, and the one with style held equal.
  const styled = useLeaderboard(language, category, true);
  const matrix = useLeaderboardMatrix(language, category, board?.votesHash ?? null);
  const catalog = useLiveJson<ModelsResponse>("/api/models");
  const scope = describeScope(language, category);
  const filtered = language !== "" || category !== "";

  const row = board?.rows.find((candidate) => candidate.model === model);
  const opponents = useMemo(
    () => (matrix && board ? opponentsOf(model, matrix, board.rows) : null),
    [model, matrix, board],
  );
  const groups = useMemo(() => (board ? groupRows(board.rows) : null), [board]);
  const rankedCount = groups?.ranked.length ?? 0;
  // The catalogue and both tables are drawn together: whichever came last would push the rest down
  // (the catalogue above the figures; the style-controlled card, as tall as its words, among them).
  const waiting =
    (board === null && !error) ||
    (catalog.body === null && !catalog.failed) ||
    (styled.board === null && !styled.error);

  // Opened from a link far down the table: the page starts at its top, as a page load would.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [model]);

  return (
    <main className="page model-page">
      <p className="back-link">
        <Link href={leaderboardUrl(language, category, style)}>{t("model.back")}</Link>
        {filtered && <span> ({scope})</span>}
      </p>
      <div className="page-heading">
        <div>
          <h1 className="model-page__name" data-testid="model-name">
            {model}
          </h1>
          <p className="page-heading__lead">{t("model.lead", { scope })}</p>
        </div>
        <div className="filters">
          <ScopeFilters
            language={language}
            category={category}
            onChange={(nextLanguage, nextCategory) => navigate(modelUrl(model, nextLanguage, nextCategory, style))}
          />
        </div>
      </div>

      <BoardStatus board={board} failed={error !== null} scope={scope} />
      <ErrorAlert error={error} />

      {waiting ? (
        <p className="loading">{t("common.loading")}</p>
      ) : (
        <ModelCatalog info={catalog.body?.models.find((candidate) => candidate.id === model)} />
      )}
      {waiting || board === null ? null : row === undefined ? (
        <NoVotes model={model} language={language} category={category} />
      ) : (
        <>
          <ModelStats
            row={row}
            styledRow={
              styled.board ? (styled.board.rows.find((candidate) => candidate.model === model) ?? null) : undefined
            }
            rankedCount={rankedCount}
            filtered={filtered}
          />
          <HistoryChart model={model} language={language} category={category} style={style} />
          <ModelReasons model={model} language={language} category={category} scope={scope} />
          <HeadToHeadRecord model={model} opponents={opponents} language={language} category={category} />
          {groups && groups.ranked.length + groups.provisional.length >= 2 && (
            <RatingChart
              groups={groups}
              headingLevel={2}
              highlight={model}
              title={t("model.amongOthers")}
              description={t("model.chartDescription", { model })}
            />
          )}
        </>
      )}
    </main>
  );
}

type ModelStatsProps = {
  row: LeaderboardRow;
  /** The model's row under style control: null when it has no battle with style counts, undefined if that table failed. */
  styledRow: LeaderboardRow | null | undefined;
  rankedCount: number;
  filtered: boolean;
};

function ModelStats({ row, styledRow, rankedCount, filtered }: ModelStatsProps) {
  const { t } = useT();
  const interval = formatInterval(row.rating, row.ciLower, row.ciUpper);
  const styledInterval = styledRow ? formatInterval(styledRow.rating, styledRow.ciLower, styledRow.ciUpper) : null;
  const change =
    filtered && row.overallRank !== null && !row.provisional ? describeRankChange(row.rank, row.overallRank) : null;
  return (
    <dl className="model-stats" data-testid="model-stats">
      <div className="model-stats__item">
        <dt>{t("leaderboard.columns.rank")}</dt>
        <dd>
          {row.provisional ? (
            <>
              <span className="model-stats__value">–</span>
              <span className="model-stats__detail">{t("model.provisionalDetail")}</span>
            </>
          ) : (
            <>
              <span className="model-stats__value">{row.rank}</span>
              <span className="model-stats__detail">
                {t("model.rankOf", { count: formatCount(rankedCount) })}
                {change && (
                  <>
                    {" · "}
                    <span className={`rank-change--${change.direction}`}>{change.symbol}</span> {change.label}
                  </>
                )}
              </span>
            </>
          )}
        </dd>
      </div>
      <div className="model-stats__item">
        <dt>{t("leaderboard.columns.rating")}</dt>
        <dd>
          <span className="model-stats__value">
            {formatRating(row.rating)}
            {interval && <span className="model-stats__interval"> {interval}</span>}
          </span>
          <span className="model-stats__detail">
            {row.ciLower !== null && row.ciUpper !== null
              ? t("model.interval", { lower: String(Math.round(row.ciLower)), upper: String(Math.round(row.ciUpper)) })
              : t("model.intervalPending")}
          </span>
        </dd>
      </div>
      {styledRow !== undefined && (
        <div className="model-stats__item" data-testid="model-style-rating">
          <dt>{t("style.modelRating")}</dt>
          <dd>
            {styledRow === null ? (
              <span className="model-stats__detail">{t("style.modelRatingNone")}</span>
            ) : (
              <>
                <span className="model-stats__value">
                  {formatRating(styledRow.rating)}
                  {styledInterval && <span className="model-stats__interval"> {styledInterval}</span>}
                </span>
                <span className="model-stats__detail">
                  {styledRow.provisional
                    ? t("model.provisionalDetail")
                    : t("style.modelRatingDetail", { rank: String(styledRow.rank) })}
                </span>
              </>
            )}
          </dd>
        </div>
      )}
      <div className="model-stats__item">
        <dt>{t("leaderboard.columns.elo")}</dt>
        <dd>
          <span className="model-stats__value">{formatRating(row.elo)}</span>
          <span className="model-stats__detail">{t("model.eloDetail")}</span>
        </dd>
      </div>
      <div className="model-stats__item">
        <dt>{t("leaderboard.columns.votes")}</dt>
        <dd>
          <span className="model-stats__value">{formatCount(row.battles)}</span>
          <span className="model-stats__detail">
            {t("model.record", {
              wins: formatCount(row.wins),
              losses: formatCount(row.losses),
              ties: formatCount(row.ties),
            })}
          </span>
        </dd>
      </div>
      <div className="model-stats__item">
        <dt>{t("leaderboard.columns.winRate")}</dt>
        <dd>
          <span className="model-stats__value">{formatWinRate(row)}</span>
          <span className="model-stats__detail">{t("model.tiesHalf")}</span>
        </dd>
      </div>
    </dl>
  );
}

type HeadToHeadRecordProps = {
  model: string;
  /** Null while the matrix loads: the heading is there already, so the charts' headings never come first. */
  opponents: Opponent[] | null;
  language: string;
  category: string;
};

function HeadToHeadRecord({ model, opponents, language, category }: HeadToHeadRecordProps) {
  const { t } = useT();
  const headingId = useId();
  const met = opponents?.filter((opponent) => opponent.battles > 0) ?? [];
  return (
    <section className="model-record" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("heatmap.heading")}</h2>
      {opponents === null ? (
        <p className="loading">{t("model.loadingRecord")}</p>
      ) : (
        <p className="head-to-head__lead">
          {met.length === 0 ? t("model.recordNone", { model }) : t("model.recordLead", { model })}
        </p>
      )}
      {opponents !== null && opponents.length > 0 && (
        <div className="table-scroll">
          <table className="leaderboard model-record__table" data-testid="head-to-head">
            <caption className="visually-hidden">{t("model.recordCaption", { model })}</caption>
            <thead>
              <tr>
                <th scope="col" className="model">
                  {t("model.opponent")}
                </th>
                <th scope="col" className="num">
                  {t("leaderboard.columns.votes")}
                </th>
                <th scope="col" className="num">
                  {t("leaderboard.columns.winRate")}
                </th>
                <th scope="col" className="model-record__bar-column">
                  <span className="visually-hidden">{t("model.winRateBar")}</span>
                </th>
                <th scope="col" className="num model-record__rating">
                  {t("model.theirRating")}
                </th>
              </tr>
            </thead>
            <tbody>
              {opponents.map((opponent) => (
                <tr key={opponent.model} data-testid="head-to-head-row" data-model={opponent.model}>
                  <th scope="row" className="model">
                    <Link href={modelUrl(opponent.model, language, category)} className="model-link">
                      {opponent.model}
                    </Link>
                  </th>
                  <td className="num">{formatCount(opponent.battles)}</td>
                  <td className="num">
                    {opponent.winRate === null ? (
                      <span className="muted">{t("model.notMet")}</span>
                    ) : (
                      <>
                        {formatPercent(opponent.winRate)}
                        {/* On a phone the bar sits under the number, its own column hidden. */}
                        <WinRateBar rate={opponent.winRate} className="win-rate-bar--inline" />
                      </>
                    )}
                  </td>
                  <td className="model-record__bar-column">
                    {opponent.winRate !== null && <WinRateBar rate={opponent.winRate} />}
                  </td>
                  <td className="num model-record__rating">{opponent.row ? formatRating(opponent.row.rating) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A win rate as a bar from 0 to 100%, with a mark at 50%; the number beside it says the same. */
function WinRateBar({ rate, className }: { rate: number; className?: string }) {
  const width = Math.max(0, Math.min(1, rate)) * 100;
  return (
    <svg
      className={`win-rate-bar${className ? ` ${className}` : ""}`}
      viewBox="0 0 100 12"
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
    >
      <rect className="win-rate-bar__track" x={0} y={2} width={100} height={8} rx={2} />
      <rect
        className={`win-rate-bar__fill${rate < 0.5 ? " win-rate-bar__fill--losing" : ""}`}
        x={0}
        y={2}
        width={width}
        height={8}
        rx={2}
      />
      <line className="win-rate-bar__middle" x1={50} x2={50} y1={0} y2={12} />
    </svg>
  );
}

function NoVotes({ model, language, category }: { model: string; language: string; category: string }) {
  const { t } = useT();
  const filtered = language !== "" || category !== "";
  return (
    <div className="empty-panel" data-testid="model-empty">
      <p className="empty-panel__title">
        {filtered
          ? t("model.noVotesIn", { model, scope: describeScope(language, category) })
          : t("model.noVotes", { model })}
      </p>
      <p>{filtered ? t("model.noVotesFiltered") : t("model.noVotesAtAll")}</p>
      <div className="empty-panel__actions">
        {filtered && (
          <button type="button" className="button button--primary" onClick={() => navigate(modelUrl(model, "", ""))}>
            {t("model.clearFilter")}
          </button>
        )}
        <Link href="/" className={`button${filtered ? "" : " button--primary"}`}>
          {t("common.goToBattle")}
        </Link>
      </div>
    </div>
  );
}
