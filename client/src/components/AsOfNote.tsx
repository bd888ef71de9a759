import "./leaderboardDepth.css";

import { formatDay } from "../catalogFormat.ts";
import { formatVotes } from "../format.ts";
import type { AsOfLeaderboard } from "../hooks/useAsOfLeaderboard.ts";
import { useT } from "../i18n/index.ts";

/**
 * In place of the live status while the leaderboard shows a past day: which day, how many votes its
 * table stands on, what the arrows mean, and which models have been ranked since.
 */
export function AsOfNote({ asOf }: { asOf: AsOfLeaderboard }) {
  const { t } = useT();
  return (
    <div className="as-of-note" role="status" aria-live="polite" data-testid="as-of-note">
      <p>
        {t("depth.asOf.lead", { date: formatDay(asOf.at) })}
        {asOf.board && ` ${formatVotes(asOf.board.battles)}.`}
      </p>
      {asOf.board === null && asOf.error === null && <p className="loading">{t("depth.asOf.loading")}</p>}
      {asOf.rankedSince.length > 0 && <p>{t("depth.asOf.rankedSince", { models: asOf.rankedSince.join(", ") })}</p>}
    </div>
  );
}
