/**
 * What client tools see of the development gateway: the standard introspection query
 * (`getIntrospectionQuery()`, sent by GraphiQL, GraphQL Code Generator, Rover, Postman, IDE
 * plugins) answers, anonymously and with a token, while a deep selection dressed up as
 * introspection is still refused; and the published schema/api.graphql is exactly what it
 * introspects, so frontends can generate types where introspection is off (production).
 */
import fs from "node:fs";
import path from "node:path";
import { buildClientSchema, buildSchema, getIntrospectionQuery, type IntrospectionQuery, lexicographicSortSchema, printSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA_DIR } from "../../shared/paths.js";
import { type As, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation({ subjects: 50 });
});
afterAll(async () => {
  await fed?.close();
});

/** Every option a current tool turns on (GraphiQL 5 and Code Generator ask for these). */
const FULL_INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});

const codesOf = (body: { errors?: { extensions?: { code?: string } }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);
const deep = (levels: number) => "subjects(first: 1) { nodes { ".repeat(levels) + "id" + " } }".repeat(levels);

describe("introspection in development", () => {
  it("answers getIntrospectionQuery() anonymously, with a token, and with every option a tool asks for", async () => {
    for (const [query, as] of [
      [getIntrospectionQuery(), undefined],
      [getIntrospectionQuery(), { scopes: ["profile:read"], purpose: "codegen" }],
      [FULL_INTROSPECTION, { scopes: ["dept:tax"] }],
    ] as [string, As | undefined][]) {
      const { status, body } = await fed.query<IntrospectionQuery>(query, undefined, as);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const schema = buildClientSchema(body.data);
      expect(schema.getQueryType()?.getFields().subject).toBeDefined();
    }
  });

  it("is not charged to the token's cost budget: a tool may reload the schema, while data over the budget is refused", async () => {
    const tight = await fed.startGateway({ XINYI_COST_PER_MINUTE: "300" });
    try {
      const token = await fed.token(["dept:tax", "profile:read"], "schema-poller");
      const post = async (query: string) => {
        const response = await fetch(tight.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "test" },
          body: JSON.stringify({ query }),
        });
        return response.json();
      };
      // getIntrospectionQuery() selects about 220 fields: charged, the second would be over 300.
      for (let i = 0; i < 5; i++) expect(codesOf(await post(getIntrospectionQuery()))).toEqual([]);
      const page = `{ subjects(first: 100) { nodes { id name } } }`;
      const answers = [await post(page), await post(page)];
      expect(answers.flatMap(codesOf)).toContain("RATE_LIMITED");
    } finally {
      await tight.close();
    }
  });

  it("still refuses a deep selection of data, beside __typename, behind an alias named __schema, or in a fragment", async () => {
    const disguised = [
      `{ __typename ${deep(8)} }`,
      `{ __schema: ${deep(8)} }`,
      `{ __schema { queryType { name } } ${deep(8)} }`,
      `{ __type(name: "Subject") { name } ...Deep } fragment Deep on Query { ${deep(8)} }`,
    ];
    for (const query of disguised) {
      const { body } = await fed.query(query, undefined, { scopes: ["profile:read"], purpose: "test" });
      expect(codesOf(body), query).toContain("OPERATION_TOO_COMPLEX");
      expect(body.data ?? null, query).toBeNull();
    }
  });

  it("bounds introspection itself: nested type lists and very deep ofType chains are refused", async () => {
    const nested = await fed.query(`{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`);
    expect(nested.body.errors?.length).toBeGreaterThan(0);
    expect(nested.body.data ?? null).toBeNull();
    const ofType = "ofType { ".repeat(40) + "name" + " }".repeat(40);
    const chain = await fed.query(`{ __type(name: "Subject") { fields { type { ${ofType} } } } }`);
    expect(codesOf(chain.body)).toContain("OPERATION_TOO_COMPLEX");
  });

  it("stays off in production", async () => {
    const production = await fed.startGateway({ NODE_ENV: "production" });
    try {
      const response = await fetch(production.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: getIntrospectionQuery() }),
      });
      const answer = await response.json();
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors.length).toBeGreaterThan(0);
    } finally {
      await production.close();
    }
  });
});

describe("schema/api.graphql", () => {
  const published = fs.readFileSync(path.join(SCHEMA_DIR, "api.graphql"), "utf8");

  it("has no federation internals and parses as a schema", () => {
    expect(published).not.toMatch(/join__|link__|@join|@link/);
    const schema = buildSchema(published);
    expect(schema.getQueryType()?.name).toBe("Query");
    expect(schema.getMutationType()?.getFields().recordTaxViolation).toBeDefined();
  });

  it("is the schema the development gateway introspects, descriptions included", async () => {
    const { body } = await fed.query<IntrospectionQuery>(FULL_INTROSPECTION);
    const introspected = printSchema(lexicographicSortSchema(buildClientSchema(body.data)));
    expect(published.trim()).toBe(introspected.trim());
    expect(published).toContain('"""');
  });
});
