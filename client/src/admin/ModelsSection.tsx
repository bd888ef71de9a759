import { formatCount, formatTime } from "../format.ts";
import { adminApi } from "./adminApi.ts";
import { formatDuration } from "./adminFormat.ts";
import { AdminSection } from "./AdminSection.tsx";
import { AdminTable } from "./AdminTable.tsx";
import { useAdminText } from "./adminText.ts";
import { useRefreshedAdminData } from "./useAdminData.ts";

type Props = { token: string; onUnauthorized: () => void };

/** Every model, and for live ones how their endpoint behaves: streams, cool-down, failures, latency. */
export function ModelsSection({ token, onUnauthorized }: Props) {
  const { text } = useAdminText();
  const models = useRefreshedAdminData(() => adminApi.models(token), onUnauthorized);
  const none = text.sessions.none;

  return (
    <AdminSection heading={text.models.heading} intro={text.models.intro} onRefresh={models.refresh}>
      <AdminTable
        error={models.error}
        total={models.data?.models.length ?? null}
        empty={text.models.empty}
        busy={models.loading}
        testId="admin-models"
        columns={[
          text.models.model,
          text.models.kind,
          text.models.status,
          text.models.streams,
          text.models.waiting,
          text.models.answered,
          text.models.failed,
          text.models.failuresInARow,
          text.models.latency,
        ]}
      >
        {models.data?.models.map(({ id, kind, live }) => (
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
      </AdminTable>
    </AdminSection>
  );
}
