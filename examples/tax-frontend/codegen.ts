/**
 * GraphQL Code Generator for the tax bureau's frontend: TypeScript types of its operations
 * (in tax-client.ts), from the published API schema — which works where introspection is off
 * (production). Run from the project root: `npx graphql-codegen --config examples/tax-frontend/codegen.ts`.
 * Against a development gateway instead: `schema: "http://127.0.0.1:4000/graphql"`.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

/** How the types are written; the same for either schema source. */
export const OUTPUT = {
  plugins: ["typescript", "typescript-operations"],
  config: {
    // Dates travel as ISO strings (YYYY-MM-DD).
    scalars: { Date: "string" },
    enumsAsTypes: true,
    onlyOperationTypes: true,
    useTypeImports: true,
  },
};

const config: CodegenConfig = {
  schema: "schema/api.graphql",
  documents: ["examples/tax-frontend/tax-client.ts"],
  generates: { "examples/tax-frontend/graphql.ts": OUTPUT },
  silent: true,
};

export default config;
