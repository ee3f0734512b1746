import { printSubgraphSchema } from "@apollo/subgraph";
import type { Insertable, Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyntheticSubject } from "../../../shared/seeding/seeder.js";
import type { Caller } from "../../../shared/caller.js";
import { type DepartmentKit, type SeededDatabase, seedDepartmentDatabase, startDepartmentKit } from "../../../testing/department.js";
import { transportDepartment } from "../app.js";
import { createTransportContext } from "../context.js";
import type { TransportCouponUseTable, TransportDB, TransportRecordTable } from "../db.js";
import { transportSeeder } from "../seed.js";
import { TransportResolver } from "../transport.resolver.js";
import { loadCouponUses } from "../transport.repo.js";

const AS_OF = "2026-11-01";
const CALLER: Caller = { sub: "test", scopes: ["dept:transport"] };

let seeded: SeededDatabase<TransportDB>;
let db: Kysely<TransportDB>;
let subjects: SyntheticSubject[];
const records: Insertable<TransportRecordTable>[] = [];
const couponUses: Insertable<TransportCouponUseTable>[] = [];

/** The context with a directory that knows every subject but `unknown`. */
const contextWith = (unknown: string[] = []) =>
  createTransportContext(db, CALLER, { findMissingSubjects: async (ids) => ids.filter((id) => unknown.includes(id)) });

beforeAll(async () => {
  seeded = await seedDepartmentDatabase<TransportDB>(transportSeeder, 300, AS_OF);
  ({ db, subjects } = seeded);
  records.push(...(seeded.rows.transport_records as Insertable<TransportRecordTable>[]));
  couponUses.push(...(seeded.rows.transport_coupon_uses as Insertable<TransportCouponUseTable>[]));
});

afterAll(() => seeded?.close());

describe("transport seed", () => {
  it("is deterministic and generates records and coupon uses", () => {
    expect(records.length).toBeGreaterThan(0);
    expect(couponUses.length).toBeGreaterThan(0);
    const again = transportSeeder.generate(subjects[0], AS_OF, []);
    expect(again).toEqual(transportSeeder.generate(subjects[0], AS_OF, []));
    expect(new Set(records.map((r) => r.document_no)).size).toBe(records.length);
  });
});

describe("transport repo and loaders", () => {
  it("return the records of a subject that has some, newest first", async () => {
    const subjectId = records[0].subject_id;
    const expected = records.filter((r) => r.subject_id === subjectId);
    const rows = await contextWith().loaders.records.load(subjectId);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(rows.map((r) => r.decided_on)).toEqual([...rows.map((r) => r.decided_on)].sort().reverse());
  });

  it("return the coupon uses of a subject that has some, newest first", async () => {
    const subjectId = couponUses[0].subject_id;
    const expected = couponUses.filter((c) => c.subject_id === subjectId);
    const rows = await loadCouponUses(db, [subjectId]);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(rows.map((r) => r.used_on)).toEqual([...rows.map((r) => r.used_on)].sort().reverse());
    const loaded = await contextWith().loaders.couponUses.load(subjectId);
    expect(loaded.map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it("resolve a profile for every subject: zeros and empty lists when there are no records", async () => {
    const resolver = new TransportResolver();
    const withCoupons = couponUses[0].subject_id;
    const profile = await resolver.profile({ id: withCoupons }, contextWith());
    const mine = couponUses.filter((c) => c.subject_id === withCoupons);
    expect(profile.couponUses).toBe(mine.length);
    expect(profile.couponSavings).toBeCloseTo(mine.reduce((s, c) => s + Number(c.discount_fen), 0) / 100, 2);
    expect(profile.recentCouponUses.length).toBe(Math.min(20, mine.length));
    const clean = subjects.find((s) => !records.some((r) => r.subject_id === s.id) && !couponUses.some((c) => c.subject_id === s.id))!;
    expect(await resolver.profile({ id: clean.id }, contextWith())).toEqual({
      couponUses: 0,
      couponSavings: 0,
      parkingArrears: 0,
      records: [],
      recentCouponUses: [],
    });
  });
});

describe("the transport frontend's mutations, through the app as the gateway calls it", () => {
  let kit: DepartmentKit<TransportDB>;
  const CLERK: Caller = { sub: "transport-clerk", scopes: ["dept:transport"] };
  const RECORD = `mutation($in: RecordTransportRecordInput!) { recordTransportRecord(input: $in) { id category amount status publicityEndsOn } }`;
  const input = (subjectId: string, documentNo: string) => ({
    subjectId,
    documentNo,
    category: "PARKING_ARREARS",
    severity: "GENERAL",
    amount: 120.5,
    description: "道路停车泊位停车费逾期未缴",
    decidedOn: "2026-06-01",
  });
  beforeAll(async () => {
    kit = await startDepartmentKit(transportDepartment);
  });
  afterAll(async () => {
    await kit?.close();
  });

  it("records a valid record, readable on the subject's profile", async () => {
    const subjectId = subjects[0].id;
    const { data, errors } = await kit.query<{ recordTransportRecord: { id: string } }>(RECORD, { in: input(subjectId, "湖交罚〔2026〕测试-1号") }, CLERK);
    expect(errors).toEqual([]);
    expect(data!.recordTransportRecord).toMatchObject({ category: "PARKING_ARREARS", amount: 120.5, status: "ACTIVE", publicityEndsOn: "2029-06-01" });
    const row = await kit.db.selectFrom("transport_records").selectAll().where("id", "=", data!.recordTransportRecord.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subject_id: subjectId, amount_fen: 12_050 });
    const profile = await kit.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { transport { parkingArrears records { id } } } } }`,
      {
        r: [{ __typename: "Subject", id: subjectId }],
      },
      CLERK,
    );
    expect(profile.data!._entities[0].transport.records.map((r: { id: string }) => r.id)).toContain(data!.recordTransportRecord.id);
  });

  it("refuses an invalid subject id (BAD_USER_INPUT)", async () => {
    const id = subjects[1].id;
    const badCheck = id.slice(0, 17) + (id[17] === "0" ? "1" : "0");
    const { errors } = await kit.query(RECORD, { in: input(badCheck, "湖交罚〔2026〕测试-2号") }, CLERK);
    expect(errors[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("refuses a subject the directory does not know (NOT_FOUND)", async () => {
    const id = subjects[2].id;
    kit.unknownSubjects.add(id);
    const { errors } = await kit.query(RECORD, { in: input(id, "湖交罚〔2026〕测试-3号") }, CLERK);
    expect(errors[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("refuses a duplicate document number (CONFLICT), writing nothing", async () => {
    const id = subjects[3].id;
    expect((await kit.query(RECORD, { in: input(id, "湖交罚〔2026〕测试-4号") }, CLERK)).errors).toEqual([]);
    const { errors } = await kit.query(RECORD, { in: input(id, "湖交罚〔2026〕测试-4号") }, CLERK);
    expect(errors[0].extensions?.code).toBe("CONFLICT");
    const rows = await kit.db.selectFrom("transport_records").select("id").where("document_no", "=", "湖交罚〔2026〕测试-4号").execute();
    expect(rows).toHaveLength(1);
  });

  it("refuses the write to a caller without dept:transport (FORBIDDEN), writing nothing", async () => {
    const { errors } = await kit.query(RECORD, { in: input(subjects[4].id, "湖交罚〔2026〕测试-5号") }, { sub: "tax-clerk", scopes: ["dept:tax"] });
    expect(errors[0].extensions?.code).toBe("FORBIDDEN");
    expect(await kit.db.selectFrom("transport_records").select("id").where("document_no", "=", "湖交罚〔2026〕测试-5号").execute()).toEqual([]);
  });
});

describe("transport schema", () => {
  it("adds Subject.transport and the three mutations, each behind @requiresScopes", async () => {
    const sdl = printSubgraphSchema(await transportDepartment.buildSchema());
    const subject = /type Subject\s+@key\(fields: "id"\)\s*\{([^}]*)\}/.exec(sdl);
    expect(subject).not.toBeNull();
    expect(subject![1]).toMatch(
      /transport: TransportProfile @requiresScopes\(scopes: \[\["profile:read"\], \["dept:transport"\], \["admin"\], \["self:read"\]\]\)/,
    );
    for (const mutation of [
      /recordTransportRecord\(\s*(""".*?"""\s*)?input: RecordTransportRecordInput!\s*\): TransportRecord! @requiresScopes/s,
      /correctTransportRecord\(.*?\): TransportRecord! @requiresScopes/s,
      /closeTransportRecord\(.*?closedOn: Date!.*?\): TransportRecord! @requiresScopes/s,
    ]) {
      expect(sdl).toMatch(mutation);
    }
    expect(sdl).toContain('@requiresScopes(scopes: [["dept:transport"], ["admin"]])');
  });
});
