import { useConnectionState } from "../hooks/useConnectionState.ts";
import { useT } from "../i18n/index.ts";

/** Tells the voter the page is offline; socket.io keeps retrying on its own, so there is no button. */
export function ConnectionBanner() {
  const state = useConnectionState();
  const { t } = useT();
  if (state === "connected") return null;
  return (
    // The CSS delays its appearance briefly, so a normal first connection does not flash it.
    <div className="connection-banner" role="status" data-testid="connection-banner">
      {state === "connecting" ? t("connection.connecting") : t("connection.reconnecting")}
    </div>
  );
}
