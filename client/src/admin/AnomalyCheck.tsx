import type { CheckResult } from "@arena/shared/admin";
import { useState } from "react";

import { formatCount } from "../format.ts";
import { adminApi, AdminApiError, adminApiErrorOf } from "./adminApi.ts";
import { AdminError } from "./AdminConsole.tsx";
import { AdminSection } from "./AdminSection.tsx";
import { useAdminText } from "./adminText.ts";

type Props = { token: string; onChanged: () => void; onUnauthorized: () => void };

/** Runs the anomaly check on request and says what it found and changed. */
export function AnomalyCheck({ token, onChanged, onUnauthorized }: Props) {
  const { text } = useAdminText();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<CheckResult | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);

  async function run() {
    setRunning(true);
    setError(null);
    try {
      setResult(await adminApi.anomalyCheck(token));
      onChanged();
    } catch (failure) {
      if (failure instanceof AdminApiError && failure.status === 401) return onUnauthorized();
      setError(adminApiErrorOf(failure));
    } finally {
      setRunning(false);
    }
  }

  return (
    <AdminSection heading={text.check.heading} intro={text.check.intro}>
      <button type="button" className="button" disabled={running} onClick={() => void run()}>
        {running ? text.check.running : text.check.run}
      </button>
      <p role="status" data-testid="admin-check-result">
        {result &&
          text.check.result({
            sessions: formatCount(result.sessions),
            tested: formatCount(result.testedSessions),
            excluded: formatCount(result.excluded.length),
            newly: formatCount(result.newlyExcluded.length),
            cleared: formatCount(result.cleared.length),
          })}
      </p>
      <AdminError error={error} text={text} />
    </AdminSection>
  );
}
