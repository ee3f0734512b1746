/**
 * `buildGateway(config)`: the Fastify shell around the Hive Gateway runtime on the committed
 * supergraph, with the Rust query planner. Never listens; `index.ts` does.
 */
import fs from "node:fs";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { ANONYMOUS, type Caller } from "../../shared/caller.js";
import type { Config } from "../../shared/config.js";
import { DEPARTMENT_NAMES } from "../../shared/departments.js";
import { SUPERGRAPH_FILE } from "../../shared/paths.js";
import { useDepartmentErrors } from "./plugins/use-department-errors.js";
import { useSubgraphSigning } from "./plugins/use-subgraph-signing.js";

export interface GatewayOptions {
  /** Supergraph SDL. @default the committed schema/supergraph.graphql */
  supergraph?: string;
  /** Fastify logger. @default false */
  logger?: boolean;
}

interface ServerContext {
  req: FastifyRequest;
  reply: FastifyReply;
}

/** The caller of a request. Until authentication lands this is an anonymous caller with the stated purpose. */
function resolveCaller(context: object | undefined): Caller {
  const request = (context as { request?: Request } | undefined)?.request;
  const purpose = request?.headers.get("x-purpose") ?? undefined;
  return purpose ? { ...ANONYMOUS, purpose } : ANONYMOUS;
}

export function buildGateway(config: Config, options: GatewayOptions = {}) {
  const departmentByUrl = new Map(DEPARTMENT_NAMES.map((name) => [config.departments[name].url, name]));
  const transportEntries: Record<string, { location?: string; options?: Record<string, unknown> }> = {
    // In-flight de-duplication off: measured faster, results unchanged (TOOLCHAIN.md).
    "*.http": { options: { deduplicateInflightRequests: false } },
  };
  for (const name of DEPARTMENT_NAMES) transportEntries[name] = { location: config.departments[name].url };

  const gateway = createGatewayRuntime<ServerContext>({
    supergraph: options.supergraph ?? fs.readFileSync(SUPERGRAPH_FILE, "utf8"),
    unifiedGraphHandler,
    transportEntries,
    logging: false,
    graphqlEndpoint: "/graphql",
    graphiql: config.nodeEnv !== "production" ? { title: "Xinyi 信易 — unified subject profile" } : false,
    // GraphiQL's scripts inlined from the npm package: the default loads them from a CDN.
    renderGraphiQL,
    landingPage: false,
    maskedErrors: config.nodeEnv === "production",
    plugins: () => [
      useDepartmentErrors({ departmentOf: (url) => departmentByUrl.get(url) }),
      useSubgraphSigning({ secret: config.gatewaySecret, resolveCaller }),
    ],
  });

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1_048_576 });
  app.route({
    url: gateway.graphqlEndpoint,
    method: ["GET", "POST", "OPTIONS"],
    handler: async (req, reply) => {
      const response = await gateway.handleNodeRequestAndResponse(req, reply, { req, reply });
      response.headers.forEach((value, key) => void reply.header(key, value));
      reply.status(response.status);
      return reply.send(response.body);
    },
  });
  app.get("/healthz", async () => ({ status: "ok", service: "gateway" }));
  app.addHook("onClose", async () => {
    await gateway[Symbol.asyncDispose]();
  });
  return app;
}
