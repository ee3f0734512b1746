/** Every subgraph, in supergraph order (the departments, then the audit log's read side). Adding a department: add it here and in shared/departments.ts. */
import { creditDepartment } from "./credit/app.js";
import { auditDepartment } from "./audit/app.js";
import { creditSeeder } from "./credit/seed.js";
import { evaluationDepartment } from "./evaluation/app.js";
import { healthDepartment } from "./health/app.js";
import { healthSeeder } from "./health/seed.js";
import { marketDepartment } from "./market/app.js";
import { marketSeeder } from "./market/seed.js";
import { publicResourcesDepartment } from "./public-resources/app.js";
import { publicResourcesSeeder } from "./public-resources/seed.js";
import { taxSeeder } from "./tax/seed.js";
import { transportDepartment } from "./transport/app.js";
import { transportSeeder } from "./transport/seed.js";
import { taxDepartment } from "./tax/app.js";

export const DEPARTMENT_DEFINITIONS = [
  creditDepartment,
  taxDepartment,
  healthDepartment,
  transportDepartment,
  publicResourcesDepartment,
  marketDepartment,
  evaluationDepartment,
  auditDepartment,
] as const;

/** The departments' synthetic-data generators (scripts/generate). */
export const SEEDERS = [creditSeeder, taxSeeder, healthSeeder, transportSeeder, publicResourcesSeeder, marketSeeder] as const;
