import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { LanguageFilter } from "../components/LanguageFilter.tsx";
import { LeaderboardTable } from "../components/LeaderboardTable.tsx";
import { languageName } from "../format.ts";
import { useConnectionState } from "../hooks/useConnectionState.ts";
import { useLanguages } from "../hooks/useLanguages.ts";
import { useLeaderboard } from "../hooks/useLeaderboard.ts";
import { navigate } from "../router.ts";

type LeaderboardPageProps = {
  /** The `?language=` of the URL, "" for all languages. */
  language: string;
};

export function LeaderboardPage({ language }: LeaderboardPageProps) {
  const { board, error } = useLeaderboard(language);
  const languages = useLanguages();
  const connection = useConnectionState();
  const live = connection === "connected" && board !== null && error === null;

  // The filter lives in the URL, so it can be shared and the back button undoes a change.
  function changeLanguage(next: string) {
    navigate(next === "" ? "/leaderboard" : `/leaderboard?language=${encodeURIComponent(next)}`);
  }

  const scope = language === "" ? "all languages" : languageName(language);

  return (
    <main className="page leaderboard-page">
      <div className="page-heading">
        <div>
          <h1>Leaderboard</h1>
          <p className="page-heading__lead">Ratings from blind votes, updated live as people vote.</p>
        </div>
        <LanguageFilter value={language} languages={languages} onChange={changeLanguage} />
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

      {board ? (
        <LeaderboardTable rows={board.rows} caption={`Leaderboard, ${scope}`} />
      ) : (
        !error && <p className="loading">Loading the leaderboard…</p>
      )}

      <p className="footnote">
        <strong>Rating</strong> is on the Elo scale (400 points = 10:1 odds), with “±” its 95% interval where the
        server computes one. <strong>Elo</strong> is the online rating, moved a little by each vote in turn. Ties
        and “both are bad” count as half a win.
      </p>
    </main>
  );
}
