import { printSubgraphSchema } from "@apollo/subgraph";
import { graphql, type GraphQLSchema } from "graphql";
import type { Kysely, Selectable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../../../shared/caller.js";
import { computeUsccCheck } from "../../../shared/ids.js";
import type { RecordInput } from "../../../shared/records/validation.js";
import { type DepartmentKit, type SeededDatabase, seedDepartmentDatabase, startDepartmentKit } from "../../../testing/department.js";
import type { DepartmentServices } from "../../../shared/subgraph.js";
import type { SyntheticSubject } from "../../../shared/seeding/seeder.js";
import { marketDepartment } from "../app.js";
import { createMarketContext } from "../context.js";
import type { MarketComplaintTable, MarketDB, MarketRecordTable } from "../db.js";
import { marketSeeder } from "../seed.js";

const AS_OF = "2026-11-01";
const CALLER: Caller = { sub: "market-officer", scopes: ["dept:market"] };
const MARKET_ENTITIES = new Set(["ENTERPRISE", "INDIVIDUAL_BUSINESS", "FARMERS_COOPERATIVE"]);

let seeded: SeededDatabase<MarketDB>;
let db: Kysely<MarketDB>;
let schema: GraphQLSchema;
let subjects: SyntheticSubject[];
const records: Selectable<MarketRecordTable>[] = [];
const complaints: Selectable<MarketComplaintTable>[] = [];
const known = new Set<string>();
const services: Pick<DepartmentServices, "findMissingSubjects"> = { findMissingSubjects: async (ids) => ids.filter((id) => !known.has(id)) };
const context = () => createMarketContext(db, CALLER, services);
/** A valid USCC that is in no directory. */
const UNKNOWN = "91330502MA2B3C4D5" + computeUsccCheck("91330502MA2B3C4D5");

async function run(source: string, variableValues: Record<string, unknown>) {
  return graphql({ schema, source, variableValues, contextValue: context() });
}

const RECORD = `mutation ($input: RecordMarketRecordInput!) { recordMarketRecord(input: $input) { id category abnormalCause status severity } }`;

beforeAll(async () => {
  seeded = await seedDepartmentDatabase<MarketDB>(marketSeeder, 400, AS_OF);
  ({ db, subjects } = seeded);
  for (const subject of subjects) known.add(subject.id);
  records.push(...(seeded.rows.market_records as Selectable<MarketRecordTable>[]));
  complaints.push(...(seeded.rows.market_complaints as Selectable<MarketComplaintTable>[]));
  schema = await marketDepartment.buildSchema();
});

afterAll(() => seeded?.close());

describe("market seed", () => {
  it("is deterministic and gives records to market entities only", () => {
    expect(records.length).toBeGreaterThan(10);
    expect(complaints.length).toBeGreaterThan(5);
    const subject = subjects.find((s) => records.some((r) => r.subject_id === s.id))!;
    expect(marketSeeder.generate(subject, AS_OF, [])).toEqual(marketSeeder.generate(subject, AS_OF, []));
    const byId = new Map(subjects.map((s) => [s.id, s]));
    for (const r of records) {
      const s = byId.get(r.subject_id)!;
      expect(s.kind).toBe("ORGANIZATION");
      expect(MARKET_ENTITIES.has(s.organizationType!)).toBe(true);
      expect(r.abnormal_cause !== null).toBe(r.category === "ABNORMAL_OPERATIONS");
      if (r.category === "SERIOUS_VIOLATION") expect(s.risk).toBeGreaterThan(0.85);
    }
    expect(new Set(records.map((r) => r.document_no)).size).toBe(records.length);
  });

  it("makes penalties more frequent among subjects with an abnormal-operations entry", () => {
    const orgs = subjects.filter((s) => s.kind === "ORGANIZATION" && MARKET_ENTITIES.has(s.organizationType!));
    const has = (s: SyntheticSubject, category: string) => records.some((r) => r.subject_id === s.id && r.category === category);
    const listed = orgs.filter((s) => has(s, "ABNORMAL_OPERATIONS"));
    const others = orgs.filter((s) => !has(s, "ABNORMAL_OPERATIONS"));
    expect(listed.length).toBeGreaterThan(3);
    const rate = (group: SyntheticSubject[]) => group.filter((s) => has(s, "ADMINISTRATIVE_PENALTY")).length / group.length;
    expect(rate(listed)).toBeGreaterThan(rate(others));
  });
});

describe("market loaders", () => {
  it("return an organisation's records (newest first) and complaints", async () => {
    const subject = subjects.find((s) => records.some((r) => r.subject_id === s.id) && complaints.some((c) => c.subject_id === s.id))!;
    expect(subject).toBeDefined();
    const ctx = context();
    const [loadedRecords, loadedComplaints, none] = await Promise.all([
      ctx.loaders.records.load(subject.id),
      ctx.loaders.complaints.load(subject.id),
      ctx.loaders.records.load(UNKNOWN),
    ]);
    const expected = records.filter((r) => r.subject_id === subject.id);
    expect(loadedRecords.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect([...loadedRecords.map((r) => r.decided_on)]).toEqual(
      loadedRecords
        .map((r) => r.decided_on)
        .sort()
        .reverse(),
    );
    expect(loadedRecords[0]).toHaveProperty("abnormal_cause");
    expect(loadedComplaints.map((c) => c.id).sort()).toEqual(
      complaints
        .filter((c) => c.subject_id === subject.id)
        .map((c) => c.id)
        .sort(),
    );
    expect(none).toEqual([]);
  });

  it("resolve Subject.market for every subject, zeros for one without records", async () => {
    const subject = subjects.find((s) => complaints.some((c) => c.subject_id === s.id))!;
    const result = await run(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { id market { complaints upheldComplaints onAbnormalOperationsList seriousViolation records { id } penalties { id } abnormalOperations { id } } } } }`,
      {
        r: [
          { __typename: "Subject", id: subject.id },
          { __typename: "Subject", id: UNKNOWN },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    const [found, empty] = (result.data as { _entities: { market: Record<string, unknown> }[] })._entities;
    expect(found.market.complaints).toBe(complaints.filter((c) => c.subject_id === subject.id).length);
    expect(found.market.upheldComplaints).toBe(complaints.filter((c) => c.subject_id === subject.id && c.upheld === 1).length);
    expect(empty.market).toEqual({
      complaints: 0,
      upheldComplaints: 0,
      onAbnormalOperationsList: false,
      seriousViolation: false,
      records: [],
      penalties: [],
      abnormalOperations: [],
    });
  });
});

describe("the market frontend's mutations, through the app as the gateway calls it", () => {
  let kit: DepartmentKit<MarketDB>;
  const CLERK: Caller = { sub: "market-clerk", scopes: ["dept:market"] };
  const RECORD_PENALTY = `mutation($in: RecordMarketRecordInput!) { recordMarketRecord(input: $in) { id category amount status publicityEndsOn abnormalCause } }`;
  const org = () => subjects.find((s) => s.kind === "ORGANIZATION")!;
  const input = (documentNo: string, subjectId = org().id) => ({
    subjectId,
    documentNo,
    category: "ADMINISTRATIVE_PENALTY",
    severity: "GENERAL",
    amount: 5000,
    description: "未明码标价",
    decidedOn: "2026-03-02",
  });
  beforeAll(async () => {
    kit = await startDepartmentKit(marketDepartment);
    kit.unknownSubjects.add(UNKNOWN);
  });
  afterAll(async () => {
    await kit?.close();
  });

  it("records a valid record", async () => {
    const { data, errors } = await kit.query<{ recordMarketRecord: { id: string } }>(RECORD_PENALTY, { in: input("湖市监处〔2026〕T-1号") }, CLERK);
    expect(errors).toEqual([]);
    expect(data!.recordMarketRecord).toMatchObject({
      category: "ADMINISTRATIVE_PENALTY",
      amount: 5000,
      status: "ACTIVE",
      publicityEndsOn: "2029-03-02",
      abnormalCause: null,
    });
    const row = await kit.db.selectFrom("market_records").selectAll().where("id", "=", data!.recordMarketRecord.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subject_id: org().id, amount_fen: 500_000 });
  });

  it("refuses an invalid subject id (BAD_USER_INPUT)", async () => {
    const { errors } = await kit.query(RECORD_PENALTY, { in: input("湖市监处〔2026〕T-2号", "91330502MA2B3C4D5X") }, CLERK);
    expect(errors[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("refuses a subject the directory does not know (NOT_FOUND)", async () => {
    const { errors } = await kit.query(RECORD_PENALTY, { in: input("湖市监处〔2026〕T-3号", UNKNOWN) }, CLERK);
    expect(errors[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("refuses a duplicate document number (CONFLICT), writing nothing", async () => {
    expect((await kit.query(RECORD_PENALTY, { in: input("湖市监处〔2026〕T-4号") }, CLERK)).errors).toEqual([]);
    const { errors } = await kit.query(RECORD_PENALTY, { in: input("湖市监处〔2026〕T-4号") }, CLERK);
    expect(errors[0].extensions?.code).toBe("CONFLICT");
    expect(await kit.db.selectFrom("market_records").select("id").where("document_no", "=", "湖市监处〔2026〕T-4号").execute()).toHaveLength(1);
  });
});

describe("the abnormal-operations cause rule", () => {
  const base = () => ({
    subjectId: subjects.find((s) => s.kind === "ORGANIZATION")!.id,
    severity: "GENERAL",
    description: "未按规定期限公示2025年度报告",
    decidedOn: "2026-07-15",
  });

  it("requires a cause for ABNORMAL_OPERATIONS (mutation)", async () => {
    const result = await run(RECORD, { input: { ...base(), documentNo: "湖市监异〔2026〕T-1号", category: "ABNORMAL_OPERATIONS" } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ field: "abnormalCause" }] });
  });

  it("refuses a cause for another category (mutation)", async () => {
    const result = await run(RECORD, {
      input: { ...base(), documentNo: "湖市监处〔2026〕T-9号", category: "ADMINISTRATIVE_PENALTY", abnormalCause: "UNREACHABLE" },
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ field: "abnormalCause" }] });
  });

  it("records, corrects and closes a listing with its cause (mutations)", async () => {
    const recorded = await run(RECORD, {
      input: { ...base(), documentNo: "湖市监异〔2026〕T-2号", category: "ABNORMAL_OPERATIONS", abnormalCause: "NO_ANNUAL_REPORT" },
    });
    expect(recorded.errors).toBeUndefined();
    const record = (recorded.data as { recordMarketRecord: { id: string } }).recordMarketRecord;
    expect(record).toMatchObject({ category: "ABNORMAL_OPERATIONS", abnormalCause: "NO_ANNUAL_REPORT", status: "ACTIVE" });

    const correct = `mutation ($id: ID!, $input: CorrectMarketRecordInput!) { correctMarketRecord(id: $id, input: $input) { id category abnormalCause } }`;
    const recause = await run(correct, { id: record.id, input: { abnormalCause: "UNREACHABLE" } });
    expect(recause.data).toEqual({ correctMarketRecord: { id: record.id, category: "ABNORMAL_OPERATIONS", abnormalCause: "UNREACHABLE" } });
    const dropped = await run(correct, { id: record.id, input: { abnormalCause: null } });
    expect(dropped.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const recategorised = await run(correct, { id: record.id, input: { category: "ADMINISTRATIVE_PENALTY" } });
    expect(recategorised.data).toEqual({ correctMarketRecord: { id: record.id, category: "ADMINISTRATIVE_PENALTY", abnormalCause: null } });
    const missing = await run(correct, { id: "MR-none", input: { description: "x" } });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND" });

    const close = `mutation ($id: ID!) { closeMarketRecord(id: $id, closedOn: "2026-10-01", legalBasis: "（2026）浙05行终1号判决撤销原处罚决定") { status closedOn } }`;
    expect((await run(close, { id: record.id })).data).toEqual({ closeMarketRecord: { status: "REMOVED", closedOn: "2026-10-01" } });
    expect((await run(close, { id: record.id })).errors?.[0].extensions).toMatchObject({ code: "CONFLICT" });
  });

  it("applies the same rule to the import's abnormal_cause column", () => {
    const column = marketDepartment.importSpec.extraColumns?.abnormal_cause;
    if (!column) throw new Error("market's import reads no abnormal_cause column");
    const row = (category: string): RecordInput => ({ ...base(), documentNo: "x", category });
    expect(column("NO_ANNUAL_REPORT", row("ABNORMAL_OPERATIONS"))).toEqual({ value: "NO_ANNUAL_REPORT" });
    expect(column(undefined, row("ABNORMAL_OPERATIONS"))).toHaveProperty("problem");
    expect(column("LATE", row("ABNORMAL_OPERATIONS"))).toHaveProperty("problem");
    expect(column("UNREACHABLE", row("SERIOUS_VIOLATION"))).toHaveProperty("problem");
    expect(column(undefined, row("ADMINISTRATIVE_PENALTY"))).toEqual({ value: null });
  });
});

describe("market subgraph schema", () => {
  it("extends Subject with market and has the three mutations behind @requiresScopes", async () => {
    const sdl = printSubgraphSchema(await marketDepartment.buildSchema());
    const subject = sdl.slice(sdl.indexOf("type Subject"), sdl.indexOf("}", sdl.indexOf("type Subject")));
    expect(subject.replace(/\s+/g, " ")).toContain('type Subject @key(fields: "id")');
    expect(subject).toMatch(/market: MarketProfile @requiresScopes\(scopes: \[\["profile:read"\], \["dept:market"\], \["admin"\], \["self:read"\]\]\)/);
    for (const mutation of ["recordMarketRecord", "correctMarketRecord", "closeMarketRecord"]) {
      expect(sdl).toMatch(new RegExp(`${mutation}\\([^)]*\\): MarketRecord! @requiresScopes\\(scopes: \\[\\["dept:market"\\], \\["admin"\\]\\]\\)`));
    }
  });
});
