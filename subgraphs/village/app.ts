/** `buildApp(config)`: the village subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createVillageContext } from "./context.js";
import type { VillageDB } from "./db.js";
import { migrations } from "./migrations/index.js";
import { VillageResolver } from "./village.resolver.js";
import { buildVillageSchema } from "./schema.js";
import { VillageRecordCategory } from "./village.type.js";

export const villageDepartment = {
  name: "village",
  migrations,
  buildSchema: buildVillageSchema,
  createContext: createVillageContext,
  /** `Subject.village`, called directly (the bench's monolith peer). */
  resolveProfile: (subject: { id: string }, ctx: ReturnType<typeof createVillageContext>) => new VillageResolver().village(subject, ctx),
  importSpec: { table: "village_records", categories: Object.values(VillageRecordCategory) },
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<VillageDB, ReturnType<typeof createVillageContext>>(config, villageDepartment, options);
}
