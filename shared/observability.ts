/**
 * Metrics and request ids for every process. Each app has its own Prometheus registry (several
 * apps share one process in tests) served at `GET /metrics`: HTTP requests by route and status,
 * their latency, and GraphQL errors by code. Every request carries an id — the caller's
 * `x-request-id` when it sends a sane one, else a new one — that Fastify's JSON logs (pino) carry,
 * the gateway passes to the departments it calls, and the response returns.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

export const REQUEST_ID_HEADER = "x-request-id";

/** The request id to use for a request carrying `header`. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && /^[A-Za-z0-9._:-]{1,64}$/.test(header) ? header : randomUUID();
}

/** Fastify options that give every request its id (and a JSON logger when `logger` is set). */
export const requestIdOptions = {
  genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdFrom(request.headers[REQUEST_ID_HEADER]),
};

export interface Metrics {
  registry: Registry;
  /** Counts GraphQL errors of a response by code. */
  countErrors(codes: readonly string[]): void;
}

/** One of several worker processes on one port (gateway/src/workers.ts). */
export interface WorkerMetrics {
  /** The `worker` label of this worker's series. */
  id: string;
  /** Offers this worker's registry; returns what reads every worker's metrics, which `/metrics` then serves. */
  shareMetrics: (registry: Registry) => () => Promise<string>;
}

/** Installs metrics, the `/metrics` route and the `x-request-id` response header on an app. */
/** Who may read `/metrics`: undefined to serve it, else the refusal (status and body) to send. */
export type MetricsGuard = (request: FastifyRequest) => Promise<{ status: number; body: unknown } | undefined>;

export function installObservability(app: FastifyInstance, service: string, worker?: WorkerMetrics, guard?: MetricsGuard): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels(worker ? { service, worker: worker.id } : { service });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: "xinyi_http_request_duration_seconds",
    help: "HTTP requests by route, method and status, and how long they took.",
    labelNames: ["route", "method", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: "xinyi_graphql_errors_total",
    help: "GraphQL errors in responses, by code.",
    labelNames: ["code"],
    registers: [registry],
  });
  app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook("onResponse", async (request: FastifyRequest, reply: FastifyReply) => {
    duration.observe({ route: request.routeOptions.url ?? "(none)", method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  const read = worker?.shareMetrics(registry) ?? (() => registry.metrics());
  app.get("/metrics", async (request, reply) => {
    const refusal = await guard?.(request);
    if (refusal) return reply.code(refusal.status).send(refusal.body);
    return reply.header("content-type", registry.contentType).send(await read());
  });
  return {
    registry,
    countErrors(codes) {
      for (const code of codes) errors.inc({ code });
    },
  };
}
