import type { Winner } from "@arena/shared/protocol";

import { useT } from "../i18n/index.ts";

/** The four verdicts in button order, with their keyboard shortcut. */
export const voteOptions: ReadonlyArray<{ winner: Winner; shortcut: string }> = [
  { winner: "a", shortcut: "1" },
  { winner: "b", shortcut: "2" },
  { winner: "tie", shortcut: "3" },
  { winner: "bothbad", shortcut: "4" },
];

type VoteButtonsProps = {
  enabled: boolean;
  /** The verdict being sent or given, highlighted so the voter sees what was chosen. */
  chosen: Winner | null;
  onVote: (winner: Winner) => void;
};

export function VoteButtons({ enabled, chosen, onVote }: VoteButtonsProps) {
  const { t } = useT();
  return (
    <div className="vote-buttons" role="group" aria-label={t("vote.group")}>
      {voteOptions.map(({ winner, shortcut }) => (
        <button
          key={winner}
          type="button"
          className={`button vote-button${chosen === winner ? " vote-button--chosen" : ""}`}
          data-testid={`vote-${winner}`}
          disabled={!enabled}
          aria-keyshortcuts={shortcut}
          aria-pressed={chosen === null ? undefined : chosen === winner}
          onClick={() => onVote(winner)}
        >
          {t(`vote.${winner}`)} <kbd aria-hidden="true">{shortcut}</kbd>
        </button>
      ))}
    </div>
  );
}
