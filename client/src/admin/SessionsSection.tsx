import type { VoterReport } from "@arena/shared/admin";
import { type FormEvent, Fragment, useId, useState } from "react";

import { formatCount, formatTime } from "../format.ts";
import { adminApi, AdminApiError, adminApiErrorOf, type VoterOrder } from "./adminApi.ts";
import { AdminError } from "./AdminConsole.tsx";
import { formatPValue, shortSession } from "./adminFormat.ts";
import { AdminSection } from "./AdminSection.tsx";
import { AdminTable } from "./AdminTable.tsx";
import { type AdminText, useAdminText } from "./adminText.ts";
import { useAdminData } from "./useAdminData.ts";

const PAGE_SIZE = 50;

type Props = { token: string; revision: number; onChanged: () => void; onUnauthorized: () => void };

/** Every voter session, a page at a time, with exclude / restore. */
export function SessionsSection({ token, revision, onChanged, onUnauthorized }: Props) {
  const { text } = useAdminText();
  const orderId = useId();
  const [order, setOrder] = useState<VoterOrder>("votes");
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const voters = useAdminData(
    `${order}:${offset}:${revision}`,
    () => adminApi.voters(token, order, PAGE_SIZE, offset),
    onUnauthorized,
  );

  const columns = [
    text.sessions.session,
    text.sessions.votes,
    text.sessions.counted,
    text.sessions.firstVote,
    text.sessions.lastVote,
    text.sessions.standing,
    text.sessions.pValue,
    text.sessions.actions,
  ];

  return (
    <AdminSection heading={text.sessions.heading} intro={text.sessions.intro}>
      <div className="admin-toolbar">
        <label htmlFor={orderId}>{text.sessions.order}</label>
        <select
          id={orderId}
          value={order}
          onChange={(event) => {
            setOrder(event.target.value as VoterOrder);
            setOffset(0);
          }}
        >
          <option value="votes">{text.sessions.byVotes}</option>
          <option value="recent">{text.sessions.byRecent}</option>
        </select>
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <AdminTable
        error={voters.error}
        total={voters.data?.total ?? null}
        empty={text.sessions.empty}
        busy={voters.loading}
        testId="admin-sessions"
        columns={columns}
        pager={
          voters.data
            ? {
                offset,
                limit: PAGE_SIZE,
                shown: voters.data.voters.length,
                total: voters.data.total,
                onOffset: setOffset,
              }
            : undefined
        }
      >
        {voters.data?.voters.map((voter) => (
          <Fragment key={voter.sessionHash}>
            <tr data-testid="admin-session" data-session={voter.sessionHash}>
              <th scope="row">
                <code title={voter.sessionHash}>{shortSession(voter.sessionHash)}</code>
              </th>
              <td>{formatCount(voter.votes)}</td>
              <td>{formatCount(voter.countedVotes)}</td>
              <td>{formatTime(new Date(voter.firstVoteAt))}</td>
              <td>{formatTime(new Date(voter.lastVoteAt))}</td>
              <td>{describeStanding(voter, text)}</td>
              <td>{formatPValue(voter.pValue)}</td>
              <td>
                <button
                  type="button"
                  className="button button--quiet"
                  aria-expanded={editing === voter.sessionHash}
                  onClick={() => setEditing(editing === voter.sessionHash ? null : voter.sessionHash)}
                >
                  {isExcluded(voter) ? text.sessions.restore : text.sessions.exclude}
                </button>
              </td>
            </tr>
            {editing === voter.sessionHash && (
              <tr className="admin-edit-row">
                <td colSpan={columns.length}>
                  <StandingForm
                    token={token}
                    voter={voter}
                    text={text}
                    onCancel={() => setEditing(null)}
                    onDone={(message) => {
                      setEditing(null);
                      setAnnouncement(message);
                      onChanged();
                    }}
                    onUnauthorized={onUnauthorized}
                  />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </AdminTable>
    </AdminSection>
  );
}

function isExcluded(voter: VoterReport): boolean {
  return voter.standing?.status === "excluded";
}

function describeStanding(voter: VoterReport, text: AdminText): string {
  const standing = voter.standing;
  if (!standing) return text.sessions.counting;
  const source = standing.source === "admin" ? text.sessions.admin : text.sessions.anomaly;
  const status =
    standing.status === "excluded" ? text.sessions.excludedBy({ source }) : text.sessions.restoredBy({ source });
  return `${status}: ${standing.reason}`;
}

type StandingFormProps = {
  token: string;
  voter: VoterReport;
  text: AdminText;
  onCancel: () => void;
  onDone: (announcement: string) => void;
  onUnauthorized: () => void;
};

/** Why, then exclude or restore; the reason is kept with the standing for the other admins. */
function StandingForm({ token, voter, text, onCancel, onDone, onUnauthorized }: StandingFormProps) {
  const reasonId = useId();
  const excluding = !isExcluded(voter);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AdminApiError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const session = shortSession(voter.sessionHash);
      if (excluding) {
        await adminApi.exclude(token, voter.sessionHash, reason.trim());
        onDone(text.sessions.excluded({ session }));
      } else {
        await adminApi.restore(token, voter.sessionHash, reason.trim());
        onDone(text.sessions.restored({ session }));
      }
    } catch (failure) {
      if (failure instanceof AdminApiError && failure.status === 401) return onUnauthorized();
      setError(adminApiErrorOf(failure));
      setBusy(false);
    }
  }

  return (
    <form className="admin-standing-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={reasonId}>{text.sessions.reason}</label>
      <input
        id={reasonId}
        data-testid="admin-reason"
        value={reason}
        maxLength={500}
        required={excluding}
        autoFocus
        onChange={(event) => setReason(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
      />
      <button type="submit" className="button button--primary" disabled={busy}>
        {excluding ? text.sessions.confirmExclude : text.sessions.confirmRestore}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel}>
        {text.sessions.cancel}
      </button>
      <AdminError error={error} text={text} />
    </form>
  );
}
