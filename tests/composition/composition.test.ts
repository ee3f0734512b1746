/**
 * The committed schema/ is what the code composes today, and it composes with Apollo's
 * composition too, so Hive Router or Apollo Router can replace our gateway; the published API
 * schema (schema/api.graphql) is current and documents everything a client can ask for.
 */
import fs from "node:fs";
import path from "node:path";
import { composeServices as composeWithApollo } from "@apollo/composition";
import { buildSchema, isEnumType, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { API_SCHEMA_FILE, SCHEMA_DIR, SUPERGRAPH_FILE } from "../../shared/paths.js";
import { composeSupergraph, printApiSchema, printSubgraphSdls } from "../../scripts/compose-supergraph.js";

const subgraphs = await printSubgraphSdls();

describe("the committed supergraph", () => {
  it("equals a fresh compose of the subgraphs' printed SDL (run `npm run compose` if not)", () => {
    for (const s of subgraphs) {
      expect(fs.readFileSync(path.join(SCHEMA_DIR, `${s.name}.graphql`), "utf8").trim(), `schema/${s.name}.graphql`).toBe(s.sdl.trim());
    }
    expect(fs.readFileSync(SUPERGRAPH_FILE, "utf8")).toBe(composeSupergraph(subgraphs));
    expect(fs.readFileSync(API_SCHEMA_FILE, "utf8"), "schema/api.graphql").toBe(`${printApiSchema(composeSupergraph(subgraphs))}\n`);
  });

  it("publishes an API schema that describes every type, field, argument and enum value a client can use", () => {
    const schema = buildSchema(fs.readFileSync(API_SCHEMA_FILE, "utf8"));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      // The access directive's scalar is the composition's; the root types are described by their fields.
      if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID", "requiresScopes__Scope"].includes(type.name)) continue;
      if (!type.description && !["Query", "Mutation"].includes(type.name)) missing.push(`type ${type.name}`);
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      if (!("getFields" in type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const argument of "args" in field ? field.args : []) if (!argument.description) missing.push(`${type.name}.${field.name}(${argument.name})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("also composes with @apollo/composition, to the same API schema", () => {
    const apollo = composeWithApollo(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
    expect(apollo.errors ?? []).toEqual([]);
    const ours = printApiSchema(fs.readFileSync(SUPERGRAPH_FILE, "utf8"));
    const theirs = printApiSchema(apollo.supergraphSdl!);
    expect(ours).toContain("type Subject");
    expect(ours.split("\n").length).toBeGreaterThan(500);
    expect(theirs).toEqual(ours);
  });

  it("gives every type and field a description", () => {
    const missing: string[] = [];
    for (const s of subgraphs) {
      const schema = buildSchema(s.sdl.replace(/^extend schema[\s\S]*?\n\n/, ""), { assumeValidSDL: true });
      for (const type of Object.values(schema.getTypeMap())) {
        if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) continue;
        // A type or field another subgraph owns (@external) is documented by its owner.
        const external = (node: { directives?: readonly { name: { value: string } }[] } | null | undefined) =>
          node?.directives?.some((d) => d.name.value === "external");
        if (!type.description && !external(type.astNode) && !["Query", "Mutation"].includes(type.name)) missing.push(`${s.name}: type ${type.name}`);
        if ("getFields" in type) {
          for (const field of Object.values(type.getFields())) {
            if (!field.description && !external(field.astNode) && !external(type.astNode)) missing.push(`${s.name}: ${type.name}.${field.name}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
