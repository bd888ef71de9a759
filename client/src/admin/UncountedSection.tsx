import { useId, useState } from "react";

import { formatCount, formatTime, languageName } from "../format.ts";
import { adminApi } from "./adminApi.ts";
import { AdminError } from "./AdminConsole.tsx";
import { shortSession } from "./adminFormat.ts";
import { useAdminText } from "./adminText.ts";
import { Pager } from "./Pager.tsx";
import { useAdminData } from "./useAdminData.ts";

const PAGE_SIZE = 50;

type Props = { token: string; revision: number; onUnauthorized: () => void };

/** Stored votes that count nowhere (flagged when stored, or left out by a policy), and why. */
export function UncountedSection({ token, revision, onUnauthorized }: Props) {
  const { text } = useAdminText();
  const headingId = useId();
  const [offset, setOffset] = useState(0);
  const votes = useAdminData(
    `${offset}:${revision}`,
    () => adminApi.uncounted(token, PAGE_SIZE, offset),
    onUnauthorized,
  );

  return (
    <section className="admin-section" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {text.uncounted.heading}
        {votes.data && <span className="admin-count"> ({formatCount(votes.data.total)})</span>}
      </h2>
      <p>{text.uncounted.intro}</p>
      <AdminError error={votes.error} text={text} />
      {votes.data && votes.data.total === 0 && <p>{text.uncounted.empty}</p>}
      {votes.data && votes.data.total > 0 && (
        <>
          <div className="table-scroll">
            <table className="admin-table" data-testid="admin-uncounted" aria-busy={votes.loading}>
              <thead>
                <tr>
                  <th scope="col">{text.uncounted.battle}</th>
                  <th scope="col">{text.sessions.session}</th>
                  <th scope="col">{text.uncounted.models}</th>
                  <th scope="col">{text.uncounted.winner}</th>
                  <th scope="col">{text.uncounted.language}</th>
                  <th scope="col">{text.uncounted.votedAt}</th>
                  <th scope="col">{text.uncounted.why}</th>
                </tr>
              </thead>
              <tbody>
                {votes.data.votes.map((vote) => (
                  <tr key={vote.battleId}>
                    <th scope="row">
                      <code>{vote.battleId}</code>
                    </th>
                    <td>
                      <code title={vote.sessionHash}>{shortSession(vote.sessionHash)}</code>
                    </td>
                    <td>
                      {vote.modelA} – {vote.modelB}
                    </td>
                    <td>{vote.winner}</td>
                    <td>{languageName(vote.language)}</td>
                    <td>{formatTime(new Date(vote.votedAt))}</td>
                    <td>
                      <code>{vote.reason}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            offset={offset}
            limit={PAGE_SIZE}
            shown={votes.data.votes.length}
            total={votes.data.total}
            onOffset={setOffset}
          />
        </>
      )}
    </section>
  );
}
