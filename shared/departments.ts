/**
 * The subgraphs of the federation, in one place: their names (as in the supergraph), the
 * department behind each, default ports (gateway 4000, subgraphs 4001+), and the field each
 * record-keeping department adds to `Subject`. Configuration, scopes, the gateway's routing and
 * the tests derive from this list; `subgraphs/registry.ts` must define exactly these (a type error
 * otherwise). Adding a department: one line here, one in the registry, `npm run compose`.
 */
export const DEPARTMENTS = [
  { name: "credit", title: "市信用办 (public credit office)", defaultPort: 4001, keepsRecords: true, profileField: null },
  { name: "tax", title: "市税务局 (tax bureau)", defaultPort: 4002, keepsRecords: true, profileField: "tax" },
  { name: "health", title: "市卫健委/医保局 (health commission, medical insurance)", defaultPort: 4003, keepsRecords: true, profileField: "health" },
  { name: "transport", title: "市交通运输局 (transport bureau)", defaultPort: 4004, keepsRecords: true, profileField: "transport" },
  { name: "public-resources", title: "市公管办 (public resources trading office)", defaultPort: 4005, keepsRecords: true, profileField: "publicResources" },
  { name: "market", title: "市市场监管局 (market supervision)", defaultPort: 4006, keepsRecords: true, profileField: "market" },
  { name: "evaluation", title: "公共信用评价 (live evaluation of the federated profile)", defaultPort: 4007, keepsRecords: false, profileField: null },
  {
    name: "incentives",
    title: "信易+ 守信激励 (incentive catalogue, eligibility, redemption ledger)",
    defaultPort: 4008,
    keepsRecords: false,
    profileField: null,
  },
  { name: "audit", title: "审计日志 (the gateway's audit log, read side)", defaultPort: 4009, keepsRecords: false, profileField: null },
] as const;

type Department = (typeof DEPARTMENTS)[number];
export type DepartmentName = Department["name"];
/** The departments that keep credit records about subjects (each has a `dept:<name>` scope). */
export type RecordDepartmentName = Extract<Department, { keepsRecords: true }>["name"];

export const DEPARTMENT_NAMES: readonly DepartmentName[] = DEPARTMENTS.map((d) => d.name);

export const RECORD_DEPARTMENTS = DEPARTMENTS.filter((d): d is Extract<Department, { keepsRecords: true }> => d.keepsRecords).map((d) => d.name);

/** The departments that add a profile field to `Subject`, with that field. */
export const PROFILE_FIELDS = DEPARTMENTS.flatMap((d) => (d.profileField ? [{ department: d.name, field: d.profileField }] : []));
