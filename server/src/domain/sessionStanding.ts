/**
 * A decision about a voter session: `excluded` sessions' votes count nowhere; `restored` keeps a
 * session counted even when the anomaly check would exclude it (an admin's override).
 */
export type SessionStanding = {
  sessionHash: string;
  status: "excluded" | "restored";
  /** Who decided: an admin, or the automatic anomaly check. */
  source: "admin" | "anomaly";
  reason: string;
  updatedAt: Date;
};
