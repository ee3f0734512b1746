/**
 * `npm run compose`: regenerates schema/<dept>.graphql, schema/supergraph.json, schema/supergraph.graphql
 * and its API schema schema/api.graphql (what clients generate types from).
 */
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { API_SCHEMA_FILE, SCHEMA_DIR, SUPERGRAPH_FILE } from "../shared/paths.js";
import { runMain } from "../shared/serve.js";
import { composeSupergraph, printApiSchema, printSubgraphSdls } from "./compose-supergraph.js";

runMain(async () => {
  const subgraphs = await printSubgraphSdls();
  fs.mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const s of subgraphs) {
    fs.writeFileSync(path.join(SCHEMA_DIR, `${s.name}.graphql`), `${s.sdl.trim()}\n`);
    process.stdout.write(`printed schema/${s.name}.graphql\n`);
  }
  const config = subgraphs.map((s) => ({ name: s.name, url: s.url, sdl: `${s.name}.graphql` }));
  fs.writeFileSync(path.join(SCHEMA_DIR, "supergraph.json"), `${JSON.stringify({ subgraphs: config }, null, 2)}\n`);
  const supergraph = composeSupergraph(subgraphs);
  fs.writeFileSync(SUPERGRAPH_FILE, supergraph);
  process.stdout.write(`composed schema/supergraph.graphql from ${subgraphs.length} subgraphs\n`);
  fs.writeFileSync(API_SCHEMA_FILE, `${printApiSchema(supergraph)}\n`);
  process.stdout.write("printed its API schema to schema/api.graphql\n");
});
