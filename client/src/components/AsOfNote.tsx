import "./leaderboardDepth.css";

import { formatDay } from "../catalogFormat.ts";
import { formatVotes } from "../format.ts";
import type { AsOfLeaderboard } from "../hooks/useAsOfLeaderboard.ts";
import { useDepthText } from "../i18n/depthText.ts";

/**
 * Loaded with React.lazy, with its words (i18n/depthText.ts): most readers never open a past day.
 * In place of the live status while the leaderboard shows a past day: which day, how many votes its
 * table stands on, what the arrows mean, and which models have been ranked since.
 */
export default function AsOfNote({ asOf }: { asOf: AsOfLeaderboard }) {
  const d = useDepthText();
  return (
    <div className="as-of-note" role="status" aria-live="polite" data-testid="as-of-note">
      <p>
        {d.asOf.lead({ date: formatDay(asOf.at) })}
        {asOf.board && ` ${formatVotes(asOf.board.battles)}.`}
      </p>
      {asOf.board === null && asOf.error === null && <p className="loading">{d.asOf.loading}</p>}
      {asOf.rankedSince.length > 0 && <p>{d.asOf.rankedSince({ models: asOf.rankedSince.join(", ") })}</p>}
    </div>
  );
}
