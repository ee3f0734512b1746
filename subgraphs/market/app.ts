/** `buildApp(config)`: the market subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import type { ExtraColumn } from "../../shared/records/import-spec.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createMarketContext } from "./context.js";
import type { MarketDB } from "./db.js";
import { checkAbnormalCause } from "./market.resolver.js";
import { MarketRecordCategory } from "./market.type.js";
import { migrations } from "./migrations/index.js";
import { MarketResolver } from "./market.resolver.js";
import { buildMarketSchema } from "./schema.js";

/** The `abnormal_cause` import column: the same rule as the mutations (required for ABNORMAL_OPERATIONS, absent otherwise). */
const abnormalCauseColumn: ExtraColumn = (raw, input) => {
  const cause = raw?.trim() || null;
  const problem = checkAbnormalCause(input.category, cause);
  return problem ? { problem: `abnormal_cause ${problem}` } : { value: cause };
};

export const marketDepartment = {
  name: "market",
  migrations,
  buildSchema: buildMarketSchema,
  createContext: createMarketContext,
  /** `Subject.market`, called directly (the bench's monolith peer). */
  resolveProfile: (subject: { id: string }, ctx: ReturnType<typeof createMarketContext>) => new MarketResolver().market(subject, ctx),
  importSpec: { table: "market_records", categories: Object.values(MarketRecordCategory), extraColumns: { abnormal_cause: abnormalCauseColumn } },
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<MarketDB, ReturnType<typeof createMarketContext>>(config, marketDepartment, options);
}
