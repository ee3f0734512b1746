/** `buildApp(config)`: the transport subgraph's Fastify app, migrated and ready, never listening. */
import type { Config } from "../../shared/config.js";
import { recordDepartment } from "../../shared/records/department.js";
import { buildDepartmentApp, type DepartmentAppOptions } from "../../shared/subgraph.js";
import { createTransportContext } from "./context.js";
import { migrations } from "./migrations/index.js";
import { TransportResolver } from "./transport.resolver.js";

export const transportDepartment = recordDepartment({ name: "transport", migrations, createContext: createTransportContext, resolver: TransportResolver });

export const buildApp = (config: Config, options?: DepartmentAppOptions) => buildDepartmentApp(config, transportDepartment, options);
