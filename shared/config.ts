/**
 * The process configuration: every environment variable the project reads is read here, validated
 * at once (all problems listed together, fastify `initial-config-validation` style), and frozen.
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | NODE_ENV | development, test or production | development |
 * | HOST | interface to listen on | 127.0.0.1 |
 * | PORT | gateway port | 4000 |
 * | XINYI_DATA_DIR | folder of the SQLite files and demo secrets | <project root>/data |
 * | XINYI_GATEWAY_SECRET | HMAC secret shared by gateway and subgraphs (≥ 32 chars) | required |
 * | XINYI_<DEPT>_PORT | a subgraph's port | 4001, 4002, … |
 * | XINYI_<DEPT>_URL | where the gateway reaches a subgraph | http://127.0.0.1:<port>/graphql |
 * | DATABASE_URL | PostgreSQL for every department (a schema per department) | unset: SQLite |
 * | DATABASE_URL_<DEPT> | PostgreSQL database for one department | DATABASE_URL |
 * | XINYI_JWT_SECRET | HS256 key of bearer tokens (≥ 32 chars) | npm start creates one under data/ |
 * | XINYI_JWT_PUBLIC_KEY_FILE | PEM public key for RS256/ES256 tokens | unset |
 * | XINYI_JWKS_FILE | JWKS file of public keys for RS256/ES256 tokens | unset |
 * | XINYI_JWT_PRIVATE_KEY_FILE | PEM private key, for `npm run token` with RS256/ES256 | unset |
 * | XINYI_JWT_ISSUER / XINYI_JWT_AUDIENCE | required `iss` of the tokens the keys above sign / `aud` of every token | xinyi / xinyi-gateway |
 * | XINYI_OIDC_ISSUER | an OpenID provider (issuer URL; https in production unless loopback): the gateway accepts its access tokens by discovery and JWKS, the web app signs in there | npm start: its embedded provider (never in production) |
 * | XINYI_OIDC_CLIENT_ID | the web app's client id at that provider (public client, code + PKCE) | xinyi-web |
 * | XINYI_OIDC_JWKS_COOLDOWN_MS | shortest time between two fetches of the provider's JWKS (a token with an unknown `kid` fetches again) | 30000 |
 * | XINYI_OIDC_PORT | the embedded provider's port (`npm start`, not in production) | 4090 |
 * | XINYI_OIDC_ACCESS_TOKEN_TTL_SECONDS | lifetime of the embedded provider's access tokens | 1800 |
 * | XINYI_OIDC_APPLICANT_SUBJECTS | the firm(s) the embedded provider's demo applicant acts for (claim `subjects`), comma-separated | npm start: its example subject |
 * | XINYI_OIDC_RESIDENT_SUBJECT / XINYI_OIDC_MERCHANT_SUBJECT | the person / organisation the embedded provider's demo `resident` / `merchant` is (claim `self`) | npm start: a person with a registered 诚信码 / its example subject |
 * | XINYI_POLICY_FILE | the scoring policy (JSON) the evaluation subgraph applies | subgraphs/evaluation/policy/policy-2026.1.json |
 * | XINYI_RATE_LIMIT_PER_MINUTE | operations per minute per token subject | 600 |
 * | XINYI_IP_RATE_LIMIT_PER_MINUTE | operations per minute per client IP | 1200 |
 * | XINYI_COST_PER_MINUTE | estimated operation cost per minute per token subject | 3000000 |
 * | XINYI_ANONYMOUS_COST_PER_MINUTE | estimated operation cost per minute per client IP of anonymous callers | 20000 |
 * | XINYI_MAX_OPERATION_COST | largest estimated cost of one operation | 20000 |
 * | XINYI_LOOKUP_MISSES_PER_HOUR | `subject(id)` lookups finding nobody, per token subject without pii:read | 100 |
 * | XINYI_PERSON_IDS_PER_HOUR | full person ID numbers named in operations, per token subject without pii:read | 60 |
 * | XINYI_PERSON_IDS_PER_HOUR_WRITERS | the same for tokens that only record data (dept:<name>, code:register) | 2000 |
 * | XINYI_JWT_MAX_LIFETIME_SECONDS | longest accepted token lifetime | 86400 |
 * | XINYI_CORS_ORIGINS | comma-separated browser origins allowed by CORS | none |
 * | XINYI_TRUSTED_DOCUMENTS | `required`: browsers may send only the web app's trusted documents, by id | off |
 * | XINYI_SUBGRAPH_TIMEOUT_MS, XINYI_<DEPT>_TIMEOUT_MS | longest wait for a department's answer | 5000 |
 * | XINYI_CIRCUIT_FAILURES, XINYI_CIRCUIT_COOLDOWN_MS | consecutive failures that open a department's circuit; how long it stays open | 5, 5000 |
 * | XINYI_READY_INTERVAL_MS | how often /readyz re-checks the departments | 2000 |
 * | XINYI_AUDIT_DRAIN_INTERVAL_MS | how often the gateway carries department changes its audit log lacks into it (also once at start); 0: at start only | 60000 |
 * | XINYI_AUDIT_DRAIN_SETTLE_MS | how old a department change must be before the drainer takes it (an operation in flight brings its own) | 60000 |
 * | XINYI_LOG_LEVEL | JSON logs with request ids: silent, error, warn, info (every request), debug | warn (silent under test) |
 * | XINYI_DEMO_SUBJECTS | subjects `npm start` seeds on its first run | 2000 |
 * | XINYI_REDIS_URL | Redis (`redis://` or `rediss://`) keeping the gateways' limits, budgets and replay guard for every gateway process (gateway/src/redis-store.ts) | unset: each gateway (or its workers' primary) keeps its own |
 * | XINYI_REDIS_TIMEOUT_MS | longest wait for one Redis command | 250 |
 * | XINYI_TRUSTED_PROXIES | comma-separated addresses or CIDR ranges of the load balancers in front of the gateway: from them, the client's address is taken from X-Forwarded-For | none: the connection's address |
 * | XINYI_GATEWAY_URL | where platform services (incentives) reach the gateway | http://127.0.0.1:<PORT>/graphql |
 * | XINYI_PUBLIC_URL | the origin people reach the platform at: every URL built for a person (a report's verification link and QR code) uses it, never a request's Host | the origin of XINYI_GATEWAY_URL |
 * | XINYI_CODE_KEY_FILE | Ed25519 private key (PEM) signing 个人诚信码 presentations (credit office and incentives read it) | <data dir>/code-key.pem, created on first use |
 * | XINYI_REPORT_KEY_FILE | Ed25519 private key (PEM) signing special credit reports | <data dir>/report-key.pem, created on first use |
 * | XINYI_UPLOAD_MAX_BYTES | largest file POSTed to an upload route (e.g. a PDF to /verify) | 10485760 |
 * | XINYI_UPLOADS_IN_FLIGHT | uploads streaming at once in a gateway process | 4 |
 * | XINYI_UPLOADS_PER_IP_PER_MINUTE | uploads per client address per minute | 30 |
 * | XINYI_UPLOAD_KEEP_HOURS | hours an upload never filed (repair-materials/uploads/, and a crashed upload's .part- file) is kept before the gateway's hourly sweep removes it | 24 |
 * | XINYI_REPORTS_PER_ISSUER_PER_HOUR | special credit reports one issuer (token subject) may issue in an hour | 30 |
 * | XINYI_REPORT_YEARS | years a special credit report covers by default | 5 |
 * | XINYI_REPORT_AUTHORITY | the issuing authority printed at the head of a special credit report (2–40 characters) | 湖州市公共信用信息中心 |
 * | XINYI_REPORT_SEAL_FILE | a PNG or JPEG image of the issuing authority's seal, printed in the report's seal area | unset: an empty framed area labelled 签章处 |
 * | XINYI_NOTICES_PORT | the notices worker's health port (`/healthz`; the worker beside the credit office, subgraphs/credit/notices/) | 4080 |
 * | XINYI_NOTICES_INTERVAL_MS | how often the notices worker reads the departments' outboxes, scans due dates and delivers | 15000 |
 * | XINYI_CODE_CHANNEL_WEBHOOK | the 诚信码 channel's webhook (http(s) URL): persons' notices are POSTed there, signed | unset: persons' notices wait queued |
 * | XINYI_CODE_CHANNEL_SECRET | the secret signing what is POSTed to that webhook (≥ 32 characters; required with it) | unset |
 * | XINYI_NOTICE_MAX_TRIES | tries of a notice before it is DEAD_LETTER | 8 |
 * | XINYI_NOTICES_PER_CHANNEL_PER_MINUTE | tries one channel (the 诚信码 channel, an organisation's webhook) gets in a minute | 60 |
 * | XINYI_NOTICE_LEASE_SECONDS | how long a worker's claim on a notice holds (a crashed worker's send is taken over after it); a try waits at most half of it | 120 |
 * | XINYI_INCENTIVE_CATALOGUE | the 信易+ catalogue (JSON) the incentives subgraph serves | subgraphs/incentives/catalogue/catalogue-2026.1.json |
 *
 * `<DEPT>` is the department name upper-cased with `-` as `_` (e.g. PUBLIC_RESOURCES).
 */
import path from "node:path";
import { addressRanges, codeChannel, commaList, envReader, issuerOf, originOf, originOfUrl, reportAuthority, sealFile } from "./config-readers.js";
import { DEPARTMENTS, type DepartmentName } from "./departments.js";
import { PROJECT_ROOT } from "./paths.js";

export { LOOPBACK_HOSTS } from "./config-readers.js";

export interface DepartmentConfig {
  port: number;
  url: string;
  /** Longest wait for the department's answer at the gateway, in ms. */
  timeoutMs: number;
  /** PostgreSQL connection string; unset means a SQLite file under `dataDir`. */
  databaseUrl?: string;
}

export interface AuthConfig {
  hmacSecret?: string;
  publicKeyFile?: string;
  jwksFile?: string;
  privateKeyFile?: string;
  issuer: string;
  audience: string;
  /** Longest accepted token lifetime in seconds (`exp` − `iat`). */
  maxLifetimeSeconds: number;
  /** An OpenID provider whose access tokens are accepted too (its keys by discovery and JWKS); the web app signs in there. */
  oidcIssuer?: string;
  /** The web app's client id at that provider. @default "xinyi-web" */
  oidcClientId?: string;
  /** Shortest time between two fetches of the provider's JWKS, in ms. @default 30000 */
  oidcJwksCooldownMs?: number;
}

export interface Config {
  nodeEnv: "development" | "test" | "production";
  host: string;
  gatewayPort: number;
  dataDir: string;
  gatewaySecret: string;
  departments: Readonly<Record<DepartmentName, Readonly<DepartmentConfig>>>;
  auth: Readonly<AuthConfig>;
  rateLimit: Readonly<{
    perSubjectPerMinute: number;
    perIpPerMinute: number;
    costPerMinute: number;
    anonymousCostPerMinute: number;
    lookupMissesPerHour: number;
    personIdsPerHour: number;
    personIdsPerHourWriters: number;
  }>;
  /** Circuit breakers per department at the gateway. */
  circuit: Readonly<{ failureThreshold: number; coolDownMs: number }>;
  /** Longest wait for a subgraph that is not one of ours (`npm run gateway -- --supergraph`): XINYI_SUBGRAPH_TIMEOUT_MS. */
  subgraphTimeoutMs: number;
  /** How often the gateway checks the departments' health for /readyz, in ms. */
  readyIntervalMs: number;
  /** The gateway's change drainer (gateway/src/audit/change-drainer.ts): every `intervalMs` (0: at start only), changes at least `settleMs` old. */
  auditDrain: Readonly<{ intervalMs: number; settleMs: number }>;
  /** How far the gateway's V8 old generation may grow past what survived its last full GC, in %; 0: V8's own policy (up to 300 %). */
  gatewayHeapGrowingPercent: number;
  /** Gateway worker processes on its port (node:cluster); 1: the gateway is one process. */
  gatewayWorkers: number;
  /** Redis keeping the limits and the replay guard for every gateway process (unset: each machine keeps its own), and the longest wait for one command. */
  redis: Readonly<{ url?: string; timeoutMs: number }>;
  /** Addresses or CIDR ranges of the load balancers whose X-Forwarded-For the gateway believes (the client's address for per-address limits). */
  trustedProxies: readonly string[];
  /** Level of the JSON logs (pino) every process writes; "silent" turns them off. */
  logLevel: "silent" | "error" | "warn" | "info" | "debug";
  /** "required": browser clients may send only the web app's trusted documents (by id); "off": any document (gateway/src/plugins/use-trusted-documents.ts). */
  trustedDocuments: "off" | "required";
  /** Subjects `npm start` seeds on its first run. */
  demoSubjects: number;
  /** Browser origins allowed by CORS; none by default. */
  corsOrigins: readonly string[];
  /** The gateway's upload path (gateway/src/uploads.ts). */
  uploads: Readonly<{ maxBytes: number; inFlight: number; perIpPerMinute: number; keepHours: number }>;
  /** Largest estimated cost of one operation (gateway/src/cost.ts). */
  maxOperationCost: number;
  /** The scoring policy file; unset: the evaluation subgraph's default policy. */
  policyFile?: string;
  /** The gateway's GraphQL URL, for platform services that read through it. */
  gatewayUrl: string;
  /** The origin people reach the platform at (`https://credit.example.gov.cn`): URLs built for a person use it, never a request's Host. */
  publicUrl: string;
  /** The 信易+ catalogue file; unset: the incentives subgraph's default catalogue. */
  incentiveCatalogueFile?: string;
  /** 个人诚信码 presentations: the signing key (unset: created under the data folder). */
  codes: Readonly<{ keyFile?: string }>;
  /** The notices worker (subgraphs/credit/notices/): health port, pass interval, delivery limits, the 诚信码 channel's webhook. */
  notices: Readonly<{
    port: number;
    intervalMs: number;
    maxTries: number;
    perChannelPerMinute: number;
    /** How long a claim on a notice holds (a crashed worker's send is taken over after it). */
    leaseSeconds: number;
    codeChannel?: Readonly<{ url: string; secret: string }>;
  }>;
  /**
   * Special credit reports: the signing key (unset: created under the data folder), the default
   * period in years, the issuing authority printed on them and its seal image (unset: no seal is drawn).
   */
  reports: Readonly<{ keyFile?: string; years: number; perIssuerPerHour: number; authority: string; sealFile?: string }>;
  /** The embedded OpenID provider of `npm start` (scripts/oidc-provider.ts): its port, access-token lifetime, and the firms its demo applicant acts for. */
  oidcProvider: Readonly<{
    port: number;
    accessTokenTtlSeconds: number;
    applicantSubjects: readonly string[];
    residentSubject?: string;
    merchantSubject?: string;
  }>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The env-variable infix of a department: `public-resources` → `PUBLIC_RESOURCES`. */
export const envName = (department: string): string => department.toUpperCase().replace(/-/g, "_");

/** The data folder: `XINYI_DATA_DIR`, else `data/` in the project root (whatever the working directory). */
export const resolveDataDir = (env: NodeJS.ProcessEnv = process.env): string => path.resolve(env.XINYI_DATA_DIR || path.join(PROJECT_ROOT, "data"));

/** Each department's port, URL, database and timeout. */
function departmentConfigs(env: NodeJS.ProcessEnv, read: ReturnType<typeof envReader>, problems: string[]): Record<DepartmentName, DepartmentConfig> {
  const departments = {} as Record<DepartmentName, DepartmentConfig>; // filled below, one entry per name
  for (const d of DEPARTMENTS) {
    const key = envName(d.name);
    const p = read.port(`XINYI_${key}_PORT`, d.defaultPort);
    const url = env[`XINYI_${key}_URL`] || `http://127.0.0.1:${p}/graphql`;
    if (!/^https?:\/\//.test(url)) problems.push(`XINYI_${key}_URL must be an http(s) URL, got "${url}"`);
    const databaseUrl = env[`DATABASE_URL_${key}`] || env.DATABASE_URL || undefined;
    if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
      problems.push(`DATABASE_URL${env[`DATABASE_URL_${key}`] ? `_${key}` : ""} must be a postgres:// URL`);
    }
    const timeoutMs = read.positive(`XINYI_${key}_TIMEOUT_MS`, read.positive("XINYI_SUBGRAPH_TIMEOUT_MS", 5000));
    departments[d.name] = Object.freeze({ port: p, url, databaseUrl, timeoutMs });
  }
  return departments;
}

/** The per-caller and per-IP limits. */
function rateLimitConfig(positive: (name: string, fallback: number) => number): Config["rateLimit"] {
  return Object.freeze({
    perSubjectPerMinute: positive("XINYI_RATE_LIMIT_PER_MINUTE", 600),
    perIpPerMinute: positive("XINYI_IP_RATE_LIMIT_PER_MINUTE", 1200),
    costPerMinute: positive("XINYI_COST_PER_MINUTE", 3_000_000),
    anonymousCostPerMinute: positive("XINYI_ANONYMOUS_COST_PER_MINUTE", 20_000),
    lookupMissesPerHour: positive("XINYI_LOOKUP_MISSES_PER_HOUR", 100),
    personIdsPerHour: positive("XINYI_PERSON_IDS_PER_HOUR", 60),
    personIdsPerHourWriters: positive("XINYI_PERSON_IDS_PER_HOUR_WRITERS", 2000),
  });
}

/** Reads and validates the configuration; throws a `ConfigError` listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const problems: string[] = [];
  const read = envReader(env, problems);
  const { port, integer, positive, file } = read;
  const nodeEnv = read.oneOf("NODE_ENV", env.NODE_ENV, ["development", "test", "production"], "development");
  const gatewaySecret = env.XINYI_GATEWAY_SECRET ?? "";
  if (gatewaySecret.length < 32) {
    problems.push("XINYI_GATEWAY_SECRET must be set to at least 32 characters (npm start creates one under data/)");
  }
  const host = env.HOST || "127.0.0.1";
  const departments = departmentConfigs(env, read, problems);
  const logLevel = read.oneOf(
    "XINYI_LOG_LEVEL",
    env.XINYI_LOG_LEVEL || undefined,
    ["silent", "error", "warn", "info", "debug"],
    nodeEnv === "test" ? "silent" : "warn",
  );
  const trustedDocuments = read.oneOf("XINYI_TRUSTED_DOCUMENTS", env.XINYI_TRUSTED_DOCUMENTS || undefined, ["off", "required"], "off");
  const hmacSecret = env.XINYI_JWT_SECRET || undefined;
  if (hmacSecret !== undefined && hmacSecret.length < 32) problems.push("XINYI_JWT_SECRET must be at least 32 characters");
  const gatewayPort = port("PORT", 4000);
  const gatewayUrl = env.XINYI_GATEWAY_URL || `http://127.0.0.1:${gatewayPort}/graphql`;
  if (!/^https?:\/\//.test(gatewayUrl)) problems.push(`XINYI_GATEWAY_URL must be an http(s) URL, got "${gatewayUrl}"`);
  const redisUrl = env.XINYI_REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\/[^/]/.test(redisUrl)) problems.push("XINYI_REDIS_URL must be a redis:// or rediss:// URL");
  const publicUrl = originOf("XINYI_PUBLIC_URL", env.XINYI_PUBLIC_URL || originOfUrl(gatewayUrl), problems);
  const config: Config = {
    nodeEnv,
    host,
    gatewayPort,
    gatewayUrl,
    publicUrl,
    dataDir: resolveDataDir(env),
    gatewaySecret,
    departments: Object.freeze(departments),
    auth: Object.freeze({
      hmacSecret,
      publicKeyFile: file("XINYI_JWT_PUBLIC_KEY_FILE"),
      jwksFile: file("XINYI_JWKS_FILE"),
      privateKeyFile: file("XINYI_JWT_PRIVATE_KEY_FILE"),
      issuer: env.XINYI_JWT_ISSUER || "xinyi",
      audience: env.XINYI_JWT_AUDIENCE || "xinyi-gateway",
      maxLifetimeSeconds: positive("XINYI_JWT_MAX_LIFETIME_SECONDS", 24 * 3600),
      oidcIssuer: issuerOf(env.XINYI_OIDC_ISSUER, nodeEnv, problems),
      oidcClientId: env.XINYI_OIDC_CLIENT_ID || "xinyi-web",
      oidcJwksCooldownMs: integer("XINYI_OIDC_JWKS_COOLDOWN_MS", 30_000, 0),
    }),
    oidcProvider: Object.freeze({
      port: port("XINYI_OIDC_PORT", 4090),
      accessTokenTtlSeconds: positive("XINYI_OIDC_ACCESS_TOKEN_TTL_SECONDS", 1800),
      applicantSubjects: Object.freeze(commaList(env.XINYI_OIDC_APPLICANT_SUBJECTS)),
      residentSubject: env.XINYI_OIDC_RESIDENT_SUBJECT?.trim() || undefined,
      merchantSubject: env.XINYI_OIDC_MERCHANT_SUBJECT?.trim() || undefined,
    }),
    circuit: Object.freeze({ failureThreshold: positive("XINYI_CIRCUIT_FAILURES", 5), coolDownMs: positive("XINYI_CIRCUIT_COOLDOWN_MS", 5000) }),
    readyIntervalMs: positive("XINYI_READY_INTERVAL_MS", 2000),
    auditDrain: Object.freeze({ intervalMs: integer("XINYI_AUDIT_DRAIN_INTERVAL_MS", 60_000, 0), settleMs: integer("XINYI_AUDIT_DRAIN_SETTLE_MS", 60_000, 0) }),
    gatewayHeapGrowingPercent: integer("XINYI_GATEWAY_HEAP_GROWING_PERCENT", 50, 0),
    gatewayWorkers: positive("XINYI_GATEWAY_WORKERS", 1),
    redis: Object.freeze({ url: redisUrl, timeoutMs: positive("XINYI_REDIS_TIMEOUT_MS", 250) }),
    trustedProxies: Object.freeze(addressRanges("XINYI_TRUSTED_PROXIES", env.XINYI_TRUSTED_PROXIES, problems)),
    subgraphTimeoutMs: positive("XINYI_SUBGRAPH_TIMEOUT_MS", 5000),
    logLevel,
    trustedDocuments,
    demoSubjects: positive("XINYI_DEMO_SUBJECTS", 2000),
    corsOrigins: commaList(env.XINYI_CORS_ORIGINS),
    maxOperationCost: positive("XINYI_MAX_OPERATION_COST", 20_000),
    uploads: Object.freeze({
      maxBytes: positive("XINYI_UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
      inFlight: positive("XINYI_UPLOADS_IN_FLIGHT", 4),
      perIpPerMinute: positive("XINYI_UPLOADS_PER_IP_PER_MINUTE", 30),
      keepHours: positive("XINYI_UPLOAD_KEEP_HOURS", 24),
    }),
    policyFile: file("XINYI_POLICY_FILE"),
    incentiveCatalogueFile: file("XINYI_INCENTIVE_CATALOGUE"),
    codes: Object.freeze({ keyFile: file("XINYI_CODE_KEY_FILE") }),
    notices: Object.freeze({
      port: port("XINYI_NOTICES_PORT", 4080),
      intervalMs: positive("XINYI_NOTICES_INTERVAL_MS", 15_000),
      maxTries: positive("XINYI_NOTICE_MAX_TRIES", 8),
      perChannelPerMinute: positive("XINYI_NOTICES_PER_CHANNEL_PER_MINUTE", 60),
      leaseSeconds: positive("XINYI_NOTICE_LEASE_SECONDS", 120),
      codeChannel: codeChannel(env, problems),
    }),
    reports: Object.freeze({
      keyFile: file("XINYI_REPORT_KEY_FILE"),
      years: positive("XINYI_REPORT_YEARS", 5),
      perIssuerPerHour: positive("XINYI_REPORTS_PER_ISSUER_PER_HOUR", 30),
      authority: reportAuthority(env.XINYI_REPORT_AUTHORITY, problems),
      sealFile: sealFile(file("XINYI_REPORT_SEAL_FILE"), problems),
    }),
    rateLimit: rateLimitConfig(positive),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
