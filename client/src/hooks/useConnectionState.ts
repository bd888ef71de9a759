import { useSyncExternalStore } from "react";

import { socket } from "../socket.ts";

/** `connecting` before the first connection, `reconnecting` after losing one. */
export type ConnectionState = "connected" | "connecting" | "reconnecting";

// Module-level, so a connection made before any component subscribes is not missed.
let everConnected = socket.connected;
socket.on("connect", () => {
  everConnected = true;
});

function subscribe(onChange: () => void): () => void {
  socket.on("connect", onChange);
  socket.on("disconnect", onChange);
  return () => {
    socket.off("connect", onChange);
    socket.off("disconnect", onChange);
  };
}

function snapshot(): ConnectionState {
  if (socket.connected) return "connected";
  return everConnected ? "reconnecting" : "connecting";
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribe, snapshot);
}
