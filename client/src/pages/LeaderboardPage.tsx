import { lazy, Suspense, useCallback, useMemo, useState } from "react";

import { AsOfPicker } from "../components/AsOfPicker.tsx";
import { BoardStatus } from "../components/BoardStatus.tsx";
import { EmptyLeaderboard } from "../components/EmptyLeaderboard.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { JudgeFilter } from "../components/JudgeFilter.tsx";
import { EmptyJudgeTable, JudgeNotice } from "../components/JudgeTableNotes.tsx";
import { LeaderboardTable } from "../components/LeaderboardTable.tsx";
import { ScopeFilters } from "../components/ScopeFilters.tsx";
import { StyleControlSwitch } from "../components/StyleControlSwitch.tsx";
import { StylePanel } from "../components/StylePanel.tsx";
import { useAsOfLeaderboard } from "../hooks/useAsOfLeaderboard.ts";
import { useJudges } from "../hooks/useJudges.ts";
import { useLeaderboard } from "../hooks/useLeaderboard.ts";
import { useT } from "../i18n/index.ts";
import { describeScope, leaderboardUrl, modelUrl } from "../leaderboardFilter.ts";
import { groupRows } from "../leaderboardGroups.ts";
import { DEFAULT_SORT, type LeaderboardSort, nextSort, sortGroups, type SortKey } from "../leaderboardSort.ts";
import { navigate } from "../router.ts";

// Below the table and only useful with two models or more: loaded apart, after the table.
const LeaderboardCharts = lazy(() => import("../components/LeaderboardCharts.tsx"));
// Only on arenas with LLM judges: loaded apart, once the server has said it has some.
const JudgeSection = lazy(() => import("../components/JudgeSection.tsx"));
// Only for a past day's table (`?at=`).
const AsOfNote = lazy(() => import("../components/AsOfNote.tsx"));

type LeaderboardPageProps = {
  /** The `?language=` of the URL, "" for all languages. */
  language: string;
  /** The `?category=` of the URL, "" for all categories. */
  category: string;
  /** `?style=control`: the table under style control. */
  style: boolean;
  /** `?judge=`: one LLM judge's table instead of the people's; "" for the people's. */
  judge: string;
  /** The `?at=` of the URL: the table as of the end of that day (UTC); "" for today's. The people's only. */
  at: string;
};

export function LeaderboardPage({ language, category, style, judge, at: requestedAt }: LeaderboardPageProps) {
  const { t } = useT();
  // A judge's table is today's: its verdicts have no past of their own to show.
  const asOf = useAsOfLeaderboard(
    judge === "" ? requestedAt : "",
    language,
    category,
    style,
    useLeaderboard(language, category, style, judge),
  );
  const { board, error, at } = asOf;
  const judges = useJudges(language, category);
  // The sort is the reader's own view, not part of the shared URL; it outlives updates and filters.
  const [sort, setSort] = useState<LeaderboardSort>(DEFAULT_SORT);
  const onSort = useCallback((key: SortKey) => setSort((current) => nextSort(current, key)), []);

  const groups = useMemo(() => (board ? groupRows(board.rows) : null), [board]);
  const sorted = useMemo(() => (groups ? sortGroups(groups, sort) : null), [groups, sort]);
  const modelHref = useCallback(
    (model: string) => modelUrl(model, language, category, style),
    [language, category, style],
  );

  const filtered = language !== "" || category !== "";
  const scope = describeScope(language, category);
  const hasRows = board !== null && board.rows.length > 0;

  return (
    <main className="page leaderboard-page">
      <div className="page-heading">
        <div>
          <h1>{t("leaderboard.heading")}</h1>
          <p className="page-heading__lead">{t("leaderboard.lead")}</p>
        </div>
        <div className="filters">
          <ScopeFilters
            language={language}
            category={category}
            onChange={(nextLanguage, nextCategory) =>
              navigate(leaderboardUrl(nextLanguage, nextCategory, style, { judge, at }))
            }
          />
          <JudgeFilter
            judges={judges.judges}
            judge={judge}
            onChange={(next) => navigate(leaderboardUrl(language, category, style, { judge: next }))}
          />
          <StyleControlSwitch
            on={style}
            onChange={(next) => navigate(leaderboardUrl(language, category, next, { judge, at }))}
          />
          {judge === "" && (
            <AsOfPicker
              at={at}
              onChange={(next) => navigate(leaderboardUrl(language, category, style, { at: next }))}
            />
          )}
        </div>
      </div>

      {at === "" ? <BoardStatus board={board} failed={error !== null} scope={scope} /> : <AsOfNote asOf={asOf} />}
      {asOf.rejected && <p className="notice">{t("depth.asOf.future")}</p>}

      <ErrorAlert error={error} />

      {judge !== "" && <JudgeNotice judge={judge} />}

      {sorted ? (
        <LeaderboardTable
          groups={sorted}
          sort={sort}
          onSort={onSort}
          caption={t("leaderboard.caption", { scope })}
          rankBase={style ? "plain" : filtered ? "overall" : null}
          modelHref={modelHref}
          rankMoves={asOf.moves}
          emptyState={
            judge === "" ? (
              <EmptyLeaderboard language={language} category={category} />
            ) : (
              <EmptyJudgeTable judge={judge} language={language} category={category} style={style} />
            )
          }
        />
      ) : (
        !error && <p className="loading">{t("leaderboard.loading")}</p>
      )}

      {hasRows && (
        <p className="footnote">
          <strong>{t("leaderboard.footnote.ratingTerm")}</strong> {t("leaderboard.footnote.rating")}{" "}
          <strong>{t("leaderboard.footnote.rankTerm")}</strong> {t("leaderboard.footnote.rank")}
          {filtered && !style && ` ${t("leaderboard.footnote.filtered")}`}{" "}
          <strong>{t("leaderboard.footnote.eloTerm")}</strong> {t("leaderboard.footnote.elo")}
          {style && ` ${t("style.footnote")}`}
          {judge !== "" && ` ${t("judges.footnote")}`}
        </p>
      )}

      {board?.styleCoefficients && board.rows.length > 0 && <StylePanel coefficients={board.styleCoefficients} />}

      {/* The charts' head-to-head grid is the people's: a judge's view has its panel instead. */}
      {judge === "" && board && groups && board.rows.length >= 2 && (
        <Suspense fallback={<p className="loading">{t("leaderboard.loadingCharts")}</p>}>
          <LeaderboardCharts language={language} category={category} votesHash={board.votesHash} groups={groups} />
        </Suspense>
      )}

      {(judge !== "" || (judges.judges?.length ?? 0) > 0) && (
        <Suspense fallback={<p className="loading">{t("judges.loading")}</p>}>
          <JudgeSection
            judge={judge}
            judges={judges.judges}
            stale={judges.stale}
            board={board}
            language={language}
            category={category}
            style={style}
          />
        </Suspense>
      )}
    </main>
  );
}
