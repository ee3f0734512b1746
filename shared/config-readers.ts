/**
 * How shared/config.ts reads one variable: each reader checks its value, notes every problem in
 * `problems` (loadConfig lists them all at once) and answers the value or its fallback. Only
 * loadConfig calls them, with the environment it was given.
 */
import fs from "node:fs";
import net from "node:net";

/** Hosts (as `URL.hostname` writes them) that only this machine reaches: an http:// issuer there is tolerated in production. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * An issuer identifier: an http(s) URL without query, fragment or credentials (OpenID Connect
 * Discovery §3); in production https, unless the host is loopback (tokens and keys are fetched
 * from it: over plain http on a network, whoever sits in between could serve their own keys).
 */
export function issuerOf(value: string | undefined, nodeEnv: string, problems: string[]): string | undefined {
  if (!value) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    problems.push(`XINYI_OIDC_ISSUER must be an http(s) URL without query, fragment or credentials, got "${value}"`);
  } else if (nodeEnv === "production" && url.protocol !== "https:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    problems.push(`XINYI_OIDC_ISSUER must be an https URL in production (http only on 127.0.0.1, ::1 or localhost), got "${value}"`);
  }
  return value;
}

export const commaList = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);

/** A comma-separated list of IP addresses or CIDR ranges (`10.0.0.5`, `10.0.0.0/24`, `::1`). */
export function addressRanges(name: string, value: string | undefined, problems: string[]): string[] {
  const ranges = commaList(value);
  for (const range of ranges) {
    const [address, bits, extra] = range.split("/");
    const family = net.isIP(address);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max)))
      problems.push(`${name} must list IP addresses or CIDR ranges, got "${range}"`);
  }
  return ranges;
}

/** The issuing authority printed on special credit reports: one line of 2–40 characters. */
export function reportAuthority(raw: string | undefined, problems: string[]): string {
  const authority = (raw ?? "").trim() || "湖州市公共信用信息中心";
  if ([...authority].length < 2 || [...authority].length > 40 || /[\p{Cc}]/u.test(authority))
    problems.push(`XINYI_REPORT_AUTHORITY must be one line of 2–40 characters, got "${raw}"`);
  return authority;
}

/** The seal image must be a PNG or a JPEG (what a PDF embeds); an existing file is checked by its first bytes. */
export function sealFile(file: string | undefined, problems: string[]): string | undefined {
  if (!file || !fs.existsSync(file)) return file;
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  const png = head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const jpeg = head[0] === 0xff && head[1] === 0xd8;
  if (!png && !jpeg) problems.push(`XINYI_REPORT_SEAL_FILE must be a PNG or JPEG image: ${file}`);
  return file;
}

/** The 诚信码 channel's webhook and its signing secret: both or neither. */
export function codeChannel(env: NodeJS.ProcessEnv, problems: string[]): { url: string; secret: string } | undefined {
  const url = env.XINYI_CODE_CHANNEL_WEBHOOK || undefined;
  const secret = env.XINYI_CODE_CHANNEL_SECRET || "";
  if (!url) return undefined;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) problems.push(`XINYI_CODE_CHANNEL_WEBHOOK must be an http(s) URL, got "${url}"`);
  if (secret.length < 32) problems.push("XINYI_CODE_CHANNEL_SECRET must be set to at least 32 characters with XINYI_CODE_CHANNEL_WEBHOOK");
  return Object.freeze({ url, secret });
}

/** The origin (scheme, host, port) of a URL, or the URL itself when it does not parse (then reported by its own check). */
export const originOfUrl = (url: string): string => (URL.canParse(url) ? new URL(url).origin : url);

/**
 * An http(s) origin and nothing else — no path, query, fragment or credentials — in its canonical
 * form (`HTTPS://Credit.Example.gov.cn:443/` → `https://credit.example.gov.cn`); a problem otherwise.
 */
export function originOf(name: string, value: string, problems: string[]): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const ok = url && /^https?:$/.test(url.protocol) && !url.username && !url.password && url.pathname === "/" && !url.search && !url.hash;
  if (!ok || !url) {
    problems.push(`${name} must be an http(s) origin such as https://credit.example.gov.cn (no path, query or credentials), got "${value}"`);
    return value;
  }
  return url.origin;
}

/** Readers of environment variables that note every problem in `problems` and answer the fallback when unset. */
export function envReader(env: NodeJS.ProcessEnv, problems: string[]) {
  const integer = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) problems.push(`${name} must be ${min === 1 ? "a positive integer" : `an integer ≥ ${min}`}, got "${raw}"`);
    return n;
  };
  return {
    integer,
    positive: (name: string, fallback: number): number => integer(name, fallback, 1),
    port: (name: string, fallback: number): number => {
      const raw = env[name];
      if (raw === undefined || raw === "") return fallback;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 65535) problems.push(`${name} must be a port number 0–65535, got "${raw}"`);
      return n;
    },
    file: (name: string): string | undefined => {
      const value = env[name] || undefined;
      if (value && !fs.existsSync(value)) problems.push(`${name} names a file that does not exist: ${value}`);
      return value;
    },
    /** One of `allowed` (the fallback when undefined); a problem, and the fallback, otherwise. */
    oneOf: <T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T => {
      const value = allowed.find((a) => a === (raw ?? fallback));
      if (value === undefined) problems.push(`${name} must be ${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}, got "${raw}"`);
      return value ?? fallback;
    },
  };
}
