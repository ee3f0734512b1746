/**
 * `npm run gateway -- --supergraph <file> [--no-auth]`: the gateway process serves a supergraph
 * that is not ours, over the subgraph URLs it names, with our runtime configuration — here two
 * small subgraphs of another domain (products and their reviews), composed in the test, each its
 * own HTTP server, and the gateway `scripts/gateway.ts` builds, over HTTP.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import Fastify, { type FastifyInstance } from "fastify";
import { parse } from "graphql";
import mercurius from "mercurius";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../../scripts/process-stats.js";
import { composeSupergraph } from "../../scripts/compose-supergraph.js";
import { buildStandaloneGateway } from "../../scripts/gateway/standalone.js";
import { loadConfig } from "../../shared/config.js";
import { TEST_JWT_SECRET, TEST_SECRET } from "../../testing/federation.js";

const PRODUCTS = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@authenticated"])
  type Query { topProducts(first: Int = 5): [Product!]! secretPrices: [Int!]! @authenticated items: [Item!]! }
  interface Item { name: String! cost: Int }
  type Product implements Item @key(fields: "upc") { upc: ID! name: String! price: Int! cost: Int @authenticated }
  type Gift implements Item { name: String! cost: Int }`;
const REVIEWS = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Product @key(fields: "upc") { upc: ID! reviews: [Review!]! }
  type Review { body: String! stars: Int! }`;
const CATALOGUE = [
  { upc: "1", name: "Table", price: 899 },
  { upc: "2", name: "Couch", price: 1299 },
  { upc: "3", name: "Chair", price: 54 },
];

const servers: FastifyInstance[] = [];
let dir: string;
let supergraphFile: string;

async function serveSubgraph(sdl: string, resolvers: Record<string, unknown>, port: number): Promise<void> {
  const app = Fastify();
  app.register(mercurius, { schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never }), path: "/graphql" });
  await app.listen({ host: "127.0.0.1", port });
  servers.push(app);
}

/** What `npm run gateway -- --supergraph <file> [--no-auth]` builds (scripts/gateway/standalone.ts), listening on a free port. */
async function startGateway(file: string, auth: boolean): Promise<string> {
  const config = loadConfig({
    ...process.env,
    XINYI_DATA_DIR: dir,
    XINYI_LOG_LEVEL: "silent",
    XINYI_GATEWAY_SECRET: TEST_SECRET,
    XINYI_JWT_SECRET: TEST_JWT_SECRET,
    NODE_ENV: "test",
  });
  const app = await buildStandaloneGateway(config, { supergraphFile: file, noAuth: !auth });
  servers.push(app);
  return `${await app.listen({ host: "127.0.0.1", port: 0 })}/graphql`;
}

const post = async (url: string, query: string) =>
  (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-any-supergraph-"));
  const [products, reviews] = await freePorts(2);
  await serveSubgraph(
    PRODUCTS,
    {
      Query: {
        topProducts: (_: unknown, { first }: { first: number }) => CATALOGUE.slice(0, first),
        secretPrices: () => [1, 2],
        items: () => [
          { __typename: "Product", ...CATALOGUE[0], cost: 600 },
          { __typename: "Gift", name: "Card", cost: 0 },
        ],
      },
      Item: { __resolveType: (item: { __typename: string }) => item.__typename },
      Product: { __resolveReference: ({ upc }: { upc: string }) => CATALOGUE.find((p) => p.upc === upc) },
    },
    products,
  );
  await serveSubgraph(REVIEWS, { Product: { reviews: ({ upc }: { upc: string }) => [{ body: `Review of ${upc}`, stars: Number(upc) + 2 }] } }, reviews);
  supergraphFile = path.join(dir, "supergraph.graphql");
  fs.writeFileSync(
    supergraphFile,
    composeSupergraph([
      { name: "products", url: `http://127.0.0.1:${products}/graphql`, sdl: PRODUCTS },
      { name: "reviews", url: `http://127.0.0.1:${reviews}/graphql`, sdl: REVIEWS },
    ]),
  );
  openUrl = await startGateway(supergraphFile, false);
  guardedUrl = await startGateway(supergraphFile, true);
}, 120_000);
let openUrl: string;
let guardedUrl: string;

afterAll(async () => {
  for (const app of servers.reverse()) await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the gateway on a supergraph that is not ours", () => {
  it("plans across its subgraphs at the URLs the supergraph names", async () => {
    const body = await post(openUrl, `{ topProducts(first: 2) { upc name price reviews { body stars } } }`);
    expect(body).toEqual({
      data: {
        topProducts: [
          { upc: "1", name: "Table", price: 899, reviews: [{ body: "Review of 1", stars: 3 }] },
          { upc: "2", name: "Couch", price: 1299, reviews: [{ body: "Review of 2", stars: 4 }] },
        ],
      },
    });
  });

  it("without --no-auth keeps field authorization on that supergraph's @authenticated; with it, leaves it out", async () => {
    const guarded = await post(guardedUrl, `{ secretPrices topProducts(first: 1) { name } }`);
    expect(guarded.data).toEqual({ secretPrices: null, topProducts: [{ name: "Table" }] });
    expect(guarded.errors[0].extensions.code).toBe("UNAUTHORIZED");
    expect((await post(openUrl, `{ secretPrices }`)).data).toEqual({ secretPrices: [1, 2] });
    // A guard on one implementation holds when the field is asked through the interface.
    const viaInterface = await post(guardedUrl, `{ items { name cost } }`);
    expect(viaInterface.errors.map((e: any) => [e.extensions.code, e.path])).toEqual([["UNAUTHORIZED", ["items", "@", "cost"]]]);
    expect(viaInterface.data).toEqual({
      items: [
        { name: "Table", cost: null },
        { name: "Card", cost: null },
      ],
    });
    expect((await post(openUrl, `{ items { name cost } }`)).data).toEqual({
      items: [
        { name: "Table", cost: 600 },
        { name: "Card", cost: 0 },
      ],
    });
  });

  it("keeps our limits and coded errors, and reports its subgraphs' circuits at /readyz", async () => {
    const reserved = await post(openUrl, `{ xinyi_x: topProducts { upc } }`);
    expect(reserved.errors[0].extensions.code).toBe("RESERVED_NAME");
    const aliases = Array.from({ length: 300 }, (_, i) => `r${i}: reviews { body }`).join(" ");
    const deep = await post(openUrl, `{ topProducts { ${aliases} } }`);
    expect(deep.errors[0].extensions.code).toBe("OPERATION_TOO_COMPLEX");
    const ready = await (await fetch(openUrl.replace(/graphql$/, "readyz"))).json();
    expect(ready).toMatchObject({ ready: true, departments: { products: "up", reviews: "up" } });
  });
});
