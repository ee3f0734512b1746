/** `buildApp(config)`: the health subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { recordDepartment } from "../../shared/records/department.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createHealthContext } from "./context.js";
import { HealthResolver } from "./health.resolver.js";
import { migrations } from "./migrations/index.js";

export const healthDepartment = recordDepartment({ name: "health", migrations, createContext: createHealthContext, resolver: HealthResolver });

export const buildApp = (config: Config, options?: DepartmentAppOptions) => buildDepartmentApp(config, healthDepartment, options);
