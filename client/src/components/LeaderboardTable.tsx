import type { ReactNode } from "react";
import type { LeaderboardRow } from "@arena/shared/protocol";
import { describeRankChange, formatInterval, formatRating, formatWinRate } from "../format.ts";
import type { LeaderboardGroups } from "../leaderboardGroups.ts";
import type { LeaderboardSort, SortKey } from "../leaderboardSort.ts";
import { Link } from "./Link.tsx";
import "../leaderboard.css";

type LeaderboardTableProps = {
  /** Already in the order of `sort`. */
  groups: LeaderboardGroups;
  sort: LeaderboardSort;
  onSort: (key: SortKey) => void;
  caption: string;
  /** A language or category table: each ranked row shows its rank against the overall table. */
  filtered: boolean;
  /** Where a model's name links to (its page, with the same filters). */
  modelHref: (model: string) => string;
  /** What the body says when the table has no rows. */
  emptyState: ReactNode;
};

const COLUMNS = 7;

export function LeaderboardTable(props: LeaderboardTableProps) {
  const { groups, sort, onSort, caption, filtered, modelHref, emptyState } = props;
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
          {!empty && ". Column headers are buttons that sort the table."}
        </caption>
        {/* No headers over no rows: the empty state then takes the table's width, even on a phone. */}
        {!empty && (
          <thead>
            <tr>
              {header(
                "rank",
                "Rank",
                filtered
                  ? "1 + the models whose interval lies wholly above; ▲▼ against the overall rank"
                  : "1 + the models whose interval lies wholly above",
                "num rank",
              )}
              {header("model", "Model", undefined, "model")}
              {header("rating", "Rating", "Bradley–Terry rating on the Elo scale, with its 95% interval")}
              {header("elo", "Elo", "Online Elo, updated after every vote")}
              {header("votes", "Votes")}
              {header("winRate", "Win rate", "Wins plus half the ties, over all votes")}
              <th scope="col" className="num">
                W / L / T
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
                <RankCell row={row} sharedWith={sharedRanks.get(row.rank)! - 1} filtered={filtered} />
              </Row>
            ))}
          </tbody>
        )}
        {provisional.length > 0 && (
          <tbody className="leaderboard__provisional">
            <tr className="leaderboard__group-heading">
              <th scope="rowgroup" colSpan={COLUMNS}>
                <span>Provisional — fewer votes than needed to rank</span>
              </th>
            </tr>
            {provisional.map((row) => (
              <Row key={row.model} row={row} href={modelHref(row.model)}>
                <td className="num rank">
                  <span aria-hidden="true">–</span>
                  <span className="visually-hidden">not ranked</span>
                  {filtered && <span className="rank-change" aria-hidden="true" />}
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

/** How many ranked models hold each rank. */
function countRanks(rows: LeaderboardRow[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.rank, (counts.get(row.rank) ?? 0) + 1);
  return counts;
}

function RankCell({ row, sharedWith, filtered }: { row: LeaderboardRow; sharedWith: number; filtered: boolean }) {
  // A shared rank is simply repeated, as in a sports table; the title says why.
  const tie =
    sharedWith > 0
      ? `Shares rank ${row.rank} with ${sharedWith} other ${sharedWith === 1 ? "model" : "models"}: their intervals overlap`
      : undefined;
  const change = filtered && row.overallRank !== null ? describeRankChange(row.rank, row.overallRank) : null;
  return (
    <td className="num rank">
      <span title={tie}>
        {row.rank}
        {tie && <span className="visually-hidden"> (shared)</span>}
      </span>
      {change && (
        <span
          role="img"
          aria-label={change.label}
          title={change.label}
          className={`rank-change rank-change--${change.direction}`}
        >
          {change.symbol}
        </span>
      )}
      {/* An empty slot keeps the rank numbers of the column aligned. */}
      {filtered && change === null && <span className="rank-change" aria-hidden="true" />}
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
      </th>
      <td className="num">
        <strong>{formatRating(row.rating)}</strong>
        {interval && <span className="interval"> {interval}</span>}
      </td>
      <td className="num">{formatRating(row.elo)}</td>
      <td className="num">{row.battles}</td>
      <td className="num">{formatWinRate(row)}</td>
      <td className="num wlt">
        {row.wins} / {row.losses} / {row.ties}
      </td>
    </tr>
  );
}
