import "../leaderboard.css";

import { Link } from "../components/Link.tsx";
import { useT } from "../i18n/index.ts";

/** What an unknown address shows (the server answered it with 404): where to go instead. */
export function NotFoundPage() {
  const { t } = useT();
  return (
    <main className="page not-found-page" data-testid="not-found">
      <div className="empty-panel">
        <h1 className="empty-panel__title">{t("notFound.heading")}</h1>
        <p>{t("notFound.body")}</p>
        <div className="empty-panel__actions">
          <Link href="/" className="button button--primary">
            {t("common.goToBattle")}
          </Link>
          <Link href="/leaderboard" className="button">
            {t("notFound.toLeaderboard")}
          </Link>
        </div>
      </div>
    </main>
  );
}
