import type { ReactNode } from "react";
import type { LeaderboardRow } from "@arena/shared/protocol";
import { describeRankChange, formatInterval, formatRating, formatWinRate } from "../format.ts";
import type { LeaderboardGroups } from "../leaderboardGroups.ts";
import { Link } from "./Link.tsx";

type LeaderboardTableProps = {
  groups: LeaderboardGroups;
  caption: string;
  /** A language or category table: each ranked row shows its rank against the overall table. */
  filtered: boolean;
};

const COLUMNS = 7;

export function LeaderboardTable({ groups, caption, filtered }: LeaderboardTableProps) {
  const { ranked, provisional } = groups;
  const sharedRanks = countRanks(ranked);

  return (
    <div className="table-scroll">
      <table className="leaderboard" data-testid="leaderboard">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num rank">
              <abbr
                title={
                  filtered
                    ? "1 + the models whose interval lies wholly above; ▲▼ against the overall rank"
                    : "1 + the models whose interval lies wholly above"
                }
              >
                Rank
              </abbr>
            </th>
            <th scope="col" className="model">
              Model
            </th>
            <th scope="col" className="num">
              <abbr title="Bradley–Terry rating on the Elo scale, with its 95% interval">Rating</abbr>
            </th>
            <th scope="col" className="num">
              <abbr title="Online Elo, updated after every vote">Elo</abbr>
            </th>
            <th scope="col" className="num">
              Votes
            </th>
            <th scope="col" className="num">
              <abbr title="Wins plus half the ties, over all votes">Win rate</abbr>
            </th>
            <th scope="col" className="num">
              W / L / T
            </th>
          </tr>
        </thead>
        {ranked.length === 0 && provisional.length === 0 && (
          <tbody>
            <tr>
              <td colSpan={COLUMNS} className="empty-state">
                No votes yet — <Link href="/">go to the battle page and vote</Link>.
              </td>
            </tr>
          </tbody>
        )}
        {ranked.length > 0 && (
          <tbody>
            {ranked.map((row) => (
              <Row key={row.model} row={row}>
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
              <Row key={row.model} row={row}>
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

function Row({ row, children }: { row: LeaderboardRow; children: ReactNode }) {
  const interval = formatInterval(row.rating, row.ciLower, row.ciUpper);
  return (
    <tr data-testid="leaderboard-row" data-model={row.model}>
      {children}
      <th scope="row" className="model">
        {row.model}
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
