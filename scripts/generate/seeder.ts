/** What each department's seed.ts exports: its synthetic rows for one subject, keyed by table. */
import type { Migration } from "kysely";
import type { DepartmentName } from "../../shared/departments.js";
import type { SyntheticSubject } from "./population.js";

/** A record of some department repaired through the credit office (信用修复), which registers it. */
export interface RepairedRecord {
  department: string;
  recordId: string;
  appliedOn: string;
  decidedOn: string;
}

export interface GeneratedRows {
  /** Rows to insert, by table, in insertion order (parents first). */
  rows: Record<string, object[]>;
  /** Records this department generated as repaired, for the credit office's repair register. */
  repaired?: RepairedRecord[];
}

export interface DepartmentSeeder {
  name: DepartmentName;
  migrations: Record<string, Migration>;
  /**
   * One subject's rows. Deterministic: seed a PRNG with the department and subject id. Follow
   * `subject.risk` so departments agree. `repaired` (other departments' repaired records) is
   * given to the credit office only, which seeds last.
   */
  generate(subject: SyntheticSubject, asOf: string, repaired: RepairedRecord[]): GeneratedRows;
}
