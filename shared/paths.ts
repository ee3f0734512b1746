/** Locations inside the project, the same whether running from source (vitest) or from dist/. */
import fs from "node:fs";
import path from "node:path";

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The project root: the nearest folder above this file holding package.json. */
export const PROJECT_ROOT = findRoot(import.meta.dirname);
export const SCHEMA_DIR = path.join(PROJECT_ROOT, "schema");
export const SUPERGRAPH_FILE = path.join(SCHEMA_DIR, "supergraph.graphql");
/** The client-facing API schema of the supergraph (no federation internals): what frontends generate types from. */
export const API_SCHEMA_FILE = path.join(SCHEMA_DIR, "api.graphql");
