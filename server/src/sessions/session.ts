/**
 * Anonymous voter sessions, signed by the server. A token is `<id>.<mac>`: a random id and an
 * HMAC-SHA256 of it under the server's secret, so a client cannot make up or alter a token to pass
 * as another voter — a token that does not verify simply starts a new session. Only a SHA-256 of
 * the token is stored, so the database cannot be used to impersonate a voter either.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

import { handshakeAuthSchema } from "@arena/shared/protocol";

export type VoterSession = { token: string; hash: string; isNew: boolean };
export type SessionResolver = (auth: unknown) => VoterSession;

const TOKEN = /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{22})$/;

export function createSessionResolver(secret: Buffer): SessionResolver {
  const macOf = (id: string) => createHmac("sha256", secret).update(id).digest().subarray(0, 16);
  const verifies = (token: string) => {
    const match = TOKEN.exec(token);
    if (!match) return false;
    const presented = Buffer.from(match[2]!, "base64url");
    return presented.length === 16 && timingSafeEqual(presented, macOf(match[1]!));
  };
  return (auth) => {
    const parsed = handshakeAuthSchema.safeParse(auth);
    const presented = parsed.success ? parsed.data.session : undefined;
    if (presented !== undefined && verifies(presented)) {
      return { token: presented, hash: hashToken(presented), isNew: false };
    }
    const id = randomBytes(18).toString("base64url");
    const token = `${id}.${macOf(id).toString("base64url")}`;
    return { token, hash: hashToken(token), isNew: true };
  };
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
