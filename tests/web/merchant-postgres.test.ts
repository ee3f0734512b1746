/**
 * Merchant codes on PostgreSQL (migration 011_merchant_codes, the credit office's choice and its
 * change rows): a firm opted in by the credit office answers its JSON page, opted out again 404,
 * and a third call with the same choice writes nothing; the audit has both changes with
 * before/after. The browser, the QR code and the identical 404s are tests/web/merchant.test.ts's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYST, type AnyData, startFederation, type Federation, closeAll } from "../../testing/federation.js";
import { startPostgres, type TestPostgres } from "../../testing/postgres.js";
import { waitUntil } from "../../testing/wait.js";

const CREDIT_OFFICE = { sub: "credit-office-clerk", scopes: ["dept:credit"] };
const SET = `mutation($id: ID!, $display: Boolean!) { setMerchantCode(subjectId: $id, display: $display) { displayed changedAt } }`;

let postgres: TestPostgres;
let fed: Federation;
let firm: AnyData;

beforeAll(async () => {
  postgres = await startPostgres();
  fed = await startFederation({ subjects: 60, env: { DATABASE_URL: await postgres.createDatabase("xinyi") } });
  const { body } = await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id name } } }`, undefined, ANALYST);
  firm = body.data.subjects.nodes[0];
}, 300_000);
afterAll(() => closeAll(fed, postgres));

describe("merchant codes on PostgreSQL", () => {
  it("opted in, shown; opted out, 404; the same choice again writes nothing; both changes audited with before/after", async () => {
    const page = () => fetch(`${new URL(fed.gatewayUrl).origin}/merchant/${firm.id}.json`);
    expect((await page()).status).toBe(404);
    const shown = await fed.query(SET, { id: firm.id, display: true }, CREDIT_OFFICE);
    expect(shown.body.errors, JSON.stringify(shown.body.errors)).toBeUndefined();
    const answer = await page();
    expect(answer.status).toBe(200);
    expect((await answer.json()).name).toBe(firm.name);
    const hidden = await fed.query(SET, { id: firm.id, display: false }, CREDIT_OFFICE);
    expect(hidden.body.data.setMerchantCode.displayed).toBe(false);
    const again = await fed.query(SET, { id: firm.id, display: false }, CREDIT_OFFICE);
    expect(again.body.data.setMerchantCode.changedAt).toBe(hidden.body.data.setMerchantCode.changedAt);
    expect((await page()).status).toBe(404);

    const changes = async () => {
      const { body } = await fed.query(
        `query($id: ID!) { auditLog(subjectId: $id, first: 50) { nodes { changes { action before after } } } }`,
        { id: firm.id },
        { scopes: ["audit:read"] },
      );
      return body.data.auditLog.nodes
        .flatMap((n: AnyData) => n.changes)
        .filter((c: AnyData) => "changed_at" in JSON.parse(c.after))
        .map((c: AnyData) => [c.action, c.before && JSON.parse(c.before).status, JSON.parse(c.after).status]);
    };
    await waitUntil("both merchant code changes in the audit log", async () => (await changes()).length >= 2, 10_000);
    expect((await changes()).sort()).toEqual(
      [
        ["REGISTER", null, "DISPLAYED"],
        ["REVOKE", "DISPLAYED", "HIDDEN"],
      ].sort(),
    );
  });
});
