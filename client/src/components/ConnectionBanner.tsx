import { useConnectionState } from "../hooks/useConnectionState.ts";

/** Tells the voter the page is offline; socket.io keeps retrying on its own, so there is no button. */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state === "connected") return null;
  return (
    // The CSS delays its appearance briefly, so a normal first connection does not flash it.
    <div className="connection-banner" role="status">
      {state === "connecting" ? "Connecting…" : "Reconnecting…"}
    </div>
  );
}
