/**
 * Starts the real federation for cross-service tests: every department subgraph and the gateway,
 * each a Fastify server on a random loopback port, talking real HTTP, on seeded SQLite files in a
 * temporary folder. Counts SQL statements and HTTP requests per department.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { loadConfig, envName, type Config } from "../shared/config.js";
import { createDatabase } from "../shared/db.js";
import type { DepartmentName } from "../shared/departments.js";
import type { RecordChangesTable } from "../shared/record-changes.js";
import { buildDepartmentApp } from "../shared/subgraph.js";
import { buildGateway, type GatewayOptions } from "../gateway/src/app.js";
import { mintToken } from "../gateway/src/jwt.js";
import { SYNTHETIC_ID_KEY_FILE, seedDepartments } from "../scripts/generate/seed-departments.js";
import { portOf } from "../scripts/process-stats.js";
import { DEFAULT_AS_OF } from "../scripts/generate/scale.js";
import { DEPARTMENT_DEFINITIONS } from "../subgraphs/registry.js";

export interface Federation {
  config: Config;
  gatewayUrl: string;
  subgraphUrl: (name: DepartmentName) => string;
  /** SQL statements per department since the last `resetCounts()`. */
  sql: Record<string, string[]>;
  /** GraphQL request bodies received per department since the last `resetCounts()`. */
  requests: Record<string, string[]>;
  /** The `x-request-id` of each GraphQL request received per department since the last `resetCounts()`. */
  requestIds: Record<string, string[]>;
  resetCounts(): void;
  /**
   * POSTs a GraphQL request to the gateway, anonymously unless `as` names the caller; `T` is the
   * shape of its `data`.
   */
  query<T = AnyData>(query: string, variables?: Record<string, unknown>, as?: As): Promise<GatewayAnswer<T>>;
  /** A bearer token of the test key. */
  token(scopes: string[], sub?: string, ttlSeconds?: number, offers?: string[], subjects?: string[]): Promise<string>;
  /** Another gateway on the same subgraphs with extra environment (e.g. NODE_ENV=production). */
  startGateway(env: Record<string, string>, options?: GatewayOptions): Promise<{ url: string; close(): Promise<void> }>;
  /** Closes one department's server, as in an outage. */
  stop(name: DepartmentName): Promise<void>;
  close(): Promise<void>;
}

/** A GraphQL error as the gateway answers it. */
export interface AnswerError {
  message: string;
  path?: (string | number)[];
  extensions: { code: string; department?: string; rule?: string; problems?: { field: string; message: string }[] } & Record<string, unknown>;
}

/**
 * What a test reads of an answer it did not type: fields by name, each of any shape (tests look
 * into results of many shapes; a test that knows its shape gives `T`).
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; the default of query<T>(), not of its answer.
export type AnyData = Record<string, any>;

/** The gateway's answer to a test request: its status and its GraphQL body. */
export interface GatewayAnswer<T> {
  status: number;
  body: {
    /** As the gateway gave it (null or absent for a refused request: a test that expects data says so). */
    data: T;
    /** Absent when there were none. */
    errors?: AnswerError[];
    extensions?: Record<string, unknown>;
  };
}

/** Who a test request is from: token scopes (and sub), the stated purpose, extra headers. */
export interface As {
  scopes?: string[];
  sub?: string;
  purpose?: string;
  /** A partner token's `offers` claim. */
  offers?: string[];
  /** A subject's or agent's `subjects` claim. */
  subjects?: string[];
  headers?: Record<string, string>;
}

export const TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef";
export const TEST_JWT_SECRET = "test-jwt-secret-0123456789abcdef0123456789";
/** The synthetic ids' key of every test federation: one seed gives the same rows on SQLite and PostgreSQL. */
const TEST_SYNTHETIC_ID_KEY = "test-synthetic-id-key-0123456789abcdef012345";
/** An analyst who may read everything, unmasked, with a purpose. */
export const ANALYST: As = { sub: "analyst-1", scopes: ["profile:read", "pii:read", "dept:credit", "dept:tax"], purpose: "test: profile review" };

/**
 * The environment of a gateway run as its own process (from dist/) on a test federation's folder,
 * secrets and departments, listening on `port`: what the workers and audit-drain tests start.
 */
export function gatewayProcessEnv(fed: Federation, port: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    XINYI_LOG_LEVEL: "warn",
    XINYI_DATA_DIR: fed.config.dataDir,
    XINYI_GATEWAY_SECRET: TEST_SECRET,
    XINYI_JWT_SECRET: TEST_JWT_SECRET,
    PORT: String(port),
  };
  for (const name of DEPARTMENT_DEFINITIONS.map((d) => d.name)) env[`XINYI_${envName(name)}_URL`] = fed.config.departments[name].url;
  return { ...env, ...extra };
}

export interface FederationOptions {
  subjects?: number;
  env?: Record<string, string>;
  gateway?: GatewayOptions;
  /** Count SQL statements and subgraph requests. @default true (benchmarks turn it off) */
  instrument?: boolean;
}

// One piece on purpose (~100 lines): reserve the ports, start every department, then the gateway, and
// hand back one object whose methods close over all of them; split, each part would take a dozen of its locals.
export async function startFederation(options: FederationOptions = {}): Promise<Federation> {
  const instrument = options.instrument ?? true;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-test-"));
  fs.writeFileSync(path.join(dataDir, SYNTHETIC_ID_KEY_FILE), TEST_SYNTHETIC_ID_KEY, { mode: 0o600 });
  // The change drainer runs at start only: a pass in the middle of a test would add its reads to the counts.
  const baseEnv = {
    XINYI_DATA_DIR: dataDir,
    XINYI_GATEWAY_SECRET: TEST_SECRET,
    XINYI_JWT_SECRET: TEST_JWT_SECRET,
    NODE_ENV: "test",
    XINYI_AUDIT_DRAIN_INTERVAL_MS: "0",
    ...options.env,
  };
  await seedDepartments(loadConfig(baseEnv), { count: options.subjects ?? 300, seed: "test", asOf: DEFAULT_AS_OF, progress: false });

  const sql: Record<string, string[]> = {};
  const requests: Record<string, string[]> = {};
  const requestIds: Record<string, string[]> = {};
  const apps = new Map<string, FastifyInstance>();
  const urls: Record<string, string> = {};
  // Every port is chosen first and held until its server listens on it: the departments and
  // platform services (incentives, the credit office) call each other and the gateway back, so
  // every configuration knows every address, and no server listening meanwhile can be given one.
  const reserve = async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { port: portOf(server), release: () => new Promise((resolve) => server.close(resolve)) };
  };
  const reservations = new Map<string, Awaited<ReturnType<typeof reserve>>>();
  for (const name of ["gateway", ...DEPARTMENT_DEFINITIONS.map((d) => d.name)]) reservations.set(name, await reserve());
  const gatewayPort = reservations.get("gateway")!.port;
  const env: Record<string, string> = { ...baseEnv, PORT: String(gatewayPort), XINYI_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql` };
  for (const department of DEPARTMENT_DEFINITIONS) {
    urls[department.name] = `http://127.0.0.1:${reservations.get(department.name)!.port}/graphql`;
    env[`XINYI_${envName(department.name)}_URL`] = urls[department.name];
  }
  // In registry order, credit first: later departments check subjects against its directory.
  for (const department of DEPARTMENT_DEFINITIONS) {
    sql[department.name] = [];
    requests[department.name] = [];
    requestIds[department.name] = [];
    const app = await buildDepartmentApp(loadConfig(env), department, { onQuery: instrument ? (q) => sql[department.name].push(q) : undefined });
    if (instrument) {
      app.addHook("onRequest", async (request) => {
        if (!request.url.startsWith("/graphql")) return;
        requests[department.name].push("");
        requestIds[department.name].push(String(request.headers["x-request-id"] ?? ""));
      });
      app.addHook("preHandler", async (request) => {
        if (request.url.startsWith("/graphql")) requests[department.name][requests[department.name].length - 1] = JSON.stringify(request.body);
      });
    }
    await reservations.get(department.name)!.release();
    await app.listen({ host: "127.0.0.1", port: reservations.get(department.name)!.port });
    apps.set(department.name, app);
  }
  const config = loadConfig(env);
  const gateway = await buildGateway(config, options.gateway);
  const extraGateways: { close(): Promise<unknown> }[] = [];
  const token = (scopes: string[], sub = "tester", ttlSeconds = 600, offers?: string[], subjects?: string[]) =>
    mintToken(config.auth, { sub, scopes, ttlSeconds, offers, subjects });
  await reservations.get("gateway")!.release();
  const gatewayUrl = `${await gateway.listen({ host: "127.0.0.1", port: gatewayPort })}/graphql`;

  return {
    config,
    gatewayUrl,
    subgraphUrl: (name) => urls[name],
    sql,
    requests,
    requestIds,
    resetCounts() {
      for (const name of Object.keys(sql)) {
        sql[name].length = 0;
        requests[name].length = 0;
        requestIds[name].length = 0;
      }
    },
    token,
    async query<T>(query: string, variables?: Record<string, unknown>, as?: As): Promise<GatewayAnswer<T>> {
      const headers: Record<string, string> = { ...as?.headers };
      if (as?.scopes) headers.authorization = `Bearer ${await token(as.scopes, as.sub, 600, as.offers, as.subjects)}`;
      if (as?.purpose) headers["x-purpose"] = encodeURIComponent(as.purpose);
      const response = await fetch(gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body: GatewayAnswer<T>["body"] = await response.json();
      return { status: response.status, body };
    },
    async startGateway(extraEnv, gatewayOptions) {
      const extra = await buildGateway(loadConfig({ ...env, PORT: "0", ...extraEnv }), gatewayOptions);
      extraGateways.push(extra);
      return { url: `${await extra.listen({ host: "127.0.0.1", port: 0 })}/graphql`, close: () => extra.close() };
    },
    async stop(name) {
      await apps.get(name)?.close();
      apps.delete(name);
    },
    async close() {
      await gateway.close();
      for (const extra of extraGateways) await extra.close();
      for (const app of apps.values()) await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a test file starts and ends: a federation or browser closes, an OpenID provider or database server stops, a database connection is destroyed. */
export type Started = { close(): Promise<unknown> } | { stop(): Promise<unknown> } | { destroy(): Promise<unknown> };

/** Ends what a test file started, in the order given; one left unset (its beforeAll failed first) is passed over. */
export async function closeAll(...started: Array<Started | undefined>): Promise<void> {
  for (const part of started) {
    if (part) await ("close" in part ? part.close() : "stop" in part ? part.stop() : part.destroy());
  }
}

/** The ids of the first `first` subjects of a kind. */
export async function subjectIds(fed: Federation, kind: "PERSON" | "ORGANIZATION", first: number): Promise<string[]> {
  const page = await fed.query(
    `query($kind: SubjectKind!, $first: Int!) { subjects(first: $first, filter: { kind: $kind }) { nodes { id } } }`,
    { kind, first },
    ANALYST,
  );
  return page.body.data.subjects.nodes.map((n: { id: string }) => n.id);
}

/** The id of the first subject of a kind. */
export const firstSubject = async (fed: Federation, kind: "PERSON" | "ORGANIZATION"): Promise<string> => (await subjectIds(fed, kind, 1))[0];

/**
 * Of the first 100 organisations, those on no black list and with no record in force in any department
 * (a record past its publicity but not repaired is still listed: the certification rule), so what a
 * credit report lists is what the test recorded.
 */
export async function cleanOrganisations(fed: Federation): Promise<Array<{ id: string; name: string }>> {
  const page = await fed.query(
    `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id name listEntries { color }
      tax { violations { status } } health { records { status } } transport { records { status } } publicResources { records { status } } market { records { status } } } } }`,
    {},
    ANALYST,
  );
  const clean = (n: AnyData) =>
    !n.listEntries.some((e: AnyData) => e.color === "BLACK") &&
    [n.tax.violations, n.health.records, n.transport.records, n.publicResources.records, n.market.records].every((rs: AnyData[]) =>
      rs.every((r) => r.status !== "ACTIVE" && r.status !== "EXPIRED"),
    );
  return page.body.data.subjects.nodes.filter(clean).map((n: AnyData) => ({ id: n.id, name: n.name }));
}

/** Of the first 100 organisations, the first owing tax arrears of more than `over` outstanding, and those arrears. */
export async function owingOrganisation(fed: Federation, over: number): Promise<{ id: string; arrears: { id: string; outstanding: number } }> {
  const page = await fed.query(
    `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id tax { arrears { id outstanding } } } } }`,
    undefined,
    ANALYST,
  );
  const owing = page.body.data.subjects.nodes.find((n: AnyData) => n.tax.arrears.some((a: AnyData) => a.outstanding > over));
  return { id: owing.id, arrears: owing.tax.arrears.find((a: AnyData) => a.outstanding > over) };
}

/** A department's `record_changes` rows of the given records, oldest first, read from its database in the federation's data folder. */
export async function recordChangesOf(fed: Federation, department: string, recordIds: string[]): Promise<RecordChangesTable[]> {
  const { db, close } = createDatabase<{ record_changes: RecordChangesTable }>({ department, dataDir: fed.config.dataDir });
  try {
    return await db.selectFrom("record_changes").selectAll().where("record_id", "in", recordIds).orderBy("at").execute();
  } finally {
    await close();
  }
}
