import "../leaderboard.css";
import "./leaderboardDepth.css";

import type { LeaderboardRow } from "@arena/shared/protocol";
import type { ReactNode } from "react";

import { baseRankOf, describeRankChange, formatInterval, type RankBase } from "../format.ts";
import { formatCount, formatRating, formatWinRate } from "../format.ts";
import { useT } from "../i18n/index.ts";
import { countRanks, type LeaderboardGroups } from "../leaderboardGroups.ts";
import type { LeaderboardSort, SortKey } from "../leaderboardSort.ts";
import { describeRankMove, type RankMove } from "../rankChanges.ts";
import { Link } from "./Link.tsx";
import { RankChangeMark } from "./RankChangeMark.tsx";

type LeaderboardTableProps = {
  /** Already in the order of `sort`. */
  groups: LeaderboardGroups;
  sort: LeaderboardSort;
  onSort: (key: SortKey) => void;
  caption: string;
  /**
   * What each ranked row's rank is compared with: the overall table (a language or category
   * table), the table without style control (a style-controlled one), or nothing.
   */
  rankBase: RankBase | null;
  /** Where a model's name links to (its page, with the same filters). */
  modelHref: (model: string) => string;
  /** What the body says when the table has no rows. */
  emptyState: ReactNode;
  /** A past day's table: each ranked model's move since then, shown in place of `rankBase`'s. */
  rankMoves?: Map<string, RankMove> | null;
};

const COLUMNS = 7;
/**
 * The columns a phone leaves out (leaderboard.css), so that rank, model, rating with its interval
 * and votes fit a 320 px screen without a sideways scroll; the model's page has them all.
 */
const EXTRA = "num leaderboard__extra";

export function LeaderboardTable(props: LeaderboardTableProps) {
  const { t } = useT();
  const { groups, sort, onSort, caption, rankBase, modelHref, emptyState, rankMoves } = props;
  const { ranked, provisional } = groups;
  const empty = ranked.length === 0 && provisional.length === 0;
  const sharedRanks = countRanks(ranked);
  const header = (key: SortKey, label: string, title?: string, className = "num") => (
    <SortableHeader sortKey={key} label={label} title={title} className={className} sort={sort} onSort={onSort} />
  );

  return (
    <div className="table-scroll">
      <table className="leaderboard" data-testid="leaderboard">
        <caption className="visually-hidden">
          {caption}
          {!empty && t("leaderboard.captionSortable")}
        </caption>
        {/* No headers over no rows: the empty state then takes the table's width, even on a phone. */}
        {!empty && (
          <thead>
            <tr>
              {header(
                "rank",
                t("leaderboard.columns.rank"),
                rankBase === "overall"
                  ? t("leaderboard.titles.rankFiltered")
                  : rankBase === "plain"
                    ? t("leaderboard.titles.rankStyled")
                    : t("leaderboard.titles.rank"),
                "num rank",
              )}
              {header("model", t("leaderboard.columns.model"), undefined, "model")}
              {header("rating", t("leaderboard.columns.rating"), t("leaderboard.titles.rating"))}
              {header("elo", t("leaderboard.columns.elo"), t("leaderboard.titles.elo"), EXTRA)}
              {header("votes", t("leaderboard.columns.votes"))}
              {header("winRate", t("leaderboard.columns.winRate"), t("leaderboard.titles.winRate"), EXTRA)}
              <th scope="col" className={EXTRA}>
                <abbr title={t("leaderboard.columns.wltLabel")}>{t("leaderboard.columns.wlt")}</abbr>
              </th>
            </tr>
          </thead>
        )}
        {empty && (
          <tbody>
            <tr>
              <td colSpan={COLUMNS} className="empty-state">
                {emptyState}
              </td>
            </tr>
          </tbody>
        )}
        {ranked.length > 0 && (
          <tbody>
            {ranked.map((row) => (
              <Row key={row.model} row={row} href={modelHref(row.model)}>
                <RankCell
                  row={row}
                  sharedWith={sharedRanks.get(row.rank)! - 1}
                  rankBase={rankBase}
                  move={rankMoves ? (rankMoves.get(row.model) ?? null) : undefined}
                />
              </Row>
            ))}
          </tbody>
        )}
        {provisional.length > 0 && (
          <tbody className="leaderboard__provisional">
            <tr className="leaderboard__group-heading">
              <th scope="rowgroup" colSpan={COLUMNS}>
                <span>{t("leaderboard.provisionalHeading")}</span>
              </th>
            </tr>
            {provisional.map((row) => (
              <Row key={row.model} row={row} href={modelHref(row.model)}>
                <td className="num rank">
                  <span aria-hidden="true">–</span>
                  <span className="visually-hidden">{t("leaderboard.notRanked")}</span>
                  {(rankBase || rankMoves) && <span className="rank-change" aria-hidden="true" />}
                </td>
              </Row>
            ))}
          </tbody>
        )}
      </table>
    </div>
  );
}

type SortableHeaderProps = {
  sortKey: SortKey;
  label: string;
  title: string | undefined;
  className: string;
  sort: LeaderboardSort;
  onSort: (key: SortKey) => void;
};

/** A column header that sorts on click; `aria-sort` tells assistive technology which column and how. */
function SortableHeader({ sortKey, label, title, className, sort, onSort }: SortableHeaderProps) {
  const active = sort.key === sortKey;
  return (
    <th scope="col" className={className} aria-sort={active ? sort.direction : undefined}>
      <button
        type="button"
        className={`sort-button${active ? " sort-button--active" : ""}`}
        title={title}
        onClick={() => onSort(sortKey)}
      >
        {label}
        {/* Always present, so the header does not change width when its column becomes the sorted one. */}
        <span className="sort-button__arrow" aria-hidden="true">
          {active ? (sort.direction === "ascending" ? "▲" : "▼") : "▲"}
        </span>
      </button>
    </th>
  );
}

function RankCell({
  row,
  sharedWith,
  rankBase,
  move,
}: {
  row: LeaderboardRow;
  sharedWith: number;
  rankBase: RankBase | null;
  /** Its move since a past day's table (null: none to show); undefined when no past day is shown. */
  move?: RankMove | null;
}) {
  const { t } = useT();
  // A shared rank is simply repeated, as in a sports table; the title says why.
  const tie = sharedWith > 0 ? t("leaderboard.sharesRank", { rank: row.rank, others: sharedWith }) : undefined;
  const baseRank = baseRankOf(row, rankBase);
  const change =
    move !== undefined
      ? move && describeRankMove(move)
      : rankBase && baseRank !== null
        ? describeRankChange(row.rank, baseRank, rankBase)
        : null;
  return (
    <td className="num rank">
      <span title={tie}>
        {row.rank}
        {tie && <span className="visually-hidden">{t("leaderboard.shared")}</span>}
      </span>
      {change && <RankChangeMark change={change} />}
      {/* An empty slot keeps the rank numbers of the column aligned. */}
      {(rankBase || move !== undefined) && change === null && <span className="rank-change" aria-hidden="true" />}
    </td>
  );
}

function Row({ row, href, children }: { row: LeaderboardRow; href: string; children: ReactNode }) {
  const interval = formatInterval(row.rating, row.ciLower, row.ciUpper);
  return (
    <tr data-testid="leaderboard-row" data-model={row.model}>
      {children}
      <th scope="row" className="model">
        <Link href={href} className="model-link">
          {row.model}
        </Link>
        <RowBadges row={row} />
      </th>
      <td className="num">
        <strong>{formatRating(row.rating)}</strong>
        {interval && <span className="interval"> {interval}</span>}
      </td>
      <td className={EXTRA}>{formatRating(row.elo)}</td>
      <td className="num">{formatCount(row.battles)}</td>
      <td className={EXTRA}>{formatWinRate(row)}</td>
      <td className={`${EXTRA} wlt`}>
        {formatCount(row.wins)} / {formatCount(row.losses)} / {formatCount(row.ties)}
      </td>
    </tr>
  );
}

/** An archived model (kept on the board, no longer drawn) and a preliminary one (too few votes) say so. */
function RowBadges({ row }: { row: LeaderboardRow }) {
  const { t } = useT();
  return (
    <>
      {row.status === "archived" && (
        <span className="badge badge--archived" data-testid="archived-badge" title={t("depth.badges.archivedTitle")}>
          {t("depth.badges.archived")}
        </span>
      )}
      {row.provisional && (
        <span
          className="badge badge--preliminary"
          data-testid="preliminary-badge"
          title={t("depth.badges.preliminaryTitle")}
        >
          {t("depth.badges.preliminary")}
        </span>
      )}
    </>
  );
}
