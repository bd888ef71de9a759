import type { Leaderboard } from "@arena/shared/protocol";

import { formatCount, formatTime, formatVotes } from "../format.ts";
import { useConnectionState } from "../hooks/useConnectionState.ts";
import { useT } from "../i18n/index.ts";

type BoardStatusProps = {
  board: Leaderboard | null;
  /** The loaded table failed: not live, whatever the connection says. */
  failed: boolean;
  /** "all languages · Coding", what the table covers. */
  scope: string;
};

/** Live or not, and how many votes the shown table stands on and when it last changed. */
export function BoardStatus({ board, failed, scope }: BoardStatusProps) {
  const { t } = useT();
  const connection = useConnectionState();
  const live = connection === "connected" && board !== null && !failed;
  return (
    <div className="board-status" role="status" aria-live="polite">
      <span className={`live-indicator${live ? " live-indicator--on" : ""}`}>
        <span className="live-indicator__dot" aria-hidden="true" />
        {live ? t("status.live") : connection === "connected" ? t("common.loading") : t("status.offline")}
      </span>
      {board && (
        <span>
          {/* A judge's table counts its verdicts, not votes. */}
          {board.judge === undefined
            ? formatVotes(board.battles)
            : t("judges.verdicts", { count: board.battles, formatted: formatCount(board.battles) })}{" "}
          · {scope} · {t("status.updated")}{" "}
          <time dateTime={board.updatedAt}>{formatTime(new Date(board.updatedAt))}</time>
        </span>
      )}
    </div>
  );
}
