/** `buildApp(config)`: the public-resources subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import type { ExtraColumn } from "../../shared/records/import-spec.js";
import { recordDepartment } from "../../shared/records/department.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createPublicResourcesContext } from "./context.js";
import { migrations } from "./migrations/index.js";
import { parsePointsCell } from "./policy.js";
import { PublicResourcesResolver } from "./public-resources.resolver.js";

/** The `points` column of an import file: an integer 1–100 on every row. */
const pointsColumn: ExtraColumn = (raw) => parsePointsCell(raw);

export const publicResourcesDepartment = recordDepartment({
  name: "public-resources",
  migrations,
  createContext: createPublicResourcesContext,
  resolver: PublicResourcesResolver,
  extraColumns: { points: pointsColumn },
});

export const buildApp = (config: Config, options?: DepartmentAppOptions) => buildDepartmentApp(config, publicResourcesDepartment, options);
