/** `Subject.health` and the health frontend's mutations: the department's profile of a subject, made from its rows. */
import type { Selectable } from "kysely";
import { fenToYuan } from "../../shared/money.js";
import { recordResolver } from "../../shared/records/department.js";
import { toRecordFields } from "../../shared/records/fields.js";
import { todayInChina } from "../../shared/scalars.js";
import type { HealthContext } from "./context.js";
import type { HealthRecordTable, HealthVisitTable } from "./db.js";
import { CorrectHealthRecordInput, HealthProfile, HealthRecord, type HealthVisit, RecordHealthRecordInput } from "./health.type.js";

/** How many visits `HealthProfile.visits` lists (the counts cover them all). */
const VISITS_SHOWN = 20;

const toVisit = (r: Selectable<HealthVisitTable>): HealthVisit => ({
  id: r.id,
  hospital: r.hospital,
  visitedOn: r.visited_on,
  amount: fenToYuan(r.amount_fen),
  dueOn: r.due_on,
  paidOn: r.paid_on,
});

const toRecord = (r: Selectable<HealthRecordTable>, today?: string): HealthRecord => toRecordFields(r, today);

export const HealthResolver = recordResolver({
  name: "health",
  profile: HealthProfile,
  record: HealthRecord,
  recordInput: RecordHealthRecordInput,
  correctInput: CorrectHealthRecordInput,
  toRecord: (r: Selectable<HealthRecordTable>) => toRecord(r),
  describe: {
    subject: "A credit subject, as the health commission and medical-insurance bureau see it.",
    profile:
      "Health credit profile from the health commission and medical-insurance bureau (市卫健委/医保局); null only when the health department is unavailable.",
    record: "Records a health or medical-insurance decision (新增失信记录); its publicity end date follows from its severity.",
    recordInput: "The decision to record.",
    correct: "Corrects an active health record (更正); the publicity end date follows.",
    correctInput: "The corrected fields; omitted ones stay.",
    close:
      "Removes a health record on a legal basis (court decision, decision revoked); it stops counting and is never a repair — repairs go through applyForCreditRepair.",
    closedOn: "Date of the repair (修复日期); not in the future.",
  },
  async resolveProfile(subjectId: string, ctx: HealthContext): Promise<HealthProfile> {
    const [records, visits] = await Promise.all([ctx.loaders.records.load(subjectId), ctx.loaders.visits.load(subjectId)]);
    const today = todayInChina();
    const unpaid = visits.filter((v) => v.paid_on === null);
    return {
      payAfterVisits: visits.length,
      outstandingBills: fenToYuan(unpaid.reduce((sum, v) => sum + v.amount_fen, 0)),
      overdueBills: unpaid.filter((v) => v.due_on < today).length,
      visits: visits.slice(0, VISITS_SHOWN).map(toVisit),
      records: records.map((r) => toRecord(r, today)),
    };
  },
});
