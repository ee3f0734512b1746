/** `buildApp(config)`: the village archive's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { recordDepartment } from "../../shared/records/department.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createVillageContext } from "./context.js";
import { migrations } from "./migrations/index.js";
import { villageData } from "./village-data.js";
import { VillageResolver } from "./village.resolver.js";

export const villageDepartment = {
  ...recordDepartment({ name: "village", migrations, createContext: createVillageContext, resolver: VillageResolver }),
  /** Its data file is checked at start-up: a bad one stops it before it serves. */
  prepare: () => void villageData(),
};

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp(config, villageDepartment, options);
}
