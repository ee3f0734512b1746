/**
 * `buildGateway(config)`: the Fastify shell (http-shell.ts) around the Hive Gateway runtime
 * (runtime.ts: its options and plugins) on the committed supergraph, calling the subgraphs where
 * subgraph-locations.ts finds them through our department transport, with the audit log
 * (audit/audit-log.ts) and the routes beside GraphQL. Never listens; `index.ts` does.
 */
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import type { GatewayRuntime } from "@graphql-hive/gateway-runtime";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ANONYMOUS } from "../../shared/caller.js";
import type { Config } from "../../shared/config.js";
import { PROJECT_ROOT, SUPERGRAPH_FILE } from "../../shared/paths.js";
import { auditRefusedToken, openAuditLog } from "./audit/audit-log.js";
import { departmentTransport } from "./department-transport.js";
import { createGatewayMetrics } from "./gateway-metrics.js";
import { loadGraphiQLPage } from "./graphiql.js";
import { answerRefusals, createShell, ipOf, parseJsonBodies, requestIdOf, type ServerContext, serveGraphql } from "./http-shell.js";
import { createTokenVerifier } from "./jwt.js";
import { useAudit } from "./plugins/use-audit.js";
import { callerOfContext } from "./plugins/use-auth.js";
import type { LimitsOptions } from "./plugins/use-limits.js";
import { loadTrustedDocuments } from "./plugins/use-trusted-documents.js";
import type { createReadiness } from "./readiness.js";
import { createRuntime } from "./runtime.js";
import { connectRedisState } from "./redis-store.js";
import { createServiceVerifier } from "./service-callers.js";
import { type GatewayState, localState } from "./shared-state.js";
import { serveRepairMaterials } from "./materials-route.js";
import { serveMerchantCodes } from "./merchant-route.js";
import { locateSubgraphs } from "./subgraph-locations.js";
import { serveReportVerification, type RunOperation } from "./verify-route.js";
import { serveWebApp } from "./web-app.js";
import type { WorkerLink } from "./workers.js";

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

/**
 * Under load V8 let the heap grow to ~4× what survived its last full GC: short-lived request data
 * promoted to the old generation, collected late (live heap ~57 MB, peak RSS ~450 MB). A smaller
 * growing factor collects it sooner: peak RSS ~220–290 MB at 50 %, CPU per request within the
 * bench's noise (bench/; README). A process-wide V8 setting, read at each full GC; setting it
 * again (a second gateway in one process, as tests build) changes nothing.
 */
function tuneHeap(config: Config): void {
  if (config.gatewayHeapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.gatewayHeapGrowingPercent}`);
}

export async function buildGateway(config: Config, options: GatewayOptions = {}): Promise<FastifyInstance> {
  const auth = options.auth ?? true;
  // Without authentication (a foreign supergraph under test) no token key is needed.
  const verify = auth ? createTokenVerifier(config.auth) : undefined;
  // A platform service's signature covers the body bytes as sent: kept by the JSON parser (http-shell.ts).
  const rawBodies = new WeakMap<FastifyRequest, string>();
  const serverContexts = new WeakMap<Request, ServerContext>();
  // Rate limits, budgets and service nonces: this process's own, or the primary's for all workers;
  // with Redis, every gateway's (the machine's own while Redis is unreachable: redis-store.ts).
  const { workers } = options;
  const own = workers?.state ?? localState();
  const redis = config.redis.url
    ? await connectRedisState({
        url: config.redis.url,
        secret: config.gatewaySecret,
        timeoutMs: config.redis.timeoutMs,
        fallback: own,
        say: (line) => void process.stderr.write(`gateway (pid ${process.pid}): ${line}\n`),
      })
    : undefined;
  const state = redis ?? own;
  const verifyService = createServiceVerifier(config.gatewaySecret, state, (request) => {
    const req = serverContexts.get(request)?.req;
    return req && rawBodies.get(req);
  });
  tuneHeap(config);
  const ours = (options.subgraphs ?? "departments") === "departments";
  // The gateway appends to the audit log; the audit subgraph serves it to auditors.
  const audit = await openAuditLog(config, ours);
  const supergraph = options.supergraph ?? fs.readFileSync(SUPERGRAPH_FILE, "utf8");
  const subgraphs = locateSubgraphs(config, supergraph, ours, workers);

  const { app, metrics } = createShell(config, { logger: options.logger, bodyLimit: options.bodyLimit, verify, workers });
  redis?.registerMetrics(metrics.registry);
  if (redis) app.addHook("onClose", () => redis.close());
  const gatewayMetrics = createGatewayMetrics(metrics.registry, { breakers: subgraphs.breakers, auditQueueDepth: () => audit.write.pending() });
  const auditPlugin = useAudit({ write: audit.write, ipOf });
  const transport = departmentTransport({
    secret: config.gatewaySecret,
    departmentOf: subgraphs.departmentOf,
    callerOf: (context) => callerOfContext(context) ?? ANONYMOUS,
    requestIdOf,
    onRecordChanges: auditPlugin.noteChanges,
    timeoutMsOf: subgraphs.timeoutMsOf,
    breakerOf: subgraphs.breakerOf,
    onCall: (department, outcome, ms) => gatewayMetrics.onCall(department, outcome, ms),
  });
  const webRoot = options.webRoot ?? path.join(PROJECT_ROOT, "dist", "web");
  const graphiql = config.nodeEnv === "production" ? undefined : await loadGraphiQLPage("Xinyi 信易 — unified subject profile");
  const runtime = createRuntime({
    config,
    supergraph,
    transportEntries: subgraphs.transportEntries,
    transport,
    limits: options.limits,
    batchLimit: options.batchLimit,
    graphiql,
    // The web app's documents, as its build wrote them (web/trusted-documents.ts).
    trustedDocuments: loadTrustedDocuments(path.join(webRoot, "trusted-documents.json"), config.trustedDocuments === "required"),
    state,
    verify,
    verifyService,
    auditPlugin,
    auditRefusedToken: (request, reason) => {
      const context = serverContexts.get(request);
      return auditRefusedToken(audit.write, reason, context ? ipOf(context) : undefined);
    },
    serverContexts,
    countErrors: (codes) => metrics.countErrors(codes),
  });

  parseJsonBodies(app, rawBodies);
  serveGraphql(app, runtime);
  graphiql?.install(app, runtime.graphqlEndpoint);
  serveWebApp(app, webRoot, config.auth);
  serveReportVerificationThrough(app, runtime, config, state);
  serveMerchantCodes(app, { run: runThrough(runtime), state, publicUrl: config.publicUrl });
  if (verify)
    serveRepairMaterials(app, {
      verify,
      secret: config.gatewaySecret,
      dataDir: config.dataDir,
      keepHours: config.uploads.keepHours,
      uploads: { limits: config.uploads, state, ipOf: (req) => req.ip },
      run: runThrough(runtime, ["authorization", "x-purpose"]),
    });
  answerRefusals(app);
  serveHealth(app, subgraphs.readiness);
  runInTheBackground(app, { config, readiness: subgraphs.readiness, runtime, transport, audit });
  return app;
}

/** An operation run through the runtime for a route's request, with the request's `forward` headers (its token, its purpose). */
const runThrough =
  (runtime: GatewayRuntime<ServerContext>, forward: string[] = []): RunOperation =>
  async (req, reply, body) => {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    for (const name of forward) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    // The client's Host is never part of a URL we build (a malformed one made this a 500).
    return runtime.fetch(new Request(`http://gateway.internal${runtime.graphqlEndpoint}`, { method: "POST", headers, body: JSON.stringify(body) }), {
      req,
      reply,
    });
  };

/** The report verification page and upload, answered by the runtime as GraphQL. */
function serveReportVerificationThrough(app: FastifyInstance, runtime: GatewayRuntime<ServerContext>, config: Config, state: GatewayState): void {
  serveReportVerification(app, runThrough(runtime), { limits: config.uploads, state, ipOf: (req) => req.ip }, config.publicUrl);
}

type Readiness = ReturnType<typeof createReadiness>;

function serveHealth(app: FastifyInstance, readiness: Readiness): void {
  app.get("/healthz", async () => ({ status: "ok", service: "gateway" }));
  app.get("/readyz", async (_request, reply) => {
    const report = readiness.report();
    return reply.code(report.ready ? 200 : 503).send(report);
  });
}

interface Background {
  config: Config;
  readiness: Readiness;
  runtime: GatewayRuntime<ServerContext>;
  transport: ReturnType<typeof departmentTransport>;
  audit: Awaited<ReturnType<typeof openAuditLog>>;
}

/** Once ready: the readiness checks and the audit drain run; on close they stop, and what is pending is written. */
function runInTheBackground(app: FastifyInstance, { config, readiness, runtime, transport, audit }: Background): void {
  let drainTimer: NodeJS.Timeout | undefined;
  const drain = () => audit.drain(app.log);
  app.addHook("onReady", () => readiness.start());
  app.addHook("onReady", () => {
    void drain();
    if (audit.drainer && config.auditDrain.intervalMs > 0) drainTimer = setInterval(drain, config.auditDrain.intervalMs).unref();
  });
  app.addHook("onClose", async () => {
    readiness.stop();
    await runtime[Symbol.asyncDispose]();
    await transport.close();
    clearInterval(drainTimer);
    await audit.drainer?.idle();
    // Entries of requests that finished are written before the store closes.
    await audit.write.drain();
    await audit.db.destroy();
  });
}
