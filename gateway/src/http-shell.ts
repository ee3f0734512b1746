/**
 * The gateway's Fastify shell around the runtime: the server (logger, body limit, graceful
 * shutdown, metrics), the JSON body parser that keeps the bytes a service signed, the /graphql
 * route, and every refusal made before the runtime sees a request in the same coded JSON shape
 * (by Node's HTTP parser, by Fastify, for a route that does not exist).
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { GatewayRuntime } from "@graphql-hive/gateway-runtime";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Config } from "../../shared/config.js";
import { installObservability, type Metrics, type MetricsGuard, requestIdOptions } from "../../shared/observability.js";
import { stringAt } from "../../shared/narrow.js";
import { installGracefulShutdown } from "../../shared/serve.js";
import { errorBody, type GatewayErrorCode, GatewayErrors } from "./errors.js";
import type { TokenVerifier } from "./jwt.js";
import { maskText } from "./plugins/use-person-id-masking.js";
import type { WorkerLink } from "./workers.js";

/** What the runtime is handed with each request: Fastify's request and reply. */
export interface ServerContext {
  req: FastifyRequest;
  reply: FastifyReply;
}

// A GraphQL context's Fastify request (ServerContext): read field by field, the runtime's types do not say it is there.
export const ipOf = (context: unknown): string => stringAt(context, "req", "ip") ?? "unknown";
export const requestIdOf = (context: unknown): string | undefined => stringAt(context, "req", "id");

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

export interface ShellOptions {
  logger?: false | { level: string };
  bodyLimit?: number;
  verify: TokenVerifier | undefined;
  workers: WorkerLink | undefined;
}

/**
 * The logger's view of a request: Fastify's own fields, the URL with every person ID number in it
 * masked — a GET /graphql carries its variables in the query string, and /merchant/<id> or
 * /verify/<number> take what a visitor typed: none of it reaches the logs in full.
 */
export const requestForLog = (request: FastifyRequest) => ({
  method: request.method,
  url: maskText(decodedForLog(request.url)),
  host: request.host,
  remoteAddress: request.ip,
  remotePort: request.socket?.remotePort,
});

/** A URL as text a reader (and the masking) reads: percent-escapes decoded — `%22<ID>%22` would hide an ID in a longer run of digits. */
function decodedForLog(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url.replace(/%[0-9a-f]{2}/gi, " ");
  }
}

/** The gateway's logger options at `level`, with the masked request view (`stream`: where the lines go, default stdout). */
export const loggerOptions = (level: string, stream?: { write(line: string): void }) => ({
  level,
  serializers: { req: requestForLog },
  ...(stream ? { stream } : {}),
});

/** The Fastify server with graceful shutdown and /metrics; it never listens (`index.ts` does). */
export function createShell(config: Config, options: ShellOptions): { app: FastifyInstance; metrics: Metrics } {
  const level = options.logger === undefined ? config.logLevel : options.logger === false ? undefined : options.logger.level;
  const app = Fastify({
    logger: level && level !== "silent" ? loggerOptions(level) : false,
    bodyLimit: options.bodyLimit ?? 65_536,
    // Behind load balancers (XINYI_TRUSTED_PROXIES): the client's address from their X-Forwarded-For, for per-address limits.
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    clientErrorHandler: answerClientError,
    ...requestIdOptions,
  });
  installGracefulShutdown(app, "gateway");
  const metrics = installObservability(app, "gateway", options.workers, metricsGuard(options.verify));
  return { app, metrics };
}

/**
 * GraphQL over HTTP is JSON: other bodies are refused with 415 and a code. The body bytes as sent
 * are kept in `rawBodies` (a platform service's signature covers them).
 */
export function parseJsonBodies(app: FastifyInstance, rawBodies: WeakMap<FastifyRequest, string>): void {
  app.removeContentTypeParser("text/plain");
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser<string>("application/json", { parseAs: "string" }, (req, body, done) => {
    rawBodies.set(req, body);
    parseJson(req, body, done);
  });
}

/** The GraphQL endpoint (GET, POST, OPTIONS), handed to the runtime after its GET parameters are checked. */
export function serveGraphql(app: FastifyInstance, runtime: GatewayRuntime<ServerContext>): void {
  app.route<{ Querystring: Record<string, unknown> }>({
    url: runtime.graphqlEndpoint,
    method: ["GET", "POST", "OPTIONS"],
    handler: async (req, reply) => {
      const malformed = req.method === "GET" ? malformedQueryParameter(req.query) : undefined;
      if (malformed) return reply.code(400).send(errorBody("BAD_REQUEST", `The ${malformed} parameter must be a JSON object`));
      const response = await runtime.handleNodeRequestAndResponse(req, reply, { req, reply });
      response.headers.forEach((value, key) => void reply.header(key, value));
      reply.status(response.status);
      return reply.send(response.body);
    },
  });
}

/** Refusals by Fastify itself (before the runtime sees the request), and unknown routes, in the same coded shape. */
export function answerRefusals(app: FastifyInstance): void {
  const fastifyCodes: Record<number, GatewayErrorCode> = {
    400: "BAD_REQUEST",
    404: "ROUTE_NOT_FOUND",
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
    reply.code(404).send(errorBody("ROUTE_NOT_FOUND", `No route ${request.method} ${request.url.split("?")[0]}; GraphQL is at /graphql`)),
  );
}
