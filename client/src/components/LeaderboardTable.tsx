import type { LeaderboardRow } from "@arena/shared/protocol";
import { formatInterval, formatRating, formatWinRate } from "../format.ts";
import { Link } from "./Link.tsx";

type LeaderboardTableProps = { rows: LeaderboardRow[]; caption: string };

export function LeaderboardTable({ rows, caption }: LeaderboardTableProps) {
  return (
    <div className="table-scroll">
      <table className="leaderboard" data-testid="leaderboard">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num rank">
              Rank
            </th>
            <th scope="col" className="model">
              Model
            </th>
            <th scope="col" className="num">
              <abbr title="Main score on the Elo scale, with its 95% interval when computed">Rating</abbr>
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
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={7} className="empty-state">
                No votes yet — <Link href="/">go to the battle page and vote</Link>.
              </td>
            </tr>
          ) : (
            rows.map((row) => <Row key={row.model} row={row} />)
          )}
        </tbody>
      </table>
    </div>
  );
}

function Row({ row }: { row: LeaderboardRow }) {
  const interval = formatInterval(row.rating, row.ciLower, row.ciUpper);
  return (
    <tr data-testid="leaderboard-row" data-model={row.model}>
      <td className="num rank">{row.rank}</td>
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
