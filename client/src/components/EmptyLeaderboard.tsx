import "../leaderboard.css";

import { categoryName, languageName } from "../format.ts";
import { useT } from "../i18n/index.ts";
import { leaderboardUrl } from "../leaderboardFilter.ts";
import { navigate } from "../router.ts";
import { Link } from "./Link.tsx";

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
  const { t } = useT();
  if (language === "" && category === "") {
    return (
      <div className="empty-panel" data-testid="leaderboard-empty">
        <p className="empty-panel__title">{t("empty.noVotes")}</p>
        <p>{t("empty.howItFills")}</p>
        <Link href="/" className="button button--primary">
          {t("common.goToBattle")}
        </Link>
      </div>
    );
  }
  const where = [language === "" ? null : languageName(language), category === "" ? null : categoryName(category)]
    .filter((part) => part !== null)
    .join(" · ");
  const clear =
    category === ""
      ? t("empty.showAllLanguages")
      : language === ""
        ? t("empty.showAllCategories")
        : t("empty.clearBoth");
  return (
    <div className="empty-panel" data-testid="leaderboard-empty">
      <p className="empty-panel__title">{t("empty.noVotesIn", { where })}</p>
      <p>{t("empty.fillsFilter")}</p>
      <div className="empty-panel__actions">
        <button type="button" className="button button--primary" onClick={() => navigate(leaderboardUrl("", ""))}>
          {clear}
        </button>
        <Link href="/" className="button">
          {t("common.goToBattle")}
        </Link>
      </div>
    </div>
  );
}
