/**
 * The subgraphs of the federation (every department, plus the audit log's read side), in one place: their names (as in the supergraph),
 * the department behind each, and default ports (gateway 4000, subgraphs 4001+).
 */
export const DEPARTMENTS = [
  { name: "credit", title: "市信用办 (public credit office)", defaultPort: 4001 },
  { name: "tax", title: "市税务局 (tax bureau)", defaultPort: 4002 },
  { name: "health", title: "市卫健委/医保局 (health commission, medical insurance)", defaultPort: 4003 },
  { name: "transport", title: "市交通运输局 (transport bureau)", defaultPort: 4004 },
  { name: "public-resources", title: "市公管办 (public resources trading office)", defaultPort: 4005 },
  { name: "market", title: "市市场监管局 (market supervision)", defaultPort: 4006 },
  { name: "evaluation", title: "公共信用评价 (live evaluation of the federated profile)", defaultPort: 4007 },
  { name: "audit", title: "审计日志 (the gateway's audit log, read side)", defaultPort: 4009 },
] as const;

export type DepartmentName = (typeof DEPARTMENTS)[number]["name"];

export const DEPARTMENT_NAMES: readonly DepartmentName[] = DEPARTMENTS.map((d) => d.name);
