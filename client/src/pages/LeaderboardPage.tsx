import { lazy, Suspense, useCallback, useMemo, useState } from "react";
import { BoardStatus } from "../components/BoardStatus.tsx";
import { CategoryFilter } from "../components/CategoryFilter.tsx";
import { EmptyLeaderboard } from "../components/EmptyLeaderboard.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { LanguageFilter } from "../components/LanguageFilter.tsx";
import { LeaderboardTable } from "../components/LeaderboardTable.tsx";
import { useCategories } from "../hooks/useCategories.ts";
import { useLanguages } from "../hooks/useLanguages.ts";
import { useLeaderboard } from "../hooks/useLeaderboard.ts";
import { groupRows } from "../leaderboardGroups.ts";
import { describeScope, leaderboardUrl, modelUrl } from "../leaderboardFilter.ts";
import { DEFAULT_SORT, type LeaderboardSort, nextSort, type SortKey, sortGroups } from "../leaderboardSort.ts";
import { navigate } from "../router.ts";

// Below the table and only useful with two models or more: loaded apart, after the table.
const LeaderboardCharts = lazy(() => import("../components/LeaderboardCharts.tsx"));

type LeaderboardPageProps = {
  /** The `?language=` of the URL, "" for all languages. */
  language: string;
  /** The `?category=` of the URL, "" for all categories. */
  category: string;
};

export function LeaderboardPage({ language, category }: LeaderboardPageProps) {
  const { board, error } = useLeaderboard(language, category);
  const languages = useLanguages();
  const categories = useCategories();
  // The sort is the reader's own view, not part of the shared URL; it outlives updates and filters.
  const [sort, setSort] = useState<LeaderboardSort>(DEFAULT_SORT);
  const onSort = useCallback((key: SortKey) => setSort((current) => nextSort(current, key)), []);

  const groups = useMemo(() => (board ? groupRows(board.rows) : null), [board]);
  const sorted = useMemo(() => (groups ? sortGroups(groups, sort) : null), [groups, sort]);
  const modelHref = useCallback((model: string) => modelUrl(model, language, category), [language, category]);

  const filtered = language !== "" || category !== "";
  const scope = describeScope(language, category);
  const hasRows = board !== null && board.rows.length > 0;

  return (
    <main className="page leaderboard-page">
      <div className="page-heading">
        <div>
          <h1>Leaderboard</h1>
          <p className="page-heading__lead">Ratings from blind votes, updated live as people vote.</p>
        </div>
        <div className="filters">
          <LanguageFilter
            value={language}
            languages={languages}
            onChange={(next) => navigate(leaderboardUrl(next, category))}
          />
          <CategoryFilter
            value={category}
            categories={categories}
            onChange={(next) => navigate(leaderboardUrl(language, next))}
          />
        </div>
      </div>

      <BoardStatus board={board} failed={error !== null} scope={scope} />

      <ErrorAlert error={error} />

      {sorted ? (
        <LeaderboardTable
          groups={sorted}
          sort={sort}
          onSort={onSort}
          caption={`Leaderboard, ${scope}`}
          filtered={filtered}
          modelHref={modelHref}
          emptyState={<EmptyLeaderboard language={language} category={category} />}
        />
      ) : (
        !error && <p className="loading">Loading the leaderboard…</p>
      )}

      {hasRows && (
        <p className="footnote">
          <strong>Rating</strong> is a Bradley–Terry fit of this table’s votes on the Elo scale (mean 1000; 400 points
          = 10:1 odds), and “±” its 95% interval. <strong>Rank</strong> is 1 + the number of models whose interval
          lies wholly above this one’s, so models the votes cannot yet tell apart share a rank.
          {filtered && " ▲ and ▼ compare it with the model’s overall rank."} <strong>Elo</strong> is the online
          rating, moved a little by each vote in turn. Models with too few votes in this table are listed apart,
          unranked. Ties and “both are bad” count as half a win. Click a column to sort by it, a model for its
          head-to-head record.
        </p>
      )}

      {board && groups && board.rows.length >= 2 && (
        <Suspense fallback={<p className="loading">Loading the charts…</p>}>
          <LeaderboardCharts language={language} category={category} votesHash={board.votesHash} groups={groups} />
        </Suspense>
      )}
    </main>
  );
}
