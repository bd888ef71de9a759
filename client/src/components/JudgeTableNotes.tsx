import { useT } from "../i18n/index.ts";
import { leaderboardUrl } from "../leaderboardFilter.ts";
import { Link } from "./Link.tsx";

/** Above a judge's table: whose verdicts these are, so nobody takes them for the people's votes. */
export function JudgeNotice({ judge }: { judge: string }) {
  const { t } = useT();
  return (
    <p className="judge-notice" data-testid="judge-notice">
      <span aria-hidden="true">⚖ </span>
      {t("judges.notice", { judge })}
    </p>
  );
}

type EmptyJudgeTableProps = {
  judge: string;
  /** The filter, kept by the link back to the people's table. */
  language: string;
  category: string;
  style: boolean;
};

/** A judge's table without a verdict yet: how it fills, and the way back to the people's table. */
export function EmptyJudgeTable({ judge, language, category, style }: EmptyJudgeTableProps) {
  const { t } = useT();
  return (
    <div className="empty-panel" data-testid="leaderboard-empty">
      <p className="empty-panel__title">{t("judges.emptyTitle", { judge })}</p>
      <p>{t("judges.emptyBody")}</p>
      <Link href={leaderboardUrl(language, category, style)} className="button">
        {t("judges.showPeople")}
      </Link>
    </div>
  );
}
