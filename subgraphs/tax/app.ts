/** `buildApp(config)`: the tax subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createTaxContext } from "./context.js";
import type { TaxDB } from "./db.js";
import { migrations } from "./migrations/index.js";
import { TaxResolver } from "./tax.resolver.js";
import { buildTaxSchema } from "./schema.js";
import { TaxViolationCategory } from "./tax.type.js";

export const taxDepartment = {
  name: "tax",
  migrations,
  buildSchema: buildTaxSchema,
  createContext: createTaxContext,
  /** `Subject.tax`, called directly (the bench's monolith peer). */
  resolveProfile: (subject: { id: string }, ctx: ReturnType<typeof createTaxContext>) => new TaxResolver().tax(subject, ctx),
  importSpec: { table: "tax_violations", categories: Object.values(TaxViolationCategory) },
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<TaxDB, ReturnType<typeof createTaxContext>>(config, taxDepartment, options);
}
