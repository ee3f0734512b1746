/**
 * The department subgraphs of the federation, in one place: their names (as in the supergraph),
 * the department behind each, and default ports (gateway 4000, subgraphs 4001+).
 */
export const DEPARTMENTS = [
  { name: "credit", title: "市信用办 (public credit office)", defaultPort: 4001 },
  { name: "tax", title: "市税务局 (tax bureau)", defaultPort: 4002 },
] as const;

export type DepartmentName = (typeof DEPARTMENTS)[number]["name"];

export const DEPARTMENT_NAMES: readonly DepartmentName[] = DEPARTMENTS.map((d) => d.name);
