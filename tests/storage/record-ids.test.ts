/**
 * A record id names one department: the transport bureau's and the trading office's records were
 * both `TRA-…` (the first three letters of transport_records and trading_records), so an id alone
 * did not say whose record it was. Ids are now the department's prefix and a UUID
 * (shared/records/writes.ts newRecordId); ids already stored stay as they are.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePopulation } from "../../scripts/generate/population.js";
import type { Caller } from "../../shared/caller.js";
import { RECORD_DEPARTMENTS } from "../../shared/departments.js";
import { recordIdPrefix } from "../../shared/records/writes.js";
import { publicResourcesDepartment } from "../../subgraphs/public-resources/app.js";
import type { PublicResourcesDB } from "../../subgraphs/public-resources/db.js";
import { transportDepartment } from "../../subgraphs/transport/app.js";
import type { TransportDB } from "../../subgraphs/transport/db.js";
import { type DepartmentKit, startDepartmentKit } from "../../testing/department.js";

const ADMIN: Caller = { sub: "records-admin", scopes: ["admin"] };
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

describe("record ids across departments", () => {
  let transport: DepartmentKit<TransportDB>;
  let trading: DepartmentKit<PublicResourcesDB>;
  const subject = [...generatePopulation({ count: 40, seed: "record-ids", asOf: "2026-11-01" })].find((s) => s.kind === "ORGANIZATION")!;
  const common = { subjectId: subject.id, severity: "GENERAL", amount: 100, decidedOn: "2026-06-01" };

  beforeAll(async () => {
    transport = await startDepartmentKit(transportDepartment);
    trading = await startDepartmentKit(publicResourcesDepartment);
  });
  afterAll(async () => {
    await transport?.close();
    await trading?.close();
  });

  it("a transport record and a trading record have ids of their own department, never the same prefix", async () => {
    const a = await transport.query<{ recordTransportRecord: { id: string } }>(
      `mutation($in: RecordTransportRecordInput!) { recordTransportRecord(input: $in) { id } }`,
      { in: { ...common, documentNo: "湖交罚〔2026〕编号-1号", category: "PARKING_ARREARS", description: "停车费逾期未缴" } },
      ADMIN,
    );
    const b = await trading.query<{ recordTradingRecord: { id: string } }>(
      `mutation($in: RecordTradingRecordInput!) { recordTradingRecord(input: $in) { id } }`,
      { in: { ...common, documentNo: "湖公管罚〔2026〕编号-1号", category: "BID_RIGGING", description: "串通投标", points: 2 } },
      ADMIN,
    );
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    const transportId = a.data!.recordTransportRecord.id;
    const tradingId = b.data!.recordTradingRecord.id;
    expect(transportId).toMatch(new RegExp(`^TRA-${UUID}$`));
    expect(tradingId).toMatch(new RegExp(`^PUB-${UUID}$`));
    const prefixOf = (id: string) => id.slice(0, -37);
    expect(prefixOf(transportId)).not.toBe(prefixOf(tradingId));
    // Within the 40 characters the credit office's repairs keep a record id in.
    expect(Math.max(transportId.length, tradingId.length)).toBeLessThanOrEqual(40);
  });

  it("every record department has a prefix of its own", () => {
    expect(RECORD_DEPARTMENTS.length).toBeGreaterThan(1);
    const prefixes = RECORD_DEPARTMENTS.map(recordIdPrefix);
    expect(new Set(prefixes).size, prefixes.join(" ")).toBe(RECORD_DEPARTMENTS.length);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[A-Z]{3}$/);
  });

  it("reads a record stored under an id of the old shape", async () => {
    const old = "TRA-00000000-0000-4000-8000-000000000001"; // as trading records were made too
    await transport.db
      .insertInto("transport_records")
      .values({
        id: old,
        subject_id: subject.id,
        document_no: "湖交罚〔2025〕旧-1号",
        category: "PARKING_ARREARS",
        severity: "GENERAL",
        amount_fen: 1000,
        description: "停车费逾期未缴",
        decided_on: "2025-06-01",
        publicity_ends_on: "2026-06-01",
        status: "ACTIVE",
        closed_on: null,
        closure_basis: null,
        updated_at: "2025-06-01T00:00:00.000Z",
        simple_procedure: 0,
      })
      .execute();
    const profile = await transport.query<{ _entities: { transport: { records: { id: string }[] } }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { transport { records { id } } } } }`,
      { r: [{ __typename: "Subject", id: subject.id }] },
      ADMIN,
    );
    expect(profile.errors).toEqual([]);
    expect(profile.data!._entities[0].transport.records.map((r) => r.id)).toContain(old);
  });
});
