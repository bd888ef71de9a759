import { useSyncExternalStore } from "react";
import { socket } from "../socket.ts";

/** `connecting` before the first connection, `reconnecting` after losing one. */
export type ConnectionState = "connected" | "connecting" | "reconnecting";

let everConnected = socket.connected;

function subscribe(onChange: () => void): () => void {
  const onConnect = () => {
    everConnected = true;
    onChange();
  };
  socket.on("connect", onConnect);
  socket.on("disconnect", onChange);
  return () => {
    socket.off("connect", onConnect);
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
