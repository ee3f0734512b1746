/** The credit office's programme roll-ups' table types (rollups.ts creates and keeps them): text keys, integer sums. */
import type { CreditList, ListColor, RepairStatus } from "../directory/credit-record.type.js";
import type { NoticeStatus } from "../notices/notice.type.js";

type Keyed<K extends string, S extends string> = { [k in K]: string } & { [s in S]: number };

export interface ProgrammeRollupTables {
  programme_codes: Keyed<"day" | "district" | "kind", "registered" | "active" | "in_force">;
  programme_repairs: Keyed<"applied_on" | "decided_on" | "district" | "department" | "market", "n"> & { status: RepairStatus };
  programme_reports: Keyed<"day" | "district" | "purpose", "reports" | "departments">;
  programme_lists: Keyed<"day" | "district", "entries"> & { list: CreditList; color: ListColor };
  programme_notices: Keyed<"day" | "district" | "kind", "notices"> & { status: NoticeStatus };
}
