/**
 * The public-resources subgraph on a seeded SQLite database: loaders, the warning-list rule, the
 * record writes through the context's RecordStore, the resolvers, and the printed subgraph schema.
 */
import { printSubgraphSchema } from "@apollo/subgraph";
import { graphql, type GraphQLError, type GraphQLSchema } from "graphql";
import type { Insertable, Kysely, Selectable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS, type Caller } from "../../../shared/caller.js";
import { type DepartmentKit, type SeededDatabase, seedDepartmentDatabase, startDepartmentKit } from "../../../testing/department.js";
import type { DepartmentServices } from "../../../shared/subgraph.js";
import { generatePopulation } from "../../../scripts/generate/population.js";
import type { SyntheticSubject } from "../../../shared/seeding/seeder.js";
import { publicResourcesDepartment } from "../app.js";
import { createPublicResourcesContext } from "../context.js";
import type { PublicResourcesDB, TradingBidTable, TradingRecordTable } from "../db.js";
import { computePointsValidUntil, computeWarningStatus, WARNING_THRESHOLD_POINTS } from "../policy.js";
import { loadBids } from "../public-resources.repo.js";
import { loadRecords } from "../../../shared/records/reads.js";
import { publicResourcesSeeder } from "../seed.js";

const AS_OF = "2026-11-01";
const INVALID_ID = "330502199001011235"; // check digit should be 6

let seeded: SeededDatabase<PublicResourcesDB>;
let db: Kysely<PublicResourcesDB>;
let schema: GraphQLSchema;
let subjects: SyntheticSubject[];
const bids: Insertable<TradingBidTable>[] = [];
const records: Insertable<TradingRecordTable>[] = [];
const known = new Set<string>();
const services: Pick<DepartmentServices, "findMissingSubjects"> = { findMissingSubjects: async (ids) => ids.filter((id) => !known.has(id)) };

beforeAll(async () => {
  seeded = await seedDepartmentDatabase<PublicResourcesDB>(publicResourcesSeeder, 400, AS_OF);
  ({ db, subjects } = seeded);
  for (const subject of subjects) known.add(subject.id);
  bids.push(...(seeded.rows.trading_bids as Insertable<TradingBidTable>[]));
  records.push(...(seeded.rows.trading_records as Insertable<TradingRecordTable>[]));
  schema = await publicResourcesDepartment.buildSchema();
});

afterAll(() => seeded?.close());

const contextFor = () => createPublicResourcesContext(db, ANONYMOUS, services);

async function execute(source: string, variableValues?: Record<string, unknown>) {
  const result = await graphql({ schema, source, variableValues, contextValue: contextFor() });
  return { data: result.data as any, errors: result.errors as readonly GraphQLError[] | undefined }; // any: the response's shape is the query's, checked by the assertions
}

describe("the seed", () => {
  it("is deterministic and gives bids only to enterprises and individual businesses", () => {
    const again = publicResourcesSeeder.generate(subjects.find((s) => s.id === bids[0].subject_id)!, AS_OF, []);
    expect(again.rows.trading_bids).toEqual(bids.filter((b) => b.subject_id === bids[0].subject_id));
    const bidders = new Set(bids.map((b) => b.subject_id));
    expect(bidders.size).toBeGreaterThan(5);
    for (const s of subjects.filter((x) => bidders.has(x.id))) expect(["ENTERPRISE", "INDIVIDUAL_BUSINESS"]).toContain(s.organizationType);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => bidders.has(r.subject_id) && r.points >= 1 && r.points <= 12)).toBe(true);
  });
});

describe("loaders", () => {
  it("return a bidder's bids (newest first) and records", async () => {
    const bidder = records[0].subject_id;
    const ctx = contextFor();
    const clean = subjects.find((s) => !bids.some((b) => b.subject_id === s.id))!.id;
    const [theirBids, theirRecords, none] = await Promise.all([ctx.loaders.bids.load(bidder), ctx.loaders.records.load(bidder), ctx.loaders.bids.load(clean)]);
    expect(theirBids.map((b) => b.id).sort()).toEqual(
      bids
        .filter((b) => b.subject_id === bidder)
        .map((b) => b.id)
        .sort(),
    );
    expect(theirBids.map((b) => b.bid_on)).toEqual([...theirBids.map((b) => b.bid_on)].sort().reverse());
    expect(theirRecords.map((r) => r.id).sort()).toEqual(
      records
        .filter((r) => r.subject_id === bidder)
        .map((r) => r.id)
        .sort(),
    );
    expect(theirRecords.length).toBeGreaterThan(0);
    expect(theirRecords.every((r) => typeof r.points === "number")).toBe(true);
    expect(none).toEqual([]);
  });

  it("batch several subjects into one statement per table", async () => {
    const ids = [...new Set(bids.map((b) => b.subject_id))].slice(0, 5);
    expect((await loadBids(db, ids)).length).toBe(bids.filter((b) => ids.includes(b.subject_id)).length);
    expect((await loadRecords(db, "trading_records", ids)).length).toBe(records.filter((r) => ids.includes(r.subject_id)).length);
  });
});

describe("the warning list (不良行为警示名录)", () => {
  const today = "2026-11-01";
  const row = (
    points: number,
    decidedOn = "2026-06-01",
    status: Selectable<TradingRecordTable>["status"] = "ACTIVE",
    severity: "GENERAL" | "SERIOUS" = "GENERAL",
  ) => ({
    points,
    status,
    decided_on: decidedOn,
    publicity_ends_on: computePointsValidUntil(decidedOn, severity === "SERIOUS" ? 36 : 12),
  });

  it("puts a bidder on the list at the threshold, not below", () => {
    expect(WARNING_THRESHOLD_POINTS).toBe(12);
    expect(computeWarningStatus([row(5), row(6)], today)).toEqual({ activePoints: 11, onWarningList: false });
    expect(computeWarningStatus([row(5), row(7)], today)).toEqual({ activePoints: 12, onWarningList: true });
    expect(computeWarningStatus([], today)).toEqual({ activePoints: 0, onWarningList: false });
  });

  it("does not count expired points, even of a record still in publicity", () => {
    // Points count while decision date + 12 months is after today.
    expect(computeWarningStatus([row(11), row(6, "2025-11-01", "ACTIVE", "SERIOUS")], today)).toEqual({ activePoints: 11, onWarningList: false });
    expect(computeWarningStatus([row(11), row(6, "2025-11-02", "ACTIVE", "SERIOUS")], today)).toEqual({ activePoints: 17, onWarningList: true });
    expect(computeWarningStatus([row(12, "2025-10-01")], today).activePoints).toBe(0);
  });

  it("does not count repaired records", () => {
    expect(computeWarningStatus([row(11), row(6, "2026-06-01", "REPAIRED")], today)).toEqual({ activePoints: 11, onWarningList: false });
  });
});

describe("the trading office's mutations, through the app as the gateway calls it", () => {
  let kit: DepartmentKit<PublicResourcesDB>;
  const CLERK: Caller = { sub: "trading-clerk", scopes: ["dept:public-resources"] };
  const RECORD = `mutation($in: RecordTradingRecordInput!) { recordTradingRecord(input: $in) { id category status publicityEndsOn points } }`;
  const input = (subjectId: string, documentNo: string) => ({
    subjectId,
    documentNo,
    category: "BID_RIGGING",
    severity: "SERIOUS",
    amount: 5000,
    description: "与其他投标人相互串通投标报价",
    decidedOn: "2026-10-15",
    points: 8,
  });
  const bidder = () => bids[0].subject_id;
  beforeAll(async () => {
    kit = await startDepartmentKit(publicResourcesDepartment);
  });
  afterAll(async () => {
    await kit?.close();
  });

  it("records a valid record with its points", async () => {
    const { data, errors } = await kit.query<{ recordTradingRecord: { id: string } }>(RECORD, { in: input(bidder(), "湖公管罚〔2026〕测试-1号") }, CLERK);
    expect(errors).toEqual([]);
    expect(data!.recordTradingRecord).toMatchObject({ category: "BID_RIGGING", status: "ACTIVE", publicityEndsOn: "2029-10-15", points: 8 });
    const row = await kit.db.selectFrom("trading_records").selectAll().where("id", "=", data!.recordTradingRecord.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subject_id: bidder(), amount_fen: 500_000, points: 8 });
  });

  it("refuses an invalid subject id with BAD_USER_INPUT", async () => {
    const { errors } = await kit.query(RECORD, { in: input(INVALID_ID, "湖公管罚〔2026〕测试-2号") }, CLERK);
    expect(errors[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("refuses a subject the directory does not know with NOT_FOUND", async () => {
    const stranger = generatePopulation({ count: 1, seed: "elsewhere", asOf: AS_OF }).next().value!.id;
    kit.unknownSubjects.add(stranger);
    const { errors } = await kit.query(RECORD, { in: input(stranger, "湖公管罚〔2026〕测试-3号") }, CLERK);
    expect(errors[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("refuses a duplicate document number with CONFLICT, writing nothing", async () => {
    expect((await kit.query(RECORD, { in: input(bidder(), "湖公管罚〔2026〕测试-4号") }, CLERK)).errors).toEqual([]);
    const { errors } = await kit.query(RECORD, { in: input(bidder(), "湖公管罚〔2026〕测试-4号") }, CLERK);
    expect(errors[0].extensions?.code).toBe("CONFLICT");
    expect(await kit.db.selectFrom("trading_records").select("id").where("document_no", "=", "湖公管罚〔2026〕测试-4号").execute()).toHaveLength(1);
  });
});

describe("resolvers", () => {
  const PROFILE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Subject { id publicResources {
    bids awards awardedAmount recentBids { id projectNo bidOn amount awarded } activePoints onWarningList warningThreshold
    records { id documentNo category severity points pointsValidUntil decidedOn status }
  } } } }`;

  it("answer for every subject: a bidder's profile, and zeros for a subject without bids", async () => {
    const bidder = records[0].subject_id;
    const clean = subjects.find((s) => !bids.some((b) => b.subject_id === s.id))!.id;
    const { data, errors } = await execute(PROFILE, {
      reps: [
        { __typename: "Subject", id: bidder },
        { __typename: "Subject", id: clean },
      ],
    });
    expect(errors).toBeUndefined();
    const [mine, theirs] = data._entities.map((e: any) => e.publicResources); // any: untyped response data
    const myBids = bids.filter((b) => b.subject_id === bidder);
    expect(mine.bids).toBe(myBids.length);
    expect(mine.awards).toBe(myBids.filter((b) => b.awarded === 1).length);
    expect(mine.recentBids.length).toBe(Math.min(20, myBids.length));
    expect(mine.warningThreshold).toBe(12);
    expect(mine.records.length).toBeGreaterThan(0);
    expect(mine.records[0].pointsValidUntil).toBe(computePointsValidUntil(mine.records[0].decidedOn));
    expect(theirs).toEqual({ bids: 0, awards: 0, awardedAmount: 0, recentBids: [], activePoints: 0, onWarningList: false, warningThreshold: 12, records: [] });
  });

  it("record, correct and close a trading record, and refuse points outside 1–100 before writing", async () => {
    const bidder = bids[0].subject_id;
    const RECORD = `mutation($input: RecordTradingRecordInput!) { recordTradingRecord(input: $input) { id category points severity status pointsValidUntil } }`;
    const input = {
      subjectId: bidder,
      documentNo: "湖公管罚〔2026〕测试-9号",
      category: "FALSE_MATERIALS",
      severity: "SERIOUS",
      description: "投标文件中提供虚假业绩证明材料",
      decidedOn: "2026-10-20",
      points: 0,
    };
    const bad = await execute(RECORD, { input });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ field: "points" }] });
    expect(await db.selectFrom("trading_records").select("id").where("document_no", "=", input.documentNo).executeTakeFirst()).toBeUndefined();

    const ok = await execute(RECORD, { input: { ...input, points: 9 } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordTradingRecord).toMatchObject({ category: "FALSE_MATERIALS", points: 9, status: "ACTIVE", pointsValidUntil: "2027-10-20" });
    const id = ok.data.recordTradingRecord.id;

    const CORRECT = `mutation($id: ID!, $input: CorrectTradingRecordInput!) { correctTradingRecord(id: $id, input: $input) { points category } }`;
    expect((await execute(CORRECT, { id, input: { points: 101 } })).errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      problems: [{ field: "points" }],
    });
    expect((await execute(CORRECT, { id, input: { points: 4, category: "IMPROPER_CONDUCT" } })).data.correctTradingRecord).toEqual({
      points: 4,
      category: "IMPROPER_CONDUCT",
    });
    expect((await execute(CORRECT, { id, input: { description: "更正后的事实描述" } })).data.correctTradingRecord.points).toBe(4);

    const CLOSE = `mutation($id: ID!) { closeTradingRecord(id: $id, closedOn: "2026-11-01", legalBasis: "（2026）浙05行终1号判决撤销原处罚决定") { status closedOn points } }`;
    expect((await execute(CLOSE, { id })).data.closeTradingRecord).toEqual({ status: "REMOVED", closedOn: "2026-11-01", points: 4 });
    expect((await execute(CLOSE, { id })).errors?.[0].extensions?.code).toBe("CONFLICT");
  });
});

describe("import spec", () => {
  it("reads the points column as an integer 1–100", () => {
    const points = publicResourcesDepartment.importSpec.extraColumns?.points;
    if (!points) throw new Error("the trading office's import reads no points column");
    const common = { subjectId: "x", documentNo: "x", category: "BID_RIGGING", severity: "SERIOUS", description: "x", decidedOn: "2026-01-01" };
    expect(points("7", common)).toEqual({ value: 7 });
    expect(points(" 100 ", common)).toEqual({ value: 100 });
    for (const raw of [undefined, "", "0", "101", "2.5", "-3", "abc"])
      expect(points(raw, common)).toEqual({ problem: "points must be an integer from 1 to 100" });
  });
});

describe("the subgraph schema", () => {
  it("extends Subject with publicResources and adds the three mutations, each behind @requiresScopes", () => {
    const sdl = printSubgraphSchema(schema);
    const subject = sdl.match(/type Subject\s+@key\(fields: "id"\)\s*\{[^}]*\}/)?.[0] ?? "";
    expect(subject).toContain("publicResources: PublicResourcesProfile");
    expect(subject).toContain(
      'publicResources: PublicResourcesProfile @requiresScopes(scopes: [["profile:read"], ["dept:public-resources"], ["admin"], ["self:read"]])',
    );
    for (const mutation of ["recordTradingRecord", "correctTradingRecord", "closeTradingRecord"]) {
      // Argument descriptions hold no parentheses, so `[^)]*` stays within this mutation's arguments.
      const field = new RegExp(`\\n  ${mutation}\\([^)]*\\): TradingRecord! (@requiresScopes\\(.*\\))\\n`).exec(sdl);
      expect(field?.[1], mutation).toBe('@requiresScopes(scopes: [["dept:public-resources"], ["admin"]])');
    }
  });
});
