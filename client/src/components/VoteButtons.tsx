import type { Winner } from "@arena/shared/protocol";

/** The four verdicts in button order, with their keyboard shortcut. */
export const voteOptions: ReadonlyArray<{ winner: Winner; label: string; shortcut: string }> = [
  { winner: "a", label: "A is better", shortcut: "1" },
  { winner: "b", label: "B is better", shortcut: "2" },
  { winner: "tie", label: "Tie", shortcut: "3" },
  { winner: "bothbad", label: "Both are bad", shortcut: "4" },
];

type VoteButtonsProps = {
  enabled: boolean;
  /** The verdict being sent or given, highlighted so the voter sees what was chosen. */
  chosen: Winner | null;
  onVote: (winner: Winner) => void;
};

export function VoteButtons({ enabled, chosen, onVote }: VoteButtonsProps) {
  return (
    <div className="vote-buttons" role="group" aria-label="Your vote">
      {voteOptions.map(({ winner, label, shortcut }) => (
        <button
          key={winner}
          type="button"
          className={`button vote-button${chosen === winner ? " vote-button--chosen" : ""}`}
          data-testid={`vote-${winner}`}
          disabled={!enabled}
          aria-keyshortcuts={shortcut}
          onClick={() => onVote(winner)}
        >
          {label} <kbd>{shortcut}</kbd>
        </button>
      ))}
    </div>
  );
}
