/**
 * A department's repair routes (shared/record-repair.ts) answer as GraphQL errors are shaped,
 * `{ errors: [{ message, extensions: { code } }] }`, with the code's status from the error table
 * (shared/errors.ts), and `{ record, change }` when done.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePopulation } from "../../scripts/generate/population.js";
import { type Caller, signCallerHeaders } from "../../shared/caller.js";
import { KERNEL_ERRORS } from "../../shared/errors.js";
import { REPAIR_SERVICE } from "../../shared/record-repair.js";
import { transportDepartment } from "../../subgraphs/transport/app.js";
import type { TransportDB } from "../../subgraphs/transport/db.js";
import { type DepartmentKit, KIT_SECRET, startDepartmentKit } from "../../testing/department.js";

const CLERK: Caller = { sub: "transport-clerk", scopes: ["dept:transport"] };
const CREDIT: Caller = { sub: REPAIR_SERVICE, scopes: [], actingFor: "repair-approver" };
const RECORD = `mutation($in: RecordTransportRecordInput!) { recordTransportRecord(input: $in) { id } }`;

interface RouteAnswer {
  record?: { id: string; status: string };
  change?: { action: string } | null;
  errors?: { message: string; extensions: { code: string } }[];
}

describe("the repair routes' answers", () => {
  let kit: DepartmentKit<TransportDB>;
  let recordId: string;
  const [subject] = generatePopulation({ count: 1, seed: "repair-route", asOf: "2026-11-01" });

  const post = async (path: string, body: unknown, caller: Caller | null = CREDIT) => {
    const payload = JSON.stringify(body);
    const signed = caller ? signCallerHeaders(caller, { audience: "transport", method: "POST", path, body: payload }, KIT_SECRET) : {};
    const response = await kit.app.inject({ method: "POST", url: path, headers: { ...signed, "content-type": "application/json" }, payload });
    return { status: response.statusCode, body: response.json<RouteAnswer>() };
  };
  const refusal = (code: keyof typeof KERNEL_ERRORS) => ({
    status: KERNEL_ERRORS[code].status,
    body: { errors: [{ message: expect.any(String), extensions: { code } }] },
  });

  beforeAll(async () => {
    kit = await startDepartmentKit(transportDepartment);
    const { data, errors } = await kit.query<{ recordTransportRecord: { id: string } }>(
      RECORD,
      {
        in: {
          subjectId: subject.id,
          documentNo: "湖交罚〔2026〕修复-1号",
          category: "PARKING_ARREARS",
          severity: "GENERAL",
          amount: 50,
          description: "道路停车泊位停车费逾期未缴",
          decidedOn: "2026-06-01",
        },
      },
      CLERK,
    );
    expect(errors).toEqual([]);
    recordId = data!.recordTransportRecord.id;
  });
  afterAll(async () => {
    await kit?.close();
  });

  it("refuses an unsigned call (401 UNSIGNED_REQUEST) and a caller other than the credit office (403 FORBIDDEN)", async () => {
    const body = { repairedOn: "2026-10-01", applicationId: "RP-1" };
    expect(await post(`/records/${recordId}/repair`, body, null)).toEqual(refusal("UNSIGNED_REQUEST"));
    expect(await post(`/records/${recordId}/repair`, body, CLERK)).toEqual(refusal("FORBIDDEN"));
    expect(await post(`/records/${recordId}/reinstate`, {}, { sub: "service:incentives", scopes: [] })).toEqual(refusal("FORBIDDEN"));
  });

  it("refuses a call without its date or application (400 BAD_USER_INPUT) and an unknown record (404 NOT_FOUND)", async () => {
    expect(await post(`/records/${recordId}/repair`, { applicationId: "RP-1" })).toEqual(refusal("BAD_USER_INPUT"));
    expect(await post(`/records/${recordId}/repair`, { repairedOn: "2026-13-01", applicationId: "RP-1" })).toEqual(refusal("BAD_USER_INPUT"));
    expect(await post("/records/TRANSPORT-none/repair", { repairedOn: "2026-10-01", applicationId: "RP-1" })).toEqual(refusal("NOT_FOUND"));
  });

  it("repairs once, answers a repeated call as done, and refuses another application's repair (409 CONFLICT)", async () => {
    const first = await post(`/records/${recordId}/repair`, { repairedOn: "2026-10-01", applicationId: "RP-1" });
    expect(first).toMatchObject({ status: 200, body: { record: { id: recordId, status: "REPAIRED" }, change: { action: "REPAIR" } } });
    expect(first.body.errors).toBeUndefined();
    expect(await post(`/records/${recordId}/repair`, { repairedOn: "2026-10-01", applicationId: "RP-1" })).toMatchObject({
      status: 200,
      body: { record: { status: "REPAIRED" }, change: null },
    });
    const other = await post(`/records/${recordId}/repair`, { repairedOn: "2026-10-02", applicationId: "RP-2" });
    expect(other).toEqual(refusal("CONFLICT"));
    expect(other.body.errors?.[0].message).toMatch(/is not active \(REPAIRED\)/);
  });

  it("reinstates a repaired record, then answers as done (200), and the route 404s in the same shape (ROUTE_NOT_FOUND)", async () => {
    expect(await post(`/records/${recordId}/reinstate`, { reason: "承诺未履行" })).toMatchObject({
      status: 200,
      body: { record: { status: "ACTIVE" }, change: { action: "REINSTATE" } },
    });
    expect(await post(`/records/${recordId}/reinstate`, {})).toMatchObject({ status: 200, body: { change: null } });
    expect(await post(`/records/${recordId}/erase`, {})).toEqual(refusal("ROUTE_NOT_FOUND"));
  });
});
