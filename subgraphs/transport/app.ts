/** `buildApp(config)`: the transport subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createTransportContext } from "./context.js";
import type { TransportDB } from "./db.js";
import { migrations } from "./migrations/index.js";
import { TransportResolver } from "./transport.resolver.js";
import { buildTransportSchema } from "./schema.js";
import { TransportRecordCategory } from "./transport.type.js";

export const transportDepartment = {
  name: "transport",
  migrations,
  buildSchema: buildTransportSchema,
  createContext: createTransportContext,
  /** `Subject.transport`, called directly (the bench's monolith peer). */
  resolveProfile: (subject: { id: string }, ctx: ReturnType<typeof createTransportContext>) => new TransportResolver().transport(subject, ctx),
  importSpec: { table: "transport_records", categories: Object.values(TransportRecordCategory) },
} as const;

export function buildApp(config: Config, options?: DepartmentAppOptions) {
  return buildDepartmentApp<TransportDB, ReturnType<typeof createTransportContext>>(config, transportDepartment, options);
}
