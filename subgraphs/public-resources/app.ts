/** `buildApp(config)`: the public-resources subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import type { ExtraColumn } from "../../shared/records/import-spec.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createPublicResourcesContext } from "./context.js";
import type { PublicResourcesDB } from "./db.js";
import { migrations } from "./migrations/index.js";
import { PublicResourcesResolver } from "./public-resources.resolver.js";
import { parsePointsCell } from "./policy.js";
import { TradingRecordCategory } from "./public-resources.type.js";
import { buildPublicResourcesSchema } from "./schema.js";

/** The `points` column of an import file: an integer 1–100 on every row. */
const pointsColumn: ExtraColumn = (raw) => parsePointsCell(raw);

export const publicResourcesDepartment = {
  name: "public-resources",
  migrations,
  buildSchema: buildPublicResourcesSchema,
  createContext: createPublicResourcesContext,
  /** `Subject.publicResources`, called directly (the bench's monolith peer). */
  resolveProfile: (subject: { id: string }, ctx: ReturnType<typeof createPublicResourcesContext>) =>
    new PublicResourcesResolver().publicResources(subject, ctx),
  importSpec: {
    table: "trading_records",
    categories: Object.values(TradingRecordCategory),
    extraColumns: { points: pointsColumn },
  },
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<PublicResourcesDB, ReturnType<typeof createPublicResourcesContext>>(config, publicResourcesDepartment, options);
}
