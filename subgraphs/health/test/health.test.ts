/** The health subgraph: migrations, seed rows, repo and loaders, record writes, and the printed schema. */
import { printSubgraphSchema } from "@apollo/subgraph";
import type { Insertable, Kysely, Selectable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS, type Caller } from "../../../shared/caller.js";
import { type DepartmentKit, type SeededDatabase, seedDepartmentDatabase, startDepartmentKit } from "../../../testing/department.js";
import { todayInChina } from "../../../shared/scalars.js";
import type { DepartmentDefinition } from "../../../shared/subgraph.js";
import type { SyntheticSubject } from "../../../shared/seeding/seeder.js";
import type { RepairedRecord } from "../../../shared/seeding/seeder.js";
import { healthDepartment } from "../app.js";
import { createHealthContext, type HealthContext } from "../context.js";
import type { HealthDB, HealthRecordTable, HealthVisitTable } from "../db.js";
import { loadVisits } from "../health.repo.js";
import { loadRecords } from "../../../shared/records/reads.js";
import { HealthResolver } from "../health.resolver.js";
import { healthSeeder } from "../seed.js";

const AS_OF = "2026-11-01";

let seeded: SeededDatabase<HealthDB>;
let db: Kysely<HealthDB>;
let subjects: SyntheticSubject[];
let records: Insertable<HealthRecordTable>[];
let visits: Insertable<HealthVisitTable>[];
let repaired: RepairedRecord[];

beforeAll(async () => {
  seeded = await seedDepartmentDatabase<HealthDB>(healthSeeder, 300, AS_OF);
  ({ db, subjects, repaired } = seeded);
  records = seeded.rows.health_records as Insertable<HealthRecordTable>[];
  visits = seeded.rows.health_visits as Insertable<HealthVisitTable>[];
});

afterAll(() => seeded?.close());

const missingNone = { findMissingSubjects: async () => [] };

describe("health seed", () => {
  it("is deterministic and follows the house shape", () => {
    const again = subjects.flatMap((s) => healthSeeder.generate(s, AS_OF, []).rows.health_records);
    expect(again).toEqual(records);
    expect(healthSeeder.name).toBe("health");
    expect(visits.length).toBeGreaterThan(0);
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map((r) => r.document_no)).size).toBe(records.length);
    for (const r of records) {
      expect(r.id).toMatch(/^HR-/);
      expect(r.updated_at).toBe(`${AS_OF}T00:00:00.000Z`);
    }
    for (const v of visits) expect(v.id).toMatch(/^HV-/);
    // Providers only: PROVIDER_NONCOMPLIANCE never lands on a person.
    const persons = new Set(subjects.filter((s) => s.kind === "PERSON").map((s) => s.id));
    for (const r of records.filter((x) => x.category === "PROVIDER_NONCOMPLIANCE")) expect(persons.has(r.subject_id)).toBe(false);
    // Repaired records are registered with the credit office under "health".
    for (const r of repaired) expect(r.department).toBe("health");
    for (const r of records.filter((x) => x.status === "REPAIRED")) {
      expect(r.closed_on).not.toBeNull();
      expect(repaired.some((x) => x.recordId === r.id)).toBe(true);
    }
  });
});

describe("health repo and loaders", () => {
  it("returns a subject's records and visits, newest first", async () => {
    const withRecords = records[0].subject_id;
    const withVisits = visits[0].subject_id;
    const loadedRecords = await loadRecords<Selectable<HealthRecordTable>>(db, "health_records", [withRecords]);
    expect(loadedRecords.map((r) => r.id).sort()).toEqual(
      records
        .filter((r) => r.subject_id === withRecords)
        .map((r) => r.id)
        .sort(),
    );
    const loadedVisits = await loadVisits(db, [withVisits]);
    expect(loadedVisits.map((v) => v.id).sort()).toEqual(
      visits
        .filter((v) => v.subject_id === withVisits)
        .map((v) => v.id)
        .sort(),
    );
    const dates = loadedVisits.map((v) => v.visited_on);
    expect(dates).toEqual([...dates].sort().reverse());

    const ctx = createHealthContext(db, ANONYMOUS, missingNone);
    const [batchRecords, batchVisits] = await Promise.all([ctx.loaders.records.load(withRecords), ctx.loaders.visits.load(withVisits)]);
    expect(batchRecords).toHaveLength(loadedRecords.length);
    expect(batchVisits).toHaveLength(loadedVisits.length);
  });

  it("resolves a profile for every subject: counts for one with visits, zeros for one without", async () => {
    const ctx = createHealthContext(db, ANONYMOUS, missingNone);
    const resolver = new HealthResolver();
    const subjectId = visits[0].subject_id;
    const own = visits.filter((v) => v.subject_id === subjectId);
    const unpaid = own.filter((v) => v.paid_on === null);
    const profile = await resolver.profile({ id: subjectId }, ctx);
    expect(profile.payAfterVisits).toBe(own.length);
    expect(profile.outstandingBills).toBe(unpaid.reduce((s, v) => s + v.amount_fen, 0) / 100);
    expect(profile.overdueBills).toBe(unpaid.filter((v) => v.due_on < todayInChina()).length);
    expect(profile.visits.length).toBe(Math.min(own.length, 20));

    const clean = await resolver.profile({ id: "91330502MA2B00000X" }, ctx);
    expect(clean).toEqual({ payAfterVisits: 0, outstandingBills: 0, overdueBills: 0, visits: [], records: [] });
  });
});

describe("the health frontend's mutations, through the app as the gateway calls it", () => {
  let kit: DepartmentKit<HealthDB>;
  const CLERK: Caller = { sub: "health-clerk", scopes: ["dept:health"] };
  const RECORD = `mutation($in: RecordHealthRecordInput!) { recordHealthRecord(input: $in) { id category amount status publicityEndsOn } }`;
  const input = (documentNo: string, overrides: Record<string, unknown> = {}) => ({
    subjectId: subjects[0].id,
    documentNo,
    category: "MEDICAL_ORDER_VIOLATION",
    severity: "GENERAL",
    amount: 200,
    description: "在医院诊疗区域聚众滋事，扰乱医疗秩序",
    decidedOn: "2026-03-15",
    ...overrides,
  });
  beforeAll(async () => {
    kit = await startDepartmentKit(healthDepartment);
  });
  afterAll(async () => {
    await kit?.close();
  });

  it("records a valid record", async () => {
    const { data, errors } = await kit.query<{ recordHealthRecord: { id: string } }>(RECORD, { in: input("湖医保罚〔2026〕测试-1号") }, CLERK);
    expect(errors).toEqual([]);
    expect(data!.recordHealthRecord).toMatchObject({ category: "MEDICAL_ORDER_VIOLATION", amount: 200, status: "ACTIVE", publicityEndsOn: "2029-03-15" });
    const row = await kit.db.selectFrom("health_records").selectAll().where("id", "=", data!.recordHealthRecord.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subject_id: subjects[0].id, amount_fen: 20_000 });
  });

  it("refuses an invalid subject id with BAD_USER_INPUT", async () => {
    const id = subjects[0].id;
    const badCheck = id.slice(0, 17) + (id[17] === "0" ? "1" : "0");
    const { errors } = await kit.query(RECORD, { in: input("湖医保罚〔2026〕测试-2号", { subjectId: badCheck }) }, CLERK);
    expect(errors[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("refuses a subject unknown to the directory with NOT_FOUND", async () => {
    kit.unknownSubjects.add(subjects[1].id);
    const { errors } = await kit.query(RECORD, { in: input("湖医保罚〔2026〕测试-3号", { subjectId: subjects[1].id }) }, CLERK);
    expect(errors[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("refuses a duplicate document number with CONFLICT, writing nothing", async () => {
    expect((await kit.query(RECORD, { in: input("湖医保罚〔2026〕测试-4号") }, CLERK)).errors).toEqual([]);
    const { errors } = await kit.query(RECORD, { in: input("湖医保罚〔2026〕测试-4号") }, CLERK);
    expect(errors[0].extensions?.code).toBe("CONFLICT");
    expect(await kit.db.selectFrom("health_records").select("id").where("document_no", "=", "湖医保罚〔2026〕测试-4号").execute()).toHaveLength(1);
  });
});

describe("health schema", () => {
  it("extends Subject with `health` and carries the three mutations behind @requiresScopes", async () => {
    const sdl = printSubgraphSchema(await healthDepartment.buildSchema());
    const subject = /type Subject\s+@key\(fields: "id"\)\s*\{([\s\S]*?)\n\}/.exec(sdl);
    expect(subject).not.toBeNull();
    expect(subject![1]).toMatch(/health: HealthProfile @requiresScopes\(scopes: \[\["profile:read"\], \["dept:health"\], \["admin"\], \["self:read"\]\]\)/);
    for (const mutation of ["recordHealthRecord", "correctHealthRecord", "closeHealthRecord"]) {
      expect(sdl).toMatch(new RegExp(`${mutation}\\([\\s\\S]*?\\): HealthRecord! @requiresScopes\\(scopes: \\[\\["dept:health"\\], \\["admin"\\]\\]\\)`));
    }
    const definition: DepartmentDefinition<HealthDB, HealthContext> = healthDepartment;
    expect(definition.name).toBe("health");
    expect(healthDepartment.importSpec.categories).toEqual(["PAY_AFTER_DEFAULT", "INSURANCE_FRAUD", "PROVIDER_NONCOMPLIANCE", "MEDICAL_ORDER_VIOLATION"]);
  });
});
