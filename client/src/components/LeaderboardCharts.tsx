/**
 * The leaderboard's charts, in a chunk of their own (loaded with React.lazy) so the battle page, the
 * usual first page, does not download them.
 */
import "../leaderboard.css";

import { useId, useMemo } from "react";

import { useLeaderboardMatrix } from "../hooks/useLeaderboardMatrix.ts";
import { useT } from "../i18n/index.ts";
import { type LeaderboardGroups, tableOrder } from "../leaderboardGroups.ts";
import { HeadToHeadHeatmap } from "./HeadToHeadHeatmap.tsx";
import { PriceChart } from "./PriceChart.tsx";
import { RatingChart } from "./RatingChart.tsx";

type LeaderboardChartsProps = {
  language: string;
  category: string;
  /** The shown table's hash: the matrix is refetched when it changes. */
  votesHash: string;
  /** In the table's default (rank) order, whatever column the table is sorted by. */
  groups: LeaderboardGroups;
};

export default function LeaderboardCharts({ language, category, votesHash, groups }: LeaderboardChartsProps) {
  const { t } = useT();
  const headingId = useId();
  const matrix = useLeaderboardMatrix(language, category, votesHash);
  const order = useMemo(() => tableOrder(groups), [groups]);
  const rows = useMemo(() => [...groups.ranked, ...groups.provisional], [groups]);
  return (
    <section className="charts" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("charts.heading")}</h2>
      <RatingChart groups={groups} />
      <PriceChart rows={rows} />
      {matrix ? (
        <HeadToHeadHeatmap matrix={matrix} order={order} />
      ) : (
        <p className="loading">{t("charts.loadingGrid")}</p>
      )}
    </section>
  );
}
