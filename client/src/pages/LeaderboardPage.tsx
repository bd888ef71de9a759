import { useMemo } from "react";
import { CategoryFilter } from "../components/CategoryFilter.tsx";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { HeadToHeadHeatmap } from "../components/HeadToHeadHeatmap.tsx";
import { LanguageFilter } from "../components/LanguageFilter.tsx";
import { LeaderboardTable } from "../components/LeaderboardTable.tsx";
import { categoryName, languageName } from "../format.ts";
import { useCategories } from "../hooks/useCategories.ts";
import { useConnectionState } from "../hooks/useConnectionState.ts";
import { useLanguages } from "../hooks/useLanguages.ts";
import { useLeaderboard } from "../hooks/useLeaderboard.ts";
import { useLeaderboardMatrix } from "../hooks/useLeaderboardMatrix.ts";
import { groupRows, tableOrder } from "../leaderboardGroups.ts";
import { navigate } from "../router.ts";

type LeaderboardPageProps = {
  /** The `?language=` of the URL, "" for all languages. */
  language: string;
  /** The `?category=` of the URL, "" for all categories. */
  category: string;
};

/** The page's URL for a filter, so it can be shared and the back button undoes a change. */
function leaderboardUrl(language: string, category: string): string {
  const query = new URLSearchParams({
    ...(language === "" ? {} : { language }),
    ...(category === "" ? {} : { category }),
  }).toString();
  return query === "" ? "/leaderboard" : `/leaderboard?${query}`;
}

export function LeaderboardPage({ language, category }: LeaderboardPageProps) {
  const { board, error } = useLeaderboard(language, category);
  const languages = useLanguages();
  const categories = useCategories();
  const matrix = useLeaderboardMatrix(language, category, board?.votesHash ?? null);
  const connection = useConnectionState();
  const live = connection === "connected" && board !== null && error === null;

  const groups = useMemo(() => (board ? groupRows(board.rows) : null), [board]);
  const order = useMemo(() => (groups ? tableOrder(groups) : []), [groups]);

  const filtered = language !== "" || category !== "";
  const scope = [
    language === "" ? "all languages" : languageName(language),
    category === "" ? "all categories" : categoryName(category),
  ].join(" · ");

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

      <div className="board-status" role="status" aria-live="polite">
        <span className={`live-indicator${live ? " live-indicator--on" : ""}`}>
          <span className="live-indicator__dot" aria-hidden="true" />
          {live ? "Live" : connection === "connected" ? "Loading…" : "Offline"}
        </span>
        {board && (
          <span>
            {board.battles} {board.battles === 1 ? "vote" : "votes"} · {scope} · updated{" "}
            <time dateTime={board.updatedAt}>{new Date(board.updatedAt).toLocaleTimeString()}</time>
          </span>
        )}
      </div>

      <ErrorAlert error={error} />

      {groups ? (
        <LeaderboardTable groups={groups} caption={`Leaderboard, ${scope}`} filtered={filtered} />
      ) : (
        !error && <p className="loading">Loading the leaderboard…</p>
      )}

      <p className="footnote">
        <strong>Rating</strong> is a Bradley–Terry fit of this table’s votes on the Elo scale (mean 1000; 400 points
        = 10:1 odds), and “±” its 95% interval. <strong>Rank</strong> is 1 + the number of models whose interval lies
        wholly above this one’s, so models the votes cannot yet tell apart share a rank.
        {filtered && " ▲ and ▼ compare it with the model’s overall rank."} <strong>Elo</strong> is the online rating,
        moved a little by each vote in turn. Models with too few votes in this table are listed apart, unranked. Ties
        and “both are bad” count as half a win.
      </p>

      {board && board.rows.length > 0 && matrix && <HeadToHeadHeatmap matrix={matrix} order={order} />}
    </main>
  );
}
