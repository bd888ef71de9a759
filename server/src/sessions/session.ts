/**
 * Anonymous voter sessions. The client keeps a random token and presents it in the socket.io
 * handshake; only its SHA-256 is stored, so the database cannot be used to impersonate a voter.
 */
import { createHash, randomBytes } from "node:crypto";
import { handshakeAuthSchema } from "@arena/shared/protocol";

export type VoterSession = { token: string; hash: string; isNew: boolean };

const TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

export function resolveSession(auth: unknown): VoterSession {
  const parsed = handshakeAuthSchema.safeParse(auth);
  const presented = parsed.success ? parsed.data.session : undefined;
  if (presented !== undefined && TOKEN.test(presented)) {
    return { token: presented, hash: hashToken(presented), isNew: false };
  }
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashToken(token), isNew: true };
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
