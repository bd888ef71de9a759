import type { AgreementCount, JudgeSummary } from "@arena/shared/judges";
import type { Leaderboard } from "@arena/shared/protocol";
import { useId, useMemo } from "react";

import { formatCount, formatPercent, formatRating } from "../format.ts";
import { useLeaderboard } from "../hooks/useLeaderboard.ts";
import { useT } from "../i18n/index.ts";
import {
  describeWarning,
  disagreementPairs,
  formatAgreementCount,
  formatAgreementInterval,
  formatAgreementRatio,
  HUMAN_AGREEMENT,
  trustWarnings,
} from "../judgeAgreement.ts";
import {
  compareRanks,
  describeOrderAgreement,
  describeShift,
  orderAgreement,
  type RankComparison,
  type Standing,
} from "../judgeRanks.ts";
import { JudgeTable } from "./JudgeTable.tsx";
import { RankChangeMark } from "./RankChangeMark.tsx";

type JudgePanelProps = {
  judge: string;
  /** The judge's figures over the shown filter; undefined while loading or for a judge the server does not know. */
  summary: JudgeSummary | undefined;
  /** The judges' figures for this filter have arrived (so a missing summary means an unknown judge). */
  loaded: boolean;
  /** The judge's table as the page shows it (null while loading). */
  judgeBoard: Leaderboard | null;
  language: string;
  category: string;
  style: boolean;
};

/**
 * One judge against the people: how often it agrees with them (both MT-bench setups, with the
 * counts and a 95% interval), what to beware of, the model pairs where they disagree most, and the
 * people's table beside the judge's with each model's rank difference.
 */
export function JudgePanel({ judge, summary, loaded, judgeBoard, language, category, style }: JudgePanelProps) {
  const { t } = useT();
  const headingId = useId();
  // The people's table of the same filter, watched live beside the judge's.
  const people = useLeaderboard(language, category, style).board;
  return (
    <section className="judge-panel" data-testid="judge-panel" data-judge={judge} aria-labelledby={headingId}>
      <h2 id={headingId}>{t("judges.panelHeading", { judge })}</h2>
      <p className="judge-lead">{t("judges.panelLead")}</p>
      {summary ? (
        <>
          <AgreementTable summary={summary} />
          <Progress summary={summary} />
          <p className="footnote">
            {t("judges.humanReference", {
              withTies: formatPercent(HUMAN_AGREEMENT.withTies, 0),
              withoutTies: formatPercent(HUMAN_AGREEMENT.withoutTies, 0),
            })}
          </p>
          <Warnings summary={summary} />
          <DisagreementPairs pairs={summary.pairs} />
        </>
      ) : (
        !loaded && <p className="loading">{t("judges.loading")}</p>
      )}
      {people && judgeBoard && <RankComparisonTable judge={judge} people={people} judgeBoard={judgeBoard} />}
    </section>
  );
}

function AgreementTable({ summary }: { summary: JudgeSummary }) {
  const { t } = useT();
  const setups = [
    { key: "withTies", label: t("judges.withTies"), hint: t("judges.withTiesHint"), count: summary.counts.withTies },
    {
      key: "withoutTies",
      label: t("judges.withoutTies"),
      hint: t("judges.withoutTiesHint"),
      count: summary.counts.withoutTies,
    },
  ] as const;
  return (
    <JudgeTable
      caption={t("judges.agreementCaption")}
      columns={[t("judges.setup"), t("judges.agreement"), t("judges.onBattles")]}
      testId="judge-agreement"
    >
      {setups.map(({ key, label, hint, count }) => (
        <tr key={key} data-testid="judge-agreement-row" data-setup={key}>
          <th scope="row">
            {label}
            <span className="judge-detail">{hint}</span>
          </th>
          <AgreementCells count={count} />
        </tr>
      ))}
    </JudgeTable>
  );
}

/** The ratio with its interval, then what it stands on. */
function AgreementCells({ count }: { count: AgreementCount }) {
  const interval = formatAgreementInterval(count);
  return (
    <>
      <td className="num">
        <strong data-testid="agreement-ratio">{formatAgreementRatio(count)}</strong>
        {interval && <span className="judge-detail">{interval}</span>}
      </td>
      <td className="num" data-testid="agreement-count">
        {formatAgreementCount(count)}
      </td>
    </>
  );
}

function Progress({ summary }: { summary: JudgeSummary }) {
  const { t } = useT();
  const items = [
    ["judged", t("judges.judged"), summary.judged],
    ["pending", t("judges.pending"), summary.pending],
    ["failed", t("judges.failed"), summary.failed],
  ] as const;
  return (
    <dl className="judge-progress" data-testid="judge-progress">
      {items.map(([key, label, value]) => (
        <div key={key} data-item={key}>
          <dt>{label}</dt>
          <dd>{formatCount(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Warnings({ summary }: { summary: JudgeSummary }) {
  const { t } = useT();
  const headingId = useId();
  const warnings = trustWarnings(summary);
  if (warnings.length === 0) return null;
  return (
    <div className="judge-warnings" role="note" aria-labelledby={headingId} data-testid="judge-warnings">
      <h3 id={headingId}>
        <span aria-hidden="true">⚠ </span>
        {t("judges.warningsHeading")}
      </h3>
      <ul>
        {warnings.map((warning) => (
          <li key={warning.kind} data-warning={warning.kind}>
            {describeWarning(warning)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function DisagreementPairs({ pairs }: { pairs: JudgeSummary["pairs"] }) {
  const { t } = useT();
  const headingId = useId();
  const shown = useMemo(() => disagreementPairs(pairs), [pairs]);
  return (
    <div className="judge-block" aria-labelledby={headingId} role="group">
      <h3 id={headingId}>{t("judges.pairsHeading")}</h3>
      {shown.length === 0 ? (
        <p className="judge-lead">{t("judges.pairsNone")}</p>
      ) : (
        <>
          <p className="judge-lead">{t("judges.pairsLead")}</p>
          <JudgeTable
            caption={t("judges.pairsCaption")}
            columns={[t("judges.pair"), t("judges.agreement"), t("judges.onBattles")]}
            testId="judge-pairs"
          >
            {shown.map((pair) => (
              <tr
                key={`${pair.modelA}\n${pair.modelB}`}
                data-testid="judge-pair-row"
                data-model-a={pair.modelA}
                data-model-b={pair.modelB}
              >
                <th scope="row" className="model">
                  {pair.modelA} <span className="judge-versus">{t("judges.versus")}</span> {pair.modelB}
                </th>
                <AgreementCells count={pair.withTies} />
              </tr>
            ))}
          </JudgeTable>
        </>
      )}
    </div>
  );
}

type RankComparisonTableProps = { judge: string; people: Leaderboard; judgeBoard: Leaderboard };

function RankComparisonTable({ judge, people, judgeBoard }: RankComparisonTableProps) {
  const { t } = useT();
  const headingId = useId();
  const rows = useMemo(() => compareRanks(people.rows, judgeBoard.rows), [people, judgeBoard]);
  const order = useMemo(() => orderAgreement(rows), [rows]);
  if (rows.length === 0) return null;
  return (
    <div className="judge-block" aria-labelledby={headingId} role="group">
      <h3 id={headingId}>{t("judges.ranksHeading")}</h3>
      <p className="judge-lead">{t("judges.ranksLead")}</p>
      <JudgeTable
        caption={t("judges.ranksCaption", { judge })}
        columns={[t("judges.model"), t("judges.peopleRank"), t("judges.judgeRank"), t("judges.shift")]}
        testId="judge-ranks"
      >
        {rows.map((row) => (
          <RankRow key={row.model} row={row} />
        ))}
      </JudgeTable>
      <p className="footnote" data-testid="judge-order">
        {describeOrderAgreement(order)}
        {order.largest &&
          ` ${t("judges.largest", {
            model: order.largest.model,
            people: order.largest.people!.rank!,
            judge: order.largest.judge!.rank!,
          })}`}
      </p>
    </div>
  );
}

function RankRow({ row }: { row: RankComparison }) {
  const shift = describeShift(row.shift);
  return (
    <tr
      data-testid="judge-rank-row"
      data-model={row.model}
      data-people-rank={row.people?.rank ?? ""}
      data-judge-rank={row.judge?.rank ?? ""}
      data-shift={row.shift ?? ""}
    >
      <th scope="row" className="model">
        {row.model}
      </th>
      <StandingCell standing={row.people} />
      <StandingCell standing={row.judge} />
      <td className="num">{shift ? <RankChangeMark change={shift} /> : <span aria-hidden="true">–</span>}</td>
    </tr>
  );
}

/** `2` over `1012.4`; "not ranked" (provisional) or "not in this table" in words. */
function StandingCell({ standing }: { standing: Standing | null }) {
  const { t } = useT();
  if (standing === null) {
    return (
      <td className="num judge-muted">
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">{t("judges.absent")}</span>
      </td>
    );
  }
  return (
    <td className="num">
      {standing.rank === null ? (
        <span className="judge-muted">{t("judges.notRanked")}</span>
      ) : (
        <strong>{standing.rank}</strong>
      )}
      <span className="judge-detail">{formatRating(standing.rating)}</span>
    </td>
  );
}
