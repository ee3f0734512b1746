/**
 * One peer of the benchmark, in its own process: `node dist/bench/peer.js <name>` serves on
 * $PORT over the departments the environment names (as the gateway's config does).
 *
 * - xinyi: our gateway as shipped — JWT, scopes, audit, masking, limits, timeouts, metrics;
 * - xinyi-workers: the same with `XINYI_GATEWAY_WORKERS` (BENCH_WORKERS, 2): worker processes
 *   on one port sharing limits, budgets, circuits and metrics through their primary;
 * - xinyi-trusted: ours as shipped with XINYI_TRUSTED_DOCUMENTS=required, the bench's queries as
 *   its trusted documents (the manifest in BENCH_WEB_ROOT), asked by id as a browser asks;
 * - hive-rust: the Hive runtime with the Rust planner and nothing but request signing;
 * - hive-js: the stock Hive runtime (JavaScript planner), signing only;
 * - apollo: Apollo Gateway 2.14 on @apollo/server, signing only (auth directives stripped: it refuses them);
 * - monolith: Fastify + mercurius with every department's resolvers over the same databases.
 */
import fs from "node:fs";
import type http from "node:http";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { parse, print, visit } from "graphql";
import { ANONYMOUS, pathOf, signCallerHeaders } from "../shared/caller.js";
import { loadConfig } from "../shared/config.js";
import { DEPARTMENT_NAMES } from "../shared/departments.js";
import { SUPERGRAPH_FILE } from "../shared/paths.js";
import { runMain, serveUntilSignal } from "../shared/serve.js";

// Each peer loads only its own modules (below), so its memory is its own: ours as shipped does
// not carry Apollo Gateway or the monolith's resolvers.
const ours = () => import("../gateway/src/serve-gateway.js").then((m) => m.serveGateway);
const hive = () => Promise.all([import("@graphql-hive/gateway-runtime"), import("@graphql-hive/router-runtime")]);

/** A request's headers, however the peer's runtime hands them over (a Headers, pairs or a plain object), as a plain object. */
function headerRecord(headers: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers instanceof Headers) headers.forEach((value, name) => (record[name] = value));
  else if (Array.isArray(headers)) for (const [name, value] of headers) record[String(name)] = String(value);
  else if (typeof headers === "object" && headers !== null)
    for (const [name, value] of Object.entries(headers)) if (typeof value === "string") record[name] = value;
  return record;
}

/** The supergraph without @authenticated / @requiresScopes (Apollo Gateway refuses them). */
function stripAuth(sdl: string): string {
  const auth = new Set(["authenticated", "requiresScopes"]);
  return print(
    visit(parse(sdl), {
      Directive: (node) => (auth.has(node.name.value) || (node.name.value === "link" && /requiresScopes|authenticated/.test(print(node))) ? null : undefined),
      DirectiveDefinition: (node) => (auth.has(node.name.value) ? null : undefined),
      ScalarTypeDefinition: (node) => (node.name.value === "requiresScopes__Scope" ? null : undefined),
    }),
  );
}

// Long, and one piece: one peer process, chosen by name; each branch is a few lines of wiring.
runMain(async () => {
  const name = process.argv[2];
  const config = loadConfig();
  const port = config.gatewayPort;
  const supergraph = fs.readFileSync(SUPERGRAPH_FILE, "utf8");
  const secret = config.gatewaySecret;
  const admin = { ...ANONYMOUS, sub: "bench", scopes: ["admin"] };
  const departmentByUrl = new Map<string, string>(DEPARTMENT_NAMES.map((d) => [config.departments[d].url, d]));
  const locations = Object.fromEntries(DEPARTMENT_NAMES.map((d) => [d, { location: config.departments[d].url }]));
  // The peers other than ours sign their department calls as an admin, as our transport does.
  const departmentUrl = new Map<string, string>(DEPARTMENT_NAMES.map((d) => [d, config.departments[d].url]));
  const signedHeaders = (audience: string, url: string, headers: unknown, body: unknown) => ({
    ...headerRecord(headers),
    ...signCallerHeaders(admin, { audience, method: "POST", path: pathOf(url), body: typeof body === "string" ? body : "" }, secret),
  });
  const signing = (): GatewayPlugin[] => [
    {
      onFetch({ url, options: init, setOptions }) {
        setOptions({ ...init, headers: signedHeaders(departmentByUrl.get(url) ?? "", url, init.headers, init.body) });
      },
    },
  ];
  const announce = (): void => void process.stdout.write(`${name}: listening on http://127.0.0.1:${port}/graphql (pid ${process.pid})\n`);
  const listen = async (handler: http.RequestListener) => {
    const server = (await import("node:http")).createServer(handler);
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    // Exit normally on SIGTERM, so a CPU profile (BENCH_PROFILE) is written.
    process.once("SIGTERM", () => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    });
    announce();
  };
  switch (name) {
    case "xinyi":
      return (await ours())({ ...config, gatewayWorkers: 1 }, name, "127.0.0.1", port);
    case "xinyi-trusted": {
      const { buildGateway } = await import("../gateway/src/app.js");
      return serveUntilSignal(await buildGateway(config, { webRoot: process.env.BENCH_WEB_ROOT }), name, "127.0.0.1", port);
    }
    case "xinyi-workers":
      return (await ours())({ ...config, gatewayWorkers: Number(process.env.BENCH_WORKERS ?? 2) }, name, "127.0.0.1", port);
    case "monolith": {
      await import("reflect-metadata");
      const { buildMonolith } = await import("./monolith.js");
      return serveUntilSignal(buildMonolith(config, supergraph), name, "127.0.0.1", port);
    }
    case "hive-rust": {
      const [{ createGatewayRuntime }, { unifiedGraphHandler }] = await hive();
      return listen(
        createGatewayRuntime({
          supergraph,
          unifiedGraphHandler,
          transportEntries: { ...locations, "*.http": { options: { deduplicateInflightRequests: false } } },
          logging: false,
          plugins: signing,
        }),
      );
    }
    case "hive-js": {
      const [{ createGatewayRuntime }] = await hive();
      return listen(createGatewayRuntime({ supergraph, transportEntries: locations, logging: false, plugins: signing }));
    }
    case "apollo": {
      const [{ ApolloGateway, RemoteGraphQLDataSource }, { ApolloServer }, { startStandaloneServer }] = await Promise.all([
        import("@apollo/gateway"),
        import("@apollo/server"),
        import("@apollo/server/standalone"),
      ]);
      const apollo = new ApolloServer({
        gateway: new ApolloGateway({
          supergraphSdl: stripAuth(supergraph),
          buildService: ({ name: subgraph, url }) =>
            new RemoteGraphQLDataSource({
              url: departmentUrl.get(subgraph) ?? url,
              fetcher: (target, init) => {
                // Apollo sends its JSON as a string (or a Buffer of it).
                const body = init?.body === undefined ? undefined : String(init.body);
                return fetch(target, { method: init?.method, body, headers: signedHeaders(subgraph, target, init?.headers, body) });
              },
            }),
        }),
      });
      await startStandaloneServer(apollo, { listen: { port, host: "127.0.0.1" } });
      return announce();
    }
    default:
      throw new Error(`unknown peer "${name}": xinyi, xinyi-workers, xinyi-trusted, hive-rust, hive-js, apollo or monolith`);
  }
});
