/** `buildApp(config)`: the health subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createHealthContext } from "./context.js";
import type { HealthDB } from "./db.js";
import { HealthRecordCategory } from "./health.type.js";
import { migrations } from "./migrations/index.js";
import { HealthResolver } from "./health.resolver.js";
import { buildHealthSchema } from "./schema.js";

export const healthDepartment = {
  name: "health",
  migrations,
  buildSchema: buildHealthSchema,
  createContext: createHealthContext,
  /** `Subject.health`, called directly (the bench's monolith peer). */
  resolveProfile: (subject: { id: string }, ctx: ReturnType<typeof createHealthContext>) => new HealthResolver().health(subject, ctx),
  importSpec: { table: "health_records", categories: Object.values(HealthRecordCategory) },
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<HealthDB, ReturnType<typeof createHealthContext>>(config, healthDepartment, options);
}
