/**
 * Build-time composition: each department's printed subgraph SDL, composed into the supergraph
 * with `@theguild/federation-composition` (MIT). `schema/` holds the results, committed.
 */
import { printSubgraphSchema } from "@apollo/subgraph";
import { composeServices } from "@theguild/federation-composition";
import { buildASTSchema, lexicographicSortSchema, parse, printSchema, visit } from "graphql";
import { DEPARTMENTS } from "../shared/departments.js";
import { DEPARTMENT_DEFINITIONS } from "../subgraphs/registry.js";

export interface SubgraphSdl {
  name: string;
  /** Default URL baked into the supergraph; the gateway overrides it from its config. */
  url: string;
  sdl: string;
}

/** Prints every department's subgraph SDL from its type-graphql classes. */
export async function printSubgraphSdls(): Promise<SubgraphSdl[]> {
  const result: SubgraphSdl[] = [];
  for (const department of DEPARTMENT_DEFINITIONS) {
    const port = DEPARTMENTS.find((d) => d.name === department.name)!.defaultPort;
    const schema = await department.buildSchema();
    result.push({ name: department.name, url: `http://127.0.0.1:${port}/graphql`, sdl: printSubgraphSchema(schema) });
  }
  return result;
}

/** Composes the supergraph SDL, or throws listing every composition error. */
export function composeSupergraph(subgraphs: SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join("\n")}`);
  return result.supergraphSdl;
}

/** Built-in directives, kept where the supergraph applies them. */
const BUILT_IN_DIRECTIVES = new Set(["deprecated", "specifiedBy", "oneOf"]);
/**
 * The access directives the gateway enforces: declared to clients as the gateway declares them
 * (their applications are not shown: introspection shows none). Every other directive is the
 * composition's machinery.
 */
const ACCESS_DIRECTIVES = new Set(["authenticated", "requiresScopes", "policy"]);

/**
 * The API schema of a supergraph, as clients see it — what the gateway introspects, committed as
 * schema/api.graphql: every type, field, argument, description and default, without the
 * composition's own machinery (`join__`/`link__` types and directives), sorted.
 */
export function printApiSchema(supergraphSdl: string): string {
  const machinery = (node: { name: { value: string } }) => (/^(join|link)__/.test(node.name.value) ? null : undefined);
  const stripped = visit(parse(supergraphSdl), {
    Directive: (node) => (BUILT_IN_DIRECTIVES.has(node.name.value) ? undefined : null),
    DirectiveDefinition: (node) => (ACCESS_DIRECTIVES.has(node.name.value) ? undefined : null),
    SchemaDefinition: () => null,
    ScalarTypeDefinition: machinery,
    EnumTypeDefinition: machinery,
    InputObjectTypeDefinition: machinery,
  });
  return printSchema(lexicographicSortSchema(buildASTSchema(stripped, { assumeValidSDL: true })));
}
