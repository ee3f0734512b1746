/**
 * Every subgraph's definition and every record department's seeder, keyed by name. The keys are
 * checked against `shared/departments.ts`: a missing or extra subgraph is a type error.
 */
import type { DepartmentName, RecordDepartmentName } from "../shared/departments.js";
import { DEPARTMENT_NAMES } from "../shared/departments.js";
import type { DepartmentSeeder } from "../shared/seeding/seeder.js";
import type { DepartmentDefinition } from "../shared/subgraph.js";
import { auditDepartment } from "./audit/app.js";
import { creditDepartment } from "./credit/app.js";
import { creditSeeder } from "./credit/seed.js";
import { evaluationDepartment } from "./evaluation/app.js";
import { healthDepartment } from "./health/app.js";
import { incentivesDepartment } from "./incentives/app.js";
import { incentivesSeeder } from "./incentives/seed.js";
import { healthSeeder } from "./health/seed.js";
import { marketDepartment } from "./market/app.js";
import { marketSeeder } from "./market/seed.js";
import { publicResourcesDepartment } from "./public-resources/app.js";
import { publicResourcesSeeder } from "./public-resources/seed.js";
import { taxDepartment } from "./tax/app.js";
import { taxSeeder } from "./tax/seed.js";
import { transportDepartment } from "./transport/app.js";
import { transportSeeder } from "./transport/seed.js";
import { villageDepartment } from "./village/app.js";
import { villageSeeder } from "./village/seed.js";

// biome-ignore lint/suspicious/noExplicitAny: each department has its own database and context types; the kernel only passes them through.
type AnyDefinition = DepartmentDefinition<any, any>;

const DEFINITIONS = {
  credit: creditDepartment,
  tax: taxDepartment,
  health: healthDepartment,
  transport: transportDepartment,
  "public-resources": publicResourcesDepartment,
  market: marketDepartment,
  village: villageDepartment,
  evaluation: evaluationDepartment,
  incentives: incentivesDepartment,
  audit: auditDepartment,
} satisfies Record<DepartmentName, AnyDefinition>;

/** Every subgraph's definition, in supergraph order (the departments, then the audit log's read side). */
export const DEPARTMENT_DEFINITIONS: readonly AnyDefinition[] = DEPARTMENT_NAMES.map((name) => DEFINITIONS[name]);

const SEEDER_BY_NAME = {
  credit: creditSeeder,
  tax: taxSeeder,
  health: healthSeeder,
  transport: transportSeeder,
  "public-resources": publicResourcesSeeder,
  market: marketSeeder,
  village: villageSeeder,
  incentives: incentivesSeeder,
} satisfies Record<RecordDepartmentName, DepartmentSeeder> & Partial<Record<DepartmentName, DepartmentSeeder>>;

/** The synthetic-data generators: every record department's, and the incentives' demo ledger. */
export const SEEDERS: readonly DepartmentSeeder[] = Object.values(SEEDER_BY_NAME);
