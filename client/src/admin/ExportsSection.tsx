import type { ExportFormat } from "@arena/shared/admin";
import { BATTLE_FILE_FORMATS } from "@arena/shared/battleFileFormats";
import { useState } from "react";

import { adminApi, AdminApiError, adminApiErrorOf } from "./adminApi.ts";
import { AdminError } from "./AdminConsole.tsx";
import { AdminSection } from "./AdminSection.tsx";
import { useAdminText } from "./adminText.ts";

type Props = { token: string; onUnauthorized: () => void };

/**
 * The export downloads. A plain link cannot carry the bearer token, so the file is fetched with it
 * and handed to the browser as a blob.
 */
export function ExportsSection({ token, onUnauthorized }: Props) {
  const { text } = useAdminText();
  const [preparing, setPreparing] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<AdminApiError | null>(null);

  async function download(format: ExportFormat) {
    setPreparing(format);
    setError(null);
    try {
      const { blob, fileName } = await adminApi.export(token, format);
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName;
      link.click();
      // After the click has handed the file over.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (failure) {
      if (failure instanceof AdminApiError && failure.status === 401) return onUnauthorized();
      setError(adminApiErrorOf(failure));
    } finally {
      setPreparing(null);
    }
  }

  return (
    <AdminSection heading={text.exports.heading} intro={text.exports.intro}>
      <div className="admin-toolbar">
        {BATTLE_FILE_FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            className="button"
            data-testid={`admin-export-${format}`}
            disabled={preparing !== null}
            onClick={() => void download(format)}
          >
            {text.exports.download({ format: format.toUpperCase() })}
          </button>
        ))}
      </div>
      <p role="status">{preparing && text.exports.preparing}</p>
      <AdminError error={error} text={text} />
    </AdminSection>
  );
}
