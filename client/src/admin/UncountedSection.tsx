import { useState } from "react";

import { formatCount, formatTime, languageName } from "../format.ts";
import { adminApi } from "./adminApi.ts";
import { shortSession } from "./adminFormat.ts";
import { AdminSection } from "./AdminSection.tsx";
import { AdminTable } from "./AdminTable.tsx";
import { useAdminText } from "./adminText.ts";
import { useAdminData } from "./useAdminData.ts";

const PAGE_SIZE = 50;

type Props = { token: string; revision: number; onUnauthorized: () => void };

/** Stored votes that count nowhere (flagged when stored, or left out by a policy), and why. */
export function UncountedSection({ token, revision, onUnauthorized }: Props) {
  const { text } = useAdminText();
  const [offset, setOffset] = useState(0);
  const votes = useAdminData(
    `${offset}:${revision}`,
    () => adminApi.uncounted(token, PAGE_SIZE, offset),
    onUnauthorized,
  );

  return (
    <AdminSection
      heading={
        <>
          {text.uncounted.heading}
          {votes.data && <span className="admin-count"> ({formatCount(votes.data.total)})</span>}
        </>
      }
      intro={text.uncounted.intro}
    >
      <AdminTable
        error={votes.error}
        total={votes.data?.total ?? null}
        empty={text.uncounted.empty}
        busy={votes.loading}
        testId="admin-uncounted"
        columns={[
          text.uncounted.battle,
          text.sessions.session,
          text.uncounted.models,
          text.uncounted.winner,
          text.uncounted.language,
          text.uncounted.votedAt,
          text.uncounted.why,
        ]}
        pager={
          votes.data
            ? { offset, limit: PAGE_SIZE, shown: votes.data.votes.length, total: votes.data.total, onOffset: setOffset }
            : undefined
        }
      >
        {votes.data?.votes.map((vote) => (
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
      </AdminTable>
    </AdminSection>
  );
}
