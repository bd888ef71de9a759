/**
 * GET /metrics: the operator's numbers for Prometheus. Who may read them:
 * - with ARENA_METRICS_TOKEN set, whoever sends `Authorization: Bearer <token>` (from anywhere);
 * - without it, clients on this machine or a private network (loopback, 10/8, 172.16/12,
 *   192.168/16, fc00::/7) — where a Prometheus usually runs — and nobody else. A request that
 *   came through a proxy the server does not trust (an X-Forwarded-For header while
 *   ARENA_TRUST_PROXY is 0) is from an unknown client and is refused: a reverse proxy on the
 *   same machine must not open the numbers to the whole internet.
 * The numbers name no voter, but they tell the arena's traffic and its live models' health.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import net from "node:net";

import type { HttpError } from "@arena/shared/protocol";
import type { Request, Response } from "express";

import type { ArenaMetrics } from "../metrics/arenaMetrics.ts";

const PRIVATE_NETWORKS = new net.BlockList();
PRIVATE_NETWORKS.addSubnet("127.0.0.0", 8, "ipv4");
PRIVATE_NETWORKS.addSubnet("10.0.0.0", 8, "ipv4");
PRIVATE_NETWORKS.addSubnet("172.16.0.0", 12, "ipv4");
PRIVATE_NETWORKS.addSubnet("192.168.0.0", 16, "ipv4");
PRIVATE_NETWORKS.addAddress("::1", "ipv6");
PRIVATE_NETWORKS.addSubnet("fc00::", 7, "ipv6");

/** Whether an address (as express or node gives it, IPv4-mapped included) is loopback or private. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE_NETWORKS.check(mapped, "ipv4");
  const bare = address.split("%")[0] ?? address;
  if (net.isIPv4(bare)) return PRIVATE_NETWORKS.check(bare, "ipv4");
  if (net.isIPv6(bare)) return PRIVATE_NETWORKS.check(bare, "ipv6");
  return false;
}

export type MetricsAccess = {
  /** ARENA_METRICS_TOKEN: when set, the bearer token every reader needs. */
  token: string | undefined;
  /** ARENA_TRUST_PROXY: proxies whose X-Forwarded-For is believed (req.ip already applies it). */
  trustProxy: number;
};

const sha256 = (text: string) => createHash("sha256").update(text).digest();

export function metricsHandler(metrics: ArenaMetrics, { token, trustProxy }: MetricsAccess) {
  const expected = token === undefined ? undefined : sha256(token);
  return async (req: Request, res: Response<string | HttpError>): Promise<void> => {
    res.set("Cache-Control", "no-store");
    if (expected !== undefined) {
      const presented = /^Bearer +(\S+) *$/i.exec(req.get("authorization") ?? "")?.[1];
      // Compared as digests, so the comparison takes the same time whatever the length.
      if (presented === undefined || !timingSafeEqual(sha256(presented), expected)) {
        res.set("WWW-Authenticate", 'Bearer realm="arena-metrics"');
        res.status(401).json({
          error: { code: "unauthorized", message: "/metrics needs Authorization: Bearer <ARENA_METRICS_TOKEN>." },
        });
        return;
      }
    } else {
      const proxiedUntrusted = trustProxy === 0 && req.get("x-forwarded-for") !== undefined;
      if (proxiedUntrusted || !isPrivateAddress(req.ip ?? req.socket.remoteAddress ?? "")) {
        res.status(403).json({
          error: {
            code: "forbidden",
            message:
              "/metrics answers only this machine and private networks; set ARENA_METRICS_TOKEN to read it from elsewhere.",
          },
        });
        return;
      }
    }
    const { contentType, body } = await metrics.scrape();
    res.type(contentType).send(body);
  };
}
