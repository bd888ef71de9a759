import type { Leaderboard } from "@arena/shared/protocol";
import { useConnectionState } from "../hooks/useConnectionState.ts";

type BoardStatusProps = {
  board: Leaderboard | null;
  /** The loaded table failed: not live, whatever the connection says. */
  failed: boolean;
  /** "all languages · Coding", what the table covers. */
  scope: string;
};

/** Live or not, and how many votes the shown table stands on and when it last changed. */
export function BoardStatus({ board, failed, scope }: BoardStatusProps) {
  const connection = useConnectionState();
  const live = connection === "connected" && board !== null && !failed;
  return (
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
  );
}
