/** `buildApp(config)`: the tax subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { recordDepartment } from "../../shared/records/department.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createTaxContext } from "./context.js";
import { migrations } from "./migrations/index.js";
import { TaxResolver } from "./tax.resolver.js";

export const taxDepartment = recordDepartment({ name: "tax", migrations, createContext: createTaxContext, resolver: TaxResolver });

export const buildApp = (config: Config, options?: DepartmentAppOptions) => buildDepartmentApp(config, taxDepartment, options);
