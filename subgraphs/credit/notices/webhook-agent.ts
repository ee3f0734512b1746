/**
 * How the notices worker reaches a webhook. An organisation registers its own webhook address
 * (registerNoticeContact), so what the worker connects to is chosen by a caller: it must not be
 * a way into the platform's network (found in review: a registered address that answered with a
 * redirect to 127.0.0.2, a metadata-style path, got the worker's POST; the notice log's outcome
 * told open ports from closed ones). So:
 *
 * - a redirect is never followed: a 3xx is a failed try like any other non-2xx;
 * - in production every address the worker connects to — after DNS, at connect time, so a name
 *   that resolves elsewhere on the next lookup gains nothing — must be public: loopback, private
 *   (RFC 1918), carrier-grade NAT, link-local (cloud metadata at 169.254.169.254), unique-local,
 *   unspecified and IPv4-mapped forms of these are refused (outcome `EADDRNOTALLOWED`). Outside
 *   production, loopback receivers are allowed (the demo and the tests run them on 127.0.0.1).
 */
import { lookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";
import { Agent, buildConnector } from "undici";

const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  INTERNAL.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  INTERNAL.addSubnet(network, prefix, "ipv6");

/** Whether an IP address is one a caller-chosen webhook may not reach (IPv4-mapped IPv6 read as its IPv4). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return INTERNAL.check(mapped, "ipv4");
  const family = isIP(address);
  if (family === 0) return true; // not an address: refuse
  return INTERNAL.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** A system-style error code (like ECONNREFUSED) for the notice log's outcome, not an API error code. */
const ADDRESS_NOT_ALLOWED = "EADDRNOTALLOWED";
const refused = (hostname: string) => Object.assign(new Error(`webhook host ${hostname} resolves to an internal address`), { code: ADDRESS_NOT_ALLOWED });

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that answers only public addresses (every one of them, when all are asked for). */
function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || addresses.some((a) => isInternalAddress(a.address))) return callback(refused(hostname), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/** The dispatcher of webhook tries: public addresses only in production (an IP literal is checked too: no lookup runs for it). */
export function webhookAgent(publicOnly: boolean): Agent {
  if (!publicOnly) return new Agent();
  // undici's own connector, its sockets resolving names through the public-only lookup.
  const connect = buildConnector({ lookup: publicLookup } as buildConnector.BuildOptions);
  return new Agent({
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[|\]$/g, "");
      if (isIP(host) !== 0 && isInternalAddress(host)) return callback(refused(host), null);
      return connect(options, callback);
    },
  });
}
