/**
 * `buildGateway(config)`: the Fastify shell around the Hive Gateway runtime on the committed
 * supergraph, with the Rust query planner. Never listens; `index.ts` does.
 *
 * Plugins, in order: rate limits (an address is counted before its token is checked) → trusted
 * documents (the web app's, by id; required of browsers with XINYI_TRUSTED_DOCUMENTS=required) →
 * authentication → field authorization (the supergraph's `@authenticated` / `@requiresScopes`,
 * decided once per document and scopes) → audit → budget of lookups finding nobody → operation
 * limits and cost → error codes → ID masking. Department calls go through our own transport
 * (department-transport.ts: signing, timeouts, circuit breakers, department-named errors), not
 * the runtime's fetch: runtime plugins that hook `onFetch` (upstream retry/timeout, header
 * propagation) do not see them.
 */
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { ANONYMOUS } from "../../shared/caller.js";
import type { Config } from "../../shared/config.js";
import { createDatabase, migrateToLatest } from "../../shared/db.js";
import { DEPARTMENT_NAMES, type DepartmentName, RECORD_DEPARTMENTS } from "../../shared/departments.js";
import { PROJECT_ROOT, SUPERGRAPH_FILE } from "../../shared/paths.js";
import type { AuditDB } from "../../shared/audit-store/tables.js";
import { migrations as auditMigrations } from "../../shared/audit-store/migrations.js";
import { STATUS_CODES } from "node:http";
import { Kind, parse } from "graphql";
import type { Socket } from "node:net";
import { newAuditEntryId } from "../../shared/audit-store/audit-store.js";
import { installObservability, type MetricsGuard, requestIdOptions } from "../../shared/observability.js";
import { installGracefulShutdown } from "../../shared/serve.js";
import { createAuditWriter } from "./audit/audit-writer.js";
import { createChangeDrainer } from "./audit/change-drainer.js";
import { departmentTransport } from "./department-transport.js";
import { createGatewayMetrics } from "./gateway-metrics.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { createReadiness } from "./readiness.js";
import { errorBody, GatewayErrors, type GatewayErrorCode } from "./errors.js";
import { loadGraphiQLPage } from "./graphiql.js";
import { createTokenVerifier, type TokenVerifier } from "./jwt.js";
import { useAudit } from "./plugins/use-audit.js";
import { callerOfContext, useAuth } from "./plugins/use-auth.js";
import { useErrorCodes } from "./plugins/use-error-codes.js";
import { useFieldAuthorization } from "./plugins/use-field-authorization.js";
import { useLimits, type LimitsOptions } from "./plugins/use-limits.js";
import { useLookupBudget } from "./plugins/use-lookup-budget.js";
import { useRateLimit } from "./plugins/use-rate-limit.js";
import { loadTrustedDocuments, useTrustedDocuments } from "./plugins/use-trusted-documents.js";
import { maskText, usePersonIdMasking } from "./plugins/use-person-id-masking.js";
import { createServiceVerifier } from "./service-callers.js";
import { localState } from "./shared-state.js";
import type { WorkerLink } from "./workers.js";
import { serveReportVerification } from "./verify-route.js";
import { serveWebApp } from "./web-app.js";

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over 16 KiB, malformed
 * requests) still get a coded JSON error.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const code: GatewayErrorCode = error.code === "HPE_HEADER_OVERFLOW" ? "REQUEST_HEADER_FIELDS_TOO_LARGE" : "BAD_REQUEST";
  const status = GatewayErrors[code].status;
  const body = JSON.stringify(errorBody(code, code === "BAD_REQUEST" ? "Malformed HTTP request" : "Request headers too large (a bearer token is far shorter)"));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The name of a GET parameter that should hold a JSON object and does not, if any. */
function malformedQueryParameter(query: Record<string, unknown>): string | undefined {
  for (const name of ["variables", "extensions"]) {
    const raw = query[name];
    if (raw === undefined || raw === "") continue;
    try {
      const value = typeof raw === "string" ? JSON.parse(raw) : undefined;
      if (value !== null && (typeof value !== "object" || Array.isArray(value))) return name;
    } catch {
      return name;
    }
  }
  return undefined;
}

const isLoopback = (ip: string) => /^(127\.|::1$|::ffff:127\.)/.test(ip);

/**
 * `/metrics` without a token for loopback callers only (the supervisor, a local Prometheus); from
 * any other address it needs a bearer token with `metrics:read` or `admin`.
 */
function metricsGuard(verify: TokenVerifier | undefined): MetricsGuard {
  return async (request) => {
    if (isLoopback(request.ip)) return undefined;
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const verdict = token && verify ? await verify(token) : undefined;
    if (!verdict?.ok) return { status: 401, body: errorBody("UNAUTHENTICATED", "/metrics from another address needs a bearer token with metrics:read") };
    const { scopes } = verdict.caller;
    return scopes.includes("metrics:read") || scopes.includes("admin")
      ? undefined
      : { status: 403, body: errorBody("FORBIDDEN", "/metrics needs metrics:read") };
  };
}

export interface GatewayOptions {
  /** Supergraph SDL. @default the committed schema/supergraph.graphql */
  supergraph?: string;
  /** Fastify's JSON logger. @default from config.logLevel */
  logger?: false | { level: string };
  /** Operation limits. @default see use-limits.ts */
  limits?: LimitsOptions;
  /** Largest request body in bytes. @default 65536 */
  bodyLimit?: number;
  /** Largest batch of operations in one request. @default 5 */
  batchLimit?: number;
  /** The built web app served at /dashboard. @default dist/web */
  webRoot?: string;
  /**
   * Where the subgraphs are: `departments`, the configured URLs of our departments (signed calls,
   * health checks); or `supergraph`, the URLs the supergraph itself names — for a supergraph that
   * is not ours (`npm run gateway -- --supergraph <file>`). @default "departments"
   */
  subgraphs?: "departments" | "supergraph";
  /** Authentication and field authorization; off only for checking the runtime against public federation test suites. @default true */
  auth?: boolean;
  /** When this gateway is one of several worker processes: what it shares with the others (workers.ts). */
  workers?: WorkerLink;
}

/** The subgraphs a supergraph names (`join__Graph` values with their `@join__graph(name:, url:)`). */
function graphsOfSupergraph(supergraph: string): { name: string; url: string }[] {
  const graphs: { name: string; url: string }[] = [];
  for (const definition of parse(supergraph).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== "join__Graph") continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === "join__graph");
      const argument = (name: string) => {
        const node = directive?.arguments?.find((a) => a.name.value === name)?.value;
        return node?.kind === Kind.STRING ? node.value : undefined;
      };
      const [name, url] = [argument("name"), argument("url")];
      if (name && url) graphs.push({ name, url });
    }
  }
  return graphs;
}

interface ServerContext {
  req: FastifyRequest;
  reply: FastifyReply;
}

const ipOf = (context: unknown): string => (context as Partial<ServerContext> | undefined)?.req?.ip ?? "unknown";
const requestIdOf = (context: unknown): string | undefined => (context as Partial<ServerContext> | undefined)?.req?.id;

export async function buildGateway(config: Config, options: GatewayOptions = {}): Promise<FastifyInstance> {
  const auth = options.auth ?? true;
  // Without authentication (a foreign supergraph under test) no token key is needed.
  const verify = auth ? createTokenVerifier(config.auth) : undefined;
  // A platform service's signature covers the body bytes as sent: kept by the JSON parser below.
  const rawBodies = new WeakMap<FastifyRequest, string>();
  // Rate limits, budgets and service nonces: this process's own, or the primary's for all workers.
  const { workers } = options;
  const state = workers?.state ?? localState();
  const verifyService = createServiceVerifier(config.gatewaySecret, state, (request) => {
    const req = serverContexts.get(request)?.req;
    return req && rawBodies.get(req);
  });
  // Under load V8 let the heap grow to ~4× what survived its last full GC: short-lived request data
  // promoted to the old generation, collected late (live heap ~57 MB, peak RSS ~450 MB). A smaller
  // growing factor collects it sooner: peak RSS ~220–290 MB at 50 %, CPU per request within the
  // bench's noise (bench/; README). A process-wide V8 setting, read at each full GC; setting it
  // again (a second gateway in one process, as tests build) changes nothing.
  if (config.gatewayHeapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.gatewayHeapGrowingPercent}`);
  // The gateway appends to the audit log; the audit subgraph serves it to auditors.
  const audit = createDatabase<AuditDB>({ department: "audit", dataDir: config.dataDir, databaseUrl: config.departments.audit.databaseUrl });
  await migrateToLatest(audit.db, auditMigrations);

  const supergraph = options.supergraph ?? fs.readFileSync(SUPERGRAPH_FILE, "utf8");
  const ours = (options.subgraphs ?? "departments") === "departments";
  const graphs = ours ? DEPARTMENT_NAMES.map((name) => ({ name: name as string, url: config.departments[name].url })) : graphsOfSupergraph(supergraph);
  const departmentByUrl = new Map(graphs.map(({ name, url }) => [url, name]));
  const breakers = new Map(
    graphs.map(({ name }) => [name, new CircuitBreaker({ ...config.circuit, onChange: workers && ((open, at) => workers.shareCircuit(name, open, at)) })]),
  );
  workers?.onCircuit((name, open, at) => breakers.get(name)?.adopt(open, at));
  const breakerOf = (name: string) => breakers.get(name) ?? new CircuitBreaker(config.circuit);
  const readiness = createReadiness({
    departments: graphs.map(({ name, url }) => ({ name, healthUrl: ours ? url.replace(/\/graphql$/, "/healthz") : undefined })),
    breakerOf,
    intervalMs: config.readyIntervalMs,
  });
  // Where our departments are (no in-flight de-duplication: our transport sends every call).
  const transportEntries: Record<string, { location: string }> = {};
  if (ours) for (const { name, url } of graphs) transportEntries[name] = { location: url };
  const production = config.nodeEnv === "production";

  const writeAudit = createAuditWriter(audit.db);
  // Department changes whose outcome entry never came (and imports) reach the log all the same.
  const drainer = ours
    ? createChangeDrainer({
        db: audit.db,
        departments: RECORD_DEPARTMENTS.map((name) => ({ name, url: config.departments[name].url })),
        secret: config.gatewaySecret,
        settleMs: config.auditDrain.settleMs,
      })
    : undefined;
  const drain = () =>
    drainer?.run().then((report) => {
      for (const [name, reason] of Object.entries(report.failed)) app.log.warn({ department: name, reason }, "audit drain: department not read");
    });
  let drainTimer: NodeJS.Timeout | undefined;
  const rateLimit = useRateLimit({
    state,
    perSubjectPerMinute: config.rateLimit.perSubjectPerMinute,
    perIpPerMinute: config.rateLimit.perIpPerMinute,
    costPerMinute: config.rateLimit.costPerMinute,
    anonymousCostPerMinute: config.rateLimit.anonymousCostPerMinute,
    ipOf,
    isService: async (request) => (await verifyService(request))?.ok === true,
  });
  // A refused token is audited too: who tried, from where, and why it failed (no claim of it is trusted).
  const auditRefusedToken = (request: Request, reason: string) => {
    const at = new Date();
    const context = serverContexts.get(request);
    return writeAudit({
      id: newAuditEntryId(at),
      at,
      sub: "(invalid token)",
      scopes: [],
      purpose: reason,
      clientIp: context ? ipOf(context) : undefined,
      operationType: "authentication",
      fields: [],
      subjectIds: [],
      outcome: "REFUSED",
      errorCodes: ["UNAUTHENTICATED"],
    });
  };
  const serverContexts = new WeakMap<Request, ServerContext>();

  const auditPlugin = useAudit({ write: writeAudit, ipOf });
  const transport = departmentTransport({
    secret: config.gatewaySecret,
    departmentOf: (url) => departmentByUrl.get(url),
    callerOf: (context) => callerOfContext(context as object) ?? ANONYMOUS,
    requestIdOf,
    onRecordChanges: auditPlugin.noteChanges,
    timeoutMsOf: (name) => (ours ? config.departments[name as DepartmentName].timeoutMs : config.subgraphTimeoutMs),
    breakerOf,
    onCall: (department, outcome, ms) => gatewayMetrics?.onCall(department, outcome, ms),
  });
  const graphiql = production ? undefined : await loadGraphiQLPage("Xinyi 信易 — unified subject profile");
  const webRoot = options.webRoot ?? path.join(PROJECT_ROOT, "dist", "web");
  // The web app's documents, as its build wrote them (web/trusted-documents.ts).
  const trustedDocuments = loadTrustedDocuments(path.join(webRoot, "trusted-documents.json"), config.trustedDocuments === "required");
  const gateway = createGatewayRuntime<ServerContext>({
    supergraph,
    unifiedGraphHandler,
    transportEntries,
    transports: { http: transport },
    logging: false,
    graphqlEndpoint: "/graphql",
    graphiql: graphiql?.options ?? false,
    // GraphiQL's scripts inlined from the npm package (the default loads them from a CDN); loaded
    // only where GraphiQL is served: the bundle alone held ~30 MB of a production gateway's heap.
    renderGraphiQL: graphiql?.render,
    landingPage: false,
    disableIntrospection: production ? { disableIf: () => true } : undefined,
    maskedErrors: production,
    batching: { limit: options.batchLimit ?? 5 },
    // Browsers may call only from configured origins; none by default.
    cors: config.corsOrigins.length > 0 ? { origin: [...config.corsOrigins], credentials: true, methods: ["GET", "POST"] } : false,
    plugins: () => [
      {
        onRequest: ({ request, serverContext }: { request: Request; serverContext: unknown }) =>
          void serverContexts.set(request, serverContext as ServerContext),
      },
      rateLimit,
      useTrustedDocuments({ documents: trustedDocuments, required: config.trustedDocuments === "required" }),
      ...(verify ? [useAuth({ verify, verifyService, onRefused: auditRefusedToken }), useFieldAuthorization()] : []),
      auditPlugin,
      useLookupBudget({
        state,
        missesPerHour: config.rateLimit.lookupMissesPerHour,
        personIdsPerHour: config.rateLimit.personIdsPerHour,
        personIdsPerHourWriters: config.rateLimit.personIdsPerHourWriters,
        ipOf,
      }),
      useLimits({ maxCost: config.maxOperationCost, ...options.limits, chargeCost: rateLimit.chargeCost }),
      useErrorCodes({ onErrors: (codes) => metrics?.countErrors(codes) }),
      usePersonIdMasking(),
    ],
  });

  const app = Fastify({
    logger: options.logger ?? (config.logLevel === "silent" ? false : { level: config.logLevel }),
    bodyLimit: options.bodyLimit ?? 65_536,
    clientErrorHandler: answerClientError,
    ...requestIdOptions,
  });
  installGracefulShutdown(app, "gateway");
  const metrics = installObservability(app, "gateway", workers, metricsGuard(verify));
  const gatewayMetrics = createGatewayMetrics(metrics.registry, { breakers, auditQueueDepth: () => writeAudit.pending() });
  // GraphQL over HTTP is JSON: other bodies are refused here with 415 and a code.
  app.removeContentTypeParser("text/plain");
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    rawBodies.set(req, body as string);
    parseJson(req, body as string, done);
  });
  app.route({
    url: gateway.graphqlEndpoint,
    method: ["GET", "POST", "OPTIONS"],
    handler: async (req, reply) => {
      const malformed = req.method === "GET" ? malformedQueryParameter(req.query as Record<string, unknown>) : undefined;
      if (malformed) return reply.code(400).send(errorBody("BAD_REQUEST", `The ${malformed} parameter must be a JSON object`));
      const response = await gateway.handleNodeRequestAndResponse(req, reply, { req, reply });
      response.headers.forEach((value, key) => void reply.header(key, value));
      reply.status(response.status);
      return reply.send(response.body);
    },
  });
  graphiql?.install(app, gateway.graphqlEndpoint);
  serveWebApp(app, webRoot);
  serveReportVerification(
    app,
    async (req, reply, body) =>
      // The client's Host is never part of a URL we build (a malformed one made this a 500).
      gateway.fetch(
        new Request(`http://gateway.internal${gateway.graphqlEndpoint}`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(body),
        }),
        { req, reply },
      ),
    { limits: config.uploads, state, ipOf: (req) => req.ip },
    config.publicUrl,
  );
  // Refusals by Fastify itself (before the runtime sees the request) in the same coded shape.
  const fastifyCodes: Record<number, GatewayErrorCode> = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    408: "REQUEST_TIMEOUT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
  };
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const message = status === 500 ? "Internal server error" : maskText(error.message);
    return reply.code(status).send(errorBody(fastifyCodes[status] ?? (status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST"), message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody("NOT_FOUND", `No route ${request.method} ${request.url.split("?")[0]}; GraphQL is at /graphql`)),
  );
  app.get("/healthz", async () => ({ status: "ok", service: "gateway" }));
  app.get("/readyz", async (_request, reply) => {
    const report = readiness.report();
    return reply.code(report.ready ? 200 : 503).send(report);
  });
  app.addHook("onReady", () => readiness.start());
  app.addHook("onReady", () => {
    void drain();
    if (drainer && config.auditDrain.intervalMs > 0) drainTimer = setInterval(drain, config.auditDrain.intervalMs).unref();
  });
  app.addHook("onClose", async () => {
    readiness.stop();
    await gateway[Symbol.asyncDispose]();
    await transport.close();
    clearInterval(drainTimer);
    await drainer?.idle();
    // Entries of requests that finished are written before the store closes.
    await writeAudit.drain();
    await audit.db.destroy();
  });
  return app;
}
