import { categoryName, languageName } from "../format.ts";
import { leaderboardUrl } from "../leaderboardFilter.ts";
import { navigate } from "../router.ts";
import { Link } from "./Link.tsx";
import "../leaderboard.css";

type EmptyLeaderboardProps = {
  /** The filter of the empty table; "" = all. */
  language: string;
  category: string;
};

/**
 * What an empty table says: on a new arena, how the table fills; on a filter nobody voted in yet,
 * which filter, and a way back to the tables that have votes.
 */
export function EmptyLeaderboard({ language, category }: EmptyLeaderboardProps) {
  if (language === "" && category === "") {
    return (
      <div className="empty-panel" data-testid="leaderboard-empty">
        <p className="empty-panel__title">No votes yet</p>
        <p>Go to the battle page, read two answers, pick the better one — the table fills in as people vote.</p>
        <Link href="/" className="button button--primary">
          Go to the battle page
        </Link>
      </div>
    );
  }
  const where = [language === "" ? null : languageName(language), category === "" ? null : categoryName(category)]
    .filter((part) => part !== null)
    .join(" · ");
  const clear =
    category === "" ? "Show all languages" : language === "" ? "Show all categories" : "Clear both filters";
  return (
    <div className="empty-panel" data-testid="leaderboard-empty">
      <p className="empty-panel__title">No votes in {where} yet</p>
      <p>This table fills in as people vote on battles that match the filter.</p>
      <div className="empty-panel__actions">
        <button type="button" className="button button--primary" onClick={() => navigate(leaderboardUrl("", ""))}>
          {clear}
        </button>
        <Link href="/" className="button">
          Go to the battle page
        </Link>
      </div>
    </div>
  );
}
