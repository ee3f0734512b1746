/**
 * The subgraphs of the federation (every department, plus the audit log's read side), in one place: their names (as in the supergraph),
 * the department behind each, and default ports (gateway 4000, subgraphs 4001+).
 */
export const DEPARTMENTS = [
  { name: "credit", title: "市信用办 (public credit office)", defaultPort: 4001 },
  { name: "tax", title: "市税务局 (tax bureau)", defaultPort: 4002 },
  { name: "audit", title: "审计日志 (the gateway's audit log, read side)", defaultPort: 4003 },
] as const;

export type DepartmentName = (typeof DEPARTMENTS)[number]["name"];

export const DEPARTMENT_NAMES: readonly DepartmentName[] = DEPARTMENTS.map((d) => d.name);
