import type { RankChange } from "../format.ts";

/** `▲2` or `↑2` in the change's colour, read out as its label (a rank move, a judge's shift). */
export function RankChangeMark({ change }: { change: RankChange }) {
  return (
    <span
      role="img"
      aria-label={change.label}
      title={change.label}
      className={`rank-change rank-change--${change.direction}`}
    >
      {change.symbol}
    </span>
  );
}
