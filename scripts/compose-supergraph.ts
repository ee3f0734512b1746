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

/**
 * The API schema of a supergraph, as clients see it: every type, field, argument, description
 * and default, without the composition's own machinery (join__/link__ types, directives), sorted.
 */
export function printApiSchema(supergraphSdl: string): string {
  const machinery = (name: string) => name.startsWith("join__") || name.startsWith("link__");
  const stripped = visit(parse(supergraphSdl), {
    Directive: () => null,
    DirectiveDefinition: () => null,
    SchemaDefinition: () => null,
    ScalarTypeDefinition: (node) => (machinery(node.name.value) ? null : undefined),
    EnumTypeDefinition: (node) => (machinery(node.name.value) ? null : undefined),
    InputObjectTypeDefinition: (node) => (machinery(node.name.value) ? null : undefined),
  });
  return printSchema(lexicographicSortSchema(buildASTSchema(stripped, { assumeValidSDL: true })));
}
