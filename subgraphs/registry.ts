/** Every subgraph, in supergraph order (the departments, then the audit log's read side). Adding a department: add it here and in shared/departments.ts. */
import { creditDepartment } from "./credit/app.js";
import { auditDepartment } from "./audit/app.js";
import { creditSeeder } from "./credit/seed.js";
import { taxSeeder } from "./tax/seed.js";
import { taxDepartment } from "./tax/app.js";

export const DEPARTMENT_DEFINITIONS = [creditDepartment, taxDepartment, auditDepartment] as const;

/** The departments' synthetic-data generators (scripts/generate). */
export const SEEDERS = [creditSeeder, taxSeeder] as const;
