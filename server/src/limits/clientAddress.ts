/**
 * Which address a request comes from, and the key it is counted under. X-Forwarded-For is believed
 * only for as many hops as ARENA_TRUST_PROXY says, exactly as express's `trust proxy` with a number
 * does for req.ip, so HTTP and socket.io count a client under the same address.
 */
import net from "node:net";

/**
 * The client address: with `trustedHops` proxies in front, the entry that many hops back in
 * [socket peer, ...X-Forwarded-For from right to left] (the leftmost entry if there are fewer).
 * Anything further left was written by the client and proves nothing.
 */
export function clientAddress(peer: string, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  if (trustedHops <= 0 || forwardedFor === undefined) return peer;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const hops = [peer, ...forwarded.reverse()];
  return hops[Math.min(trustedHops, hops.length - 1)] ?? peer;
}

/**
 * The key an address is counted under: IPv4 as is (also when IPv4-mapped, `::ffff:1.2.3.4`), IPv6
 * by its /64, since one subscriber usually holds a whole /64 and could otherwise switch addresses
 * at will to escape every per-address limit.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  const bare = address.split("%")[0] ?? address; // drop a zone id (fe80::1%eth0)
  if (!net.isIPv6(bare)) return address;
  return `${ipv6Groups(bare).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) stands for two groups.
  const groups = (part: string) =>
    part === "" ? [] : part.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group]));
  const [head = "", tail] = address.split("::");
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return all.map((group) => parseInt(group, 16).toString(16));
}
