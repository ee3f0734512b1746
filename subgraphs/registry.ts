/** Every department subgraph, in supergraph order. Adding a department: add it here and in shared/departments.ts. */
import { creditDepartment } from "./credit/app.js";
import { taxDepartment } from "./tax/app.js";

export const DEPARTMENT_DEFINITIONS = [creditDepartment, taxDepartment] as const;
