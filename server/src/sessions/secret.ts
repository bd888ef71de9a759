/**
 * The key that signs voter sessions: ARENA_SESSION_SECRET when set, otherwise one generated at the
 * first start and kept beside the database (readable by the server's user only), so sessions
 * survive restarts without any setup.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function loadSessionSecret(fromEnvironment: string | undefined, databaseFile: string): Buffer {
  if (fromEnvironment) return Buffer.from(fromEnvironment, "utf8");
  const folder = databaseFile === ":memory:" ? undefined : path.dirname(databaseFile);
  if (!folder) return randomBytes(32);
  const file = path.join(folder, "session-secret");
  try {
    return Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64url");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(folder, { recursive: true });
  const secret = randomBytes(32);
  // "wx": never overwrite a secret another process just wrote.
  try {
    fs.writeFileSync(file, secret.toString("base64url"), { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadSessionSecret(undefined, databaseFile);
    throw error;
  }
}
