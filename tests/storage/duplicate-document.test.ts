/**
 * A document number (决定书文号) is recorded once per department, also when two clerks record it at
 * the same moment: the check and the insert raced (each saw no record, then one insert met the
 * table's unique index and its caller got an internal error, not the duplicate's CONFLICT). The
 * unique index on the normalised number decides; the loser gets the same coded error as a
 * sequential duplicate (shared/records/writes.ts recordRecord). On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePopulation } from "../../scripts/generate/population.js";
import type { Caller } from "../../shared/caller.js";
import { transportDepartment } from "../../subgraphs/transport/app.js";
import type { TransportDB } from "../../subgraphs/transport/db.js";
import { type DepartmentKit, startDepartmentKit } from "../../testing/department.js";
import { startPostgres, type TestPostgres } from "../../testing/postgres.js";

const CLERK: Caller = { sub: "transport-clerk", scopes: ["dept:transport"] };
const RECORD = `mutation($in: RecordTransportRecordInput!) { recordTransportRecord(input: $in) { id } }`;
const subjects = [...generatePopulation({ count: 8, seed: "duplicate-document", asOf: "2026-11-01" })];
const input = (documentNo: string, k: number) => ({
  subjectId: subjects[k % subjects.length].id,
  documentNo,
  category: "PARKING_ARREARS",
  severity: "GENERAL",
  amount: 10 + k,
  description: "道路停车泊位停车费逾期未缴",
  decidedOn: "2026-06-01",
});

describe.each(["sqlite", "postgres"] as const)("on %s", (dialect) => {
  let kit: DepartmentKit<TransportDB>;
  let postgres: TestPostgres | undefined;

  beforeAll(async () => {
    if (dialect === "postgres") postgres = await startPostgres();
    kit = await startDepartmentKit(transportDepartment, { databaseUrl: await postgres?.createDatabase("duplicates") });
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
    await postgres?.stop();
  });

  const rowsOf = (documentNo: string) => kit.db.selectFrom("transport_records").select("id").where("document_no", "=", documentNo).execute();
  const codesOf = (answers: Awaited<ReturnType<typeof kit.query>>[]) =>
    answers.map((a) => (a.errors.length === 0 ? "OK" : a.errors[0].extensions?.code)).sort();

  it("a sequential duplicate is refused with CONFLICT, naming the record", async () => {
    const first = await kit.query<{ recordTransportRecord: { id: string } }>(RECORD, { in: input("湖交罚〔2026〕重-1号", 0) }, CLERK);
    expect(first.errors).toEqual([]);
    const again = await kit.query(RECORD, { in: input("湖交罚〔2026〕重-1号", 1) }, CLERK);
    expect(again.errors).toHaveLength(1);
    expect(again.errors[0]).toMatchObject({
      extensions: { code: "CONFLICT" },
      message: `A record with document number "湖交罚〔2026〕重-1号" exists already (${first.data!.recordTransportRecord.id})`,
    });
  });

  it("numbers that differ only in width, spaces or case are one number, also at once", async () => {
    const spellings = ["湖交罚〔2026〕ab-7号", "湖交罚〔2026〕 AB-7 号", "湖交罚〔2026〕ＡＢ－７号", "湖交罚〔2026〕Ab-7号"];
    const answers = await Promise.all(spellings.map((documentNo, k) => kit.query(RECORD, { in: input(documentNo, k) }, CLERK)));
    expect(codesOf(answers)).toEqual(["CONFLICT", "CONFLICT", "CONFLICT", "OK"]);
    expect(await rowsOf("湖交罚〔2026〕AB-7号")).toHaveLength(1);
  });

  it("ten clerks recording one document number at once, five times: one record each, nine CONFLICT as the sequential duplicate", async () => {
    for (let round = 1; round <= 5; round++) {
      const documentNo = `湖交罚〔2026〕并-${dialect.toUpperCase()}-${round}号`;
      const answers = await Promise.all(Array.from({ length: 10 }, (_, k) => kit.query(RECORD, { in: input(documentNo, k) }, CLERK)));
      expect(codesOf(answers)).toEqual([...Array(9).fill("CONFLICT"), "OK"]);
      const rows = await rowsOf(documentNo);
      expect(rows).toHaveLength(1);
      for (const answer of answers.filter((a) => a.errors.length > 0))
        expect(answer.errors[0].message).toBe(`A record with document number "${documentNo}" exists already (${rows[0].id})`);
    }
  });
});
