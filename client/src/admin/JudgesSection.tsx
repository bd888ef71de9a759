import { useState } from "react";

import { formatCount, formatTime } from "../format.ts";
import { adminApi, AdminApiError, adminApiErrorOf } from "./adminApi.ts";
import { AdminSection } from "./AdminSection.tsx";
import { AdminTable } from "./AdminTable.tsx";
import { useAdminText } from "./adminText.ts";
import { useRefreshedAdminData } from "./useAdminData.ts";

type Props = { token: string; onUnauthorized: () => void };

/** Each LLM judge's queue and faults, with a retry of the judgings that gave no verdict. */
export function JudgesSection({ token, onUnauthorized }: Props) {
  const { text } = useAdminText();
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<AdminApiError | null>(null);
  const judges = useRefreshedAdminData(() => adminApi.judges(token), onUnauthorized);

  async function retry(judge: string) {
    setFailure(null);
    try {
      const { requeued } = await adminApi.retryJudge(token, judge);
      setAnnouncement(text.judges.requeued({ count: formatCount(requeued), judge }));
      judges.refresh();
    } catch (error) {
      if (error instanceof AdminApiError && error.status === 401) return onUnauthorized();
      setFailure(adminApiErrorOf(error));
    }
  }

  return (
    <AdminSection heading={text.judges.heading} intro={text.judges.intro} onRefresh={judges.refresh}>
      <p role="status">{announcement}</p>
      <AdminTable
        error={judges.error ?? failure}
        total={judges.data?.judges.length ?? null}
        empty={text.judges.none}
        busy={judges.loading}
        testId="admin-judges"
        columns={[
          text.judges.judge,
          text.judges.model,
          text.judges.state,
          text.judges.queued,
          text.judges.inFlight,
          text.judges.judged,
          text.judges.failed,
          text.judges.lastError,
          text.sessions.actions,
        ]}
      >
        {judges.data?.judges.map((judge) => (
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
      </AdminTable>
    </AdminSection>
  );
}
