import { useId, useState } from "react";

import { formatCount, formatTime } from "../format.ts";
import { adminApi } from "./adminApi.ts";
import { AdminError } from "./AdminConsole.tsx";
import { formatDuration } from "./adminFormat.ts";
import { useAdminText } from "./adminText.ts";
import { useAdminData } from "./useAdminData.ts";

type Props = { token: string; onUnauthorized: () => void };

/** Every model, and for live ones how their endpoint behaves: streams, cool-down, failures, latency. */
export function ModelsSection({ token, onUnauthorized }: Props) {
  const { text } = useAdminText();
  const headingId = useId();
  const [reads, setReads] = useState(0);
  const models = useAdminData(String(reads), () => adminApi.models(token), onUnauthorized);
  const none = text.sessions.none;

  return (
    <section className="admin-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{text.models.heading}</h2>
      <p>{text.models.intro}</p>
      <button type="button" className="button button--quiet" onClick={() => setReads((value) => value + 1)}>
        {text.refresh}
      </button>
      <AdminError error={models.error} text={text} />
      {models.data && models.data.models.length === 0 && <p>{text.models.empty}</p>}
      {models.data && models.data.models.length > 0 && (
        <div className="table-scroll">
          <table className="admin-table" data-testid="admin-models" aria-busy={models.loading}>
            <thead>
              <tr>
                <th scope="col">{text.models.model}</th>
                <th scope="col">{text.models.kind}</th>
                <th scope="col">{text.models.status}</th>
                <th scope="col">{text.models.streams}</th>
                <th scope="col">{text.models.waiting}</th>
                <th scope="col">{text.models.answered}</th>
                <th scope="col">{text.models.failed}</th>
                <th scope="col">{text.models.failuresInARow}</th>
                <th scope="col">{text.models.latency}</th>
              </tr>
            </thead>
            <tbody>
              {models.data.models.map(({ id, kind, live }) => (
                <tr key={id} data-model={id}>
                  <th scope="row">{id}</th>
                  <td>{kind === "live" ? text.models.live : text.models.pack}</td>
                  <td>
                    {live?.coolingUntil
                      ? text.models.coolingUntil({ time: formatTime(new Date(live.coolingUntil)) })
                      : text.models.available}
                  </td>
                  <td>{live ? `${live.running} / ${live.maxConcurrent}` : none}</td>
                  <td>{live ? formatCount(live.waiting) : none}</td>
                  <td>{live ? formatCount(live.answered) : none}</td>
                  <td>{live ? formatCount(live.failed) : none}</td>
                  <td>{live ? formatCount(live.failuresInARow) : none}</td>
                  <td>
                    {live?.latencyMs
                      ? text.models.latencyValue({
                          median: formatDuration(live.latencyMs.median),
                          p90: formatDuration(live.latencyMs.p90),
                          samples: formatCount(live.latencyMs.samples),
                        })
                      : none}
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
