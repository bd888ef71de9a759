import { useId, useState } from "react";

import { formatCount, formatTime } from "../format.ts";
import { adminApi, AdminApiError, adminApiErrorOf } from "./adminApi.ts";
import { AdminError } from "./AdminConsole.tsx";
import { useAdminText } from "./adminText.ts";
import { useAdminData } from "./useAdminData.ts";

type Props = { token: string; onUnauthorized: () => void };

/** Each LLM judge's queue and faults, with a retry of the judgings that gave no verdict. */
export function JudgesSection({ token, onUnauthorized }: Props) {
  const { text } = useAdminText();
  const headingId = useId();
  const [reads, setReads] = useState(0);
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<AdminApiError | null>(null);
  const judges = useAdminData(String(reads), () => adminApi.judges(token), onUnauthorized);

  async function retry(judge: string) {
    setFailure(null);
    try {
      const { requeued } = await adminApi.retryJudge(token, judge);
      setAnnouncement(text.judges.requeued({ count: formatCount(requeued), judge }));
      setReads((value) => value + 1);
    } catch (error) {
      if (error instanceof AdminApiError && error.status === 401) return onUnauthorized();
      setFailure(adminApiErrorOf(error));
    }
  }

  return (
    <section className="admin-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{text.judges.heading}</h2>
      <p>{text.judges.intro}</p>
      <button type="button" className="button button--quiet" onClick={() => setReads((value) => value + 1)}>
        {text.refresh}
      </button>
      <p role="status">{announcement}</p>
      <AdminError error={judges.error ?? failure} text={text} />
      {judges.data && judges.data.judges.length === 0 && <p>{text.judges.none}</p>}
      {judges.data && judges.data.judges.length > 0 && (
        <div className="table-scroll">
          <table className="admin-table" data-testid="admin-judges" aria-busy={judges.loading}>
            <thead>
              <tr>
                <th scope="col">{text.judges.judge}</th>
                <th scope="col">{text.judges.model}</th>
                <th scope="col">{text.judges.state}</th>
                <th scope="col">{text.judges.queued}</th>
                <th scope="col">{text.judges.inFlight}</th>
                <th scope="col">{text.judges.judged}</th>
                <th scope="col">{text.judges.failed}</th>
                <th scope="col">{text.judges.lastError}</th>
                <th scope="col">{text.sessions.actions}</th>
              </tr>
            </thead>
            <tbody>
              {judges.data.judges.map((judge) => (
                <tr key={judge.id} data-judge={judge.id}>
                  <th scope="row">{judge.id}</th>
                  <td>{judge.model}</td>
                  <td>
                    {judge.coolDown.active && judge.coolDown.until
                      ? text.judges.resting({ time: formatTime(new Date(judge.coolDown.until)) })
                      : text.judges.working}
                  </td>
                  <td>{formatCount(judge.queued)}</td>
                  <td>{formatCount(judge.inFlight)}</td>
                  <td>{formatCount(judge.judged)}</td>
                  <td>{formatCount(judge.failed)}</td>
                  <td>
                    {judge.lastError
                      ? `${formatTime(new Date(judge.lastError.at))}: ${judge.lastError.message}`
                      : text.sessions.none}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--quiet"
                      disabled={judge.failed === 0}
                      onClick={() => void retry(judge.id)}
                    >
                      {text.judges.retry}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
