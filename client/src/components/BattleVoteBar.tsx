import type { Winner } from "@arena/shared/protocol";
import type { Ref } from "react";

import { useT } from "../i18n/index.ts";
import { VoteButtons } from "./VoteButtons.tsx";

type BattleVoteBarProps = {
  canVote: boolean;
  /** The verdict being sent or given. */
  verdict: Winner | null;
  onVote: (winner: Winner) => void;
  onNewBattle: () => void;
  newBattleDisabled: boolean;
  newBattleRef: Ref<HTMLButtonElement>;
  /** What the page is waiting for, in one sentence. */
  status: string;
  statusFailed: boolean;
};

/** The four verdicts and "New battle", and under them the status line screen readers announce. */
export function BattleVoteBar(props: BattleVoteBarProps) {
  const { canVote, verdict, onVote, onNewBattle, newBattleDisabled, newBattleRef, status, statusFailed } = props;
  const { t } = useT();
  return (
    <>
      <div className="vote-bar">
        <VoteButtons enabled={canVote} chosen={verdict} onVote={onVote} />
        <button
          type="button"
          ref={newBattleRef}
          className="button button--primary new-battle"
          data-testid="new-battle"
          aria-keyshortcuts="N"
          disabled={newBattleDisabled}
          onClick={onNewBattle}
        >
          {t("battle.newBattle")} <kbd aria-hidden="true">N</kbd>
        </button>
      </div>
      <p className={`battle-status${statusFailed ? " battle-status--failed" : ""}`} role="status" aria-live="polite">
        {status}
      </p>
    </>
  );
}
