/**
 * The judges' part of the leaderboard, in a chunk of its own (loaded with React.lazy) so that the
 * battle page and arenas without judges never download it: the panel of the selected judge, or,
 * beside the people's table, every judge's agreement with the people.
 */
import "../judges.css";

import type { JudgeSummary } from "@arena/shared/judges";
import type { Leaderboard } from "@arena/shared/protocol";

import { JudgePanel } from "./JudgePanel.tsx";
import { JudgesOverview } from "./JudgesOverview.tsx";

type JudgeSectionProps = {
  /** The selected judge, "" for the people's view. */
  judge: string;
  judges: readonly JudgeSummary[] | null;
  /** The judges' figures are still another filter's. */
  stale: boolean;
  /** The shown table: the judge's in the judge's view. */
  board: Leaderboard | null;
  language: string;
  category: string;
  style: boolean;
};

export default function JudgeSection({ judge, judges, stale, board, language, category, style }: JudgeSectionProps) {
  if (judge === "") {
    return judges && judges.length > 0 ? (
      <JudgesOverview judges={judges} stale={stale} language={language} category={category} style={style} />
    ) : null;
  }
  return (
    <JudgePanel
      judge={judge}
      summary={stale ? undefined : judges?.find((candidate) => candidate.id === judge)}
      loaded={judges !== null && !stale}
      judgeBoard={board?.judge === judge ? board : null}
      language={language}
      category={category}
      style={style}
    />
  );
}
