/**
 * `npm run bench`: the whole-profile query (six departments + the live evaluation) through five
 * peers on the same subgraphs, in the same process run, interleaved rounds; prints requests/s and
 * ratios to Apollo Gateway. Not a test: no thresholds, the machine is shared and noisy.
 *
 * - xinyi: our gateway (Hive runtime, Rust planner) with every plugin: JWT, audit write, masking, limits;
 * - hive-rust: the Hive runtime with the Rust planner and nothing but request signing;
 * - hive-js: the stock Hive runtime (JavaScript planner), signing only;
 * - apollo: Apollo Gateway 2.14 on @apollo/server, signing only (auth directives stripped: it refuses them);
 * - monolith: the same resolvers called in process, no HTTP, no planning — the physical limit.
 */
import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
import fs from "node:fs";
import { parse, print, visit } from "graphql";
import { ANONYMOUS, pathOf, signCallerHeaders } from "../shared/caller.js";
import { createCursorCodec } from "../shared/pagination.js";
import { createDatabase } from "../shared/db.js";
import { DEPARTMENT_NAMES } from "../shared/departments.js";
import { SUPERGRAPH_FILE } from "../shared/paths.js";
import { useSubgraphSigning } from "../gateway/src/plugins/use-subgraph-signing.js";
import { ANALYST, startFederation } from "../testing/federation.js";
import { createCreditContext } from "../subgraphs/credit/context.js";
import { SubjectResolver, toSubject } from "../subgraphs/credit/subject.resolver.js";
import { activePolicy } from "../subgraphs/evaluation/policy.js";
import { evaluateProfile } from "../subgraphs/evaluation/score.js";
import { createHealthContext } from "../subgraphs/health/context.js";
import { HealthResolver } from "../subgraphs/health/health.resolver.js";
import { createMarketContext } from "../subgraphs/market/context.js";
import { MarketResolver } from "../subgraphs/market/market.resolver.js";
import { createPublicResourcesContext } from "../subgraphs/public-resources/context.js";
import { PublicResourcesResolver } from "../subgraphs/public-resources/public-resources.resolver.js";
import { createTaxContext } from "../subgraphs/tax/context.js";
import { TaxResolver } from "../subgraphs/tax/tax.resolver.js";
import { createTransportContext } from "../subgraphs/transport/context.js";
import { TransportResolver } from "../subgraphs/transport/transport.resolver.js";

const RECORD = "id category severity decidedOn publicityEndsOn closedOn";
const PROFILE = `query Profile($id: ID!) { subject(id: $id) {
  id name kind district
  listEntries { id list status listedOn expiresOn } commitments { id fulfilment dueOn fulfilledOn }
  tax { ratings { year level } violations { ${RECORD} } }
  health { payAfterVisits records { ${RECORD} } }
  transport { couponUses records { ${RECORD} } }
  publicResources { warningThreshold records { ${RECORD} points pointsValidUntil } }
  market { complaints records { ${RECORD} } }
  evaluation(asOf: "2026-11-01") { score level codeColor reasons { department recordId points } }
} }`;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = 8;

type Peer = { name: string; run: (id: string) => Promise<unknown> };

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

async function main() {
  process.stderr.write("bench: seeding 2,000 subjects and starting the subgraphs…\n");
  // Rate limits raised: the bench is one token sending thousands of requests a minute.
  const fed = await startFederation({
    subjects: 2000,
    instrument: false,
    env: { XINYI_RATE_LIMIT_PER_MINUTE: "10000000", XINYI_IP_RATE_LIMIT_PER_MINUTE: "10000000" },
  });
  const ids: string[] = (await fed.query(`{ subjects(first: 100) { nodes { id } } }`, undefined, ANALYST)).body.data.subjects.nodes.map(
    (n: { id: string }) => n.id,
  );
  const secret = fed.config.gatewaySecret;
  const supergraph = fs.readFileSync(SUPERGRAPH_FILE, "utf8");
  const locations = Object.fromEntries(DEPARTMENT_NAMES.map((name) => [name, { location: fed.subgraphUrl(name) }]));
  const post =
    (url: string, headers: Record<string, string> = {}) =>
    async (id: string) => {
      const r = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: PROFILE, variables: { id } }),
      });
      const body = (await r.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`${url}: ${JSON.stringify(body.errors).slice(0, 300)}`);
      return body;
    };
  const serve = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, close: () => new Promise((r) => server.close(r)) };
  };
  const departmentByUrl = new Map(DEPARTMENT_NAMES.map((name) => [fed.subgraphUrl(name), name as string]));
  const signing = () => [
    useSubgraphSigning({ secret, departmentOf: (url) => departmentByUrl.get(url), resolveCaller: () => ({ ...ANONYMOUS, scopes: ["admin"] }) }),
  ];
  const hiveRust = createGatewayRuntime({
    supergraph,
    unifiedGraphHandler,
    transportEntries: { ...locations, "*.http": { options: { deduplicateInflightRequests: false } } },
    logging: false,
    plugins: signing,
  });
  const hiveJs = createGatewayRuntime({ supergraph, transportEntries: locations, logging: false, plugins: signing });
  const rustServer = await serve(hiveRust);
  const jsServer = await serve(hiveJs);

  const withoutAuth = stripAuth(supergraph);
  const apollo = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: withoutAuth,
      buildService: ({ name }) =>
        new RemoteGraphQLDataSource({
          url: fed.subgraphUrl(name as (typeof DEPARTMENT_NAMES)[number]),
          fetcher: (url, init) => {
            const body = typeof init?.body === "string" ? init.body : "";
            return fetch(url, {
              ...init,
              headers: {
                ...(init?.headers as Record<string, string>),
                ...signCallerHeaders({ ...ANONYMOUS, scopes: ["admin"] }, { audience: name, method: "POST", path: pathOf(String(url)), body }, secret),
              },
            } as RequestInit) as any; // the Fetcher type is node-fetch's
          },
        }),
    }),
  });
  const { url: apolloUrl } = await startStandaloneServer(apollo, { listen: { port: 0, host: "127.0.0.1" } });

  // The monolith: every department's resolver, in process, with fresh loaders per request.
  const dbs = Object.fromEntries(DEPARTMENT_NAMES.map((name) => [name, createDatabase<any>({ department: name, dataDir: fed.config.dataDir }).db]));
  const policy = activePolicy();
  const caller = { sub: "bench", scopes: ["admin"] };
  const services = { findMissingSubjects: async () => [], cursors: createCursorCodec(secret) };
  const monolith = async (id: string) => {
    const credit = createCreditContext(dbs.credit, caller, services);
    const row = await credit.loaders.subject.load(id);
    const subject = toSubject(row!, caller);
    const resolver = new SubjectResolver();
    const [listEntries, commitments, tax, health, transport, publicResources, market] = await Promise.all([
      resolver.listEntries(subject, credit),
      resolver.commitments(subject, credit),
      new TaxResolver().tax(subject, createTaxContext(dbs.tax, caller, services)),
      new HealthResolver().health(subject, createHealthContext(dbs.health, caller, services)),
      new TransportResolver().transport(subject, createTransportContext(dbs.transport, caller, services)),
      new PublicResourcesResolver().publicResources(subject, createPublicResourcesContext(dbs["public-resources"], caller, services)),
      new MarketResolver().market(subject, createMarketContext(dbs.market, caller, services)),
    ]);
    const profile = { ...subject, listEntries, commitments, tax, health, transport, publicResources, market };
    return JSON.stringify({ ...profile, evaluation: evaluateProfile(profile as any, policy, "2026-11-01") }); // resolver outputs carry the facts the engine reads
  };

  const token = await fed.token(["profile:read", "pii:read"], "bench");
  const peers: Peer[] = [
    { name: "xinyi", run: post(fed.gatewayUrl, { authorization: `Bearer ${token}`, "x-purpose": "bench" }) },
    { name: "hive-rust", run: post(rustServer.url) },
    { name: "hive-js", run: post(jsServer.url) },
    { name: "apollo", run: post(apolloUrl) },
    { name: "monolith", run: monolith },
  ];
  // BENCH_PEERS=xinyi,hive-rust runs only those (e.g. under --cpu-prof); Apollo stays the reference when present.
  const only = process.env.BENCH_PEERS?.split(",");
  if (only) peers.splice(0, peers.length, ...peers.filter((p) => only.includes(p.name)));
  for (const peer of peers) await peer.run(ids[0]); // warm up, and fail fast on a broken peer

  const rates: Record<string, number[]> = Object.fromEntries(peers.map((p) => [p.name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const peer of peers) {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < REQUESTS) await peer.run(ids[next++ % ids.length]);
        }),
      );
      rates[peer.name].push(REQUESTS / ((performance.now() - started) / 1000));
    }
    process.stderr.write(`bench: round ${round}/${ROUNDS} done\n`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const reference = rates.apollo ? "apollo" : peers[0].name;
  const base = median(rates[reference]);
  process.stdout.write(
    `\nwhole-profile query, ${REQUESTS} requests × ${ROUNDS} rounds, concurrency ${CONCURRENCY}, median requests/s (ratio to ${reference}):\n`,
  );
  for (const peer of peers)
    process.stdout.write(
      `  ${peer.name.padEnd(10)} ${median(rates[peer.name]).toFixed(0).padStart(6)} req/s   ${(median(rates[peer.name]) / base).toFixed(2)}×\n`,
    );

  await apollo.stop();
  await rustServer.close();
  await jsServer.close();
  for (const db of Object.values(dbs)) await db.destroy();
  await fed.close();
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
