import type { AgreementCount, JudgeSummary } from "@arena/shared/judges";
import { useId } from "react";

import { formatCount } from "../format.ts";
import { useT } from "../i18n/index.ts";
import { formatAgreementCount, formatAgreementRatio } from "../judgeAgreement.ts";
import { leaderboardUrl } from "../leaderboardFilter.ts";
import { JudgeTable } from "./JudgeTable.tsx";
import { Link } from "./Link.tsx";

type JudgesOverviewProps = {
  judges: readonly JudgeSummary[];
  stale: boolean;
  language: string;
  category: string;
  style: boolean;
};

/** Beside the people's table: each judge's agreement with the people, and a link to its own view. */
export function JudgesOverview({ judges, stale, language, category, style }: JudgesOverviewProps) {
  const { t } = useT();
  const headingId = useId();
  return (
    <section className="judges-overview" data-testid="judges-overview" aria-labelledby={headingId} aria-busy={stale}>
      <h2 id={headingId}>{t("judges.overviewHeading")}</h2>
      <p className="judge-lead">{t("judges.overviewLead")}</p>
      <JudgeTable
        caption={t("judges.overviewCaption")}
        columns={[t("judges.judge"), t("judges.withTies"), t("judges.withoutTies"), t("judges.judged")]}
      >
        {judges.map((judge) => (
          <tr key={judge.id} data-testid="judges-overview-row" data-judge={judge.id}>
            <th scope="row" className="model">
              <Link
                href={leaderboardUrl(language, category, style, { judge: judge.id })}
                className="model-link"
                title={t("judges.showTable", { judge: judge.id })}
              >
                {judge.id}
              </Link>
            </th>
            <AgreementCell count={judge.counts.withTies} />
            <AgreementCell count={judge.counts.withoutTies} />
            <td className="num">
              {formatCount(judge.judged)}
              {(judge.pending > 0 || judge.failed > 0) && (
                <span className="judge-detail">
                  {judge.pending > 0 && `${t("judges.pending")}: ${formatCount(judge.pending)}`}
                  {judge.pending > 0 && judge.failed > 0 && " · "}
                  {judge.failed > 0 && `${t("judges.failed")}: ${formatCount(judge.failed)}`}
                </span>
              )}
            </td>
          </tr>
        ))}
      </JudgeTable>
    </section>
  );
}

/** `64.3%` over `9 of 14 battles`; a dash alone before the first shared battle. */
function AgreementCell({ count }: { count: AgreementCount }) {
  return (
    <td className="num">
      <strong>{formatAgreementRatio(count)}</strong>
      {count.total > 0 && <span className="judge-detail">{formatAgreementCount(count)}</span>}
    </td>
  );
}
