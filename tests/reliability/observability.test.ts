/**
 * What an operator sees: a request id that the client may send, that every department called
 * for the request receives, and that comes back; Prometheus metrics on the gateway (requests,
 * errors by code, per-department fetch latency and failures, circuit state, audit queue) and on
 * each department, which carry no personal data and need no signature.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPARTMENT_NAMES } from "../../shared/departments.js";
import { parsePersonId } from "../../shared/ids.js";
import { ANALYST, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
beforeAll(async () => {
  fed = await startFederation({ subjects: 30 });
});
afterAll(async () => {
  await fed?.close();
});

describe("request ids", () => {
  it("are returned, passed to every department called, and made up when the client sends none (or a bad one)", async () => {
    const id = (await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, ANALYST)).body.data.subjects.nodes[0].id;
    const token = await fed.token(ANALYST.scopes!, "observer");
    const ask = (requestId?: string) =>
      fetch(fed.gatewayUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${token}`,
          "x-purpose": "observability",
          ...(requestId ? { "x-request-id": requestId } : {}),
        },
        body: JSON.stringify({ query: `query($id: ID!) { subject(id: $id) { name tax { outstandingArrears } evaluation { score } } }`, variables: { id } }),
      });
    fed.resetCounts();
    const response = await ask("trace-abc-123");
    expect(response.headers.get("x-request-id")).toBe("trace-abc-123");
    const called = DEPARTMENT_NAMES.filter((d) => fed.requestIds[d].length > 0);
    expect(called).toEqual(expect.arrayContaining(["credit", "tax", "evaluation"]));
    for (const d of called)
      expect(
        fed.requestIds[d].every((r) => r === "trace-abc-123"),
        d,
      ).toBe(true);

    for (const sent of [undefined, "bad id with spaces", "x".repeat(500)]) {
      const made = (await ask(sent)).headers.get("x-request-id");
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("metrics", () => {
  it("the gateway's count requests, errors by code and department calls, and show circuits and the audit queue", async () => {
    await fed.query(`{ subject(id: "bad") { name } }`, undefined, ANALYST);
    await fed.query(`{ subjects(first: 2) { nodes { tax { outstandingArrears } } } }`, undefined, ANALYST);
    const text = await (await fetch(fed.gatewayUrl.replace(/graphql$/, "metrics"))).text();
    expect(text).toMatch(/xinyi_http_request_duration_seconds_count\{[^}]*route="\/graphql"[^}]*\} [1-9]/);
    expect(text).toMatch(/xinyi_graphql_errors_total\{[^}]*code="BAD_USER_INPUT"[^}]*\} [1-9]/);
    expect(text).toMatch(/xinyi_department_fetch_duration_seconds_count\{[^}]*department="tax"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(text).toMatch(/xinyi_circuit_state\{[^}]*department="tax"[^}]*\} 0/);
    expect(text).toMatch(/xinyi_audit_queue_depth\{[^}]*\} 0/);
    expect((text.match(/\d{17}[\dX]/g) ?? []).filter((c) => parsePersonId(c).ok)).toEqual([]); // no person ID in a label
  });

  it("each department serves its own, without a signature", async () => {
    for (const name of DEPARTMENT_NAMES) {
      const response = await fetch(fed.subgraphUrl(name).replace(/graphql$/, "metrics"));
      expect(response.status, name).toBe(200);
      expect(await response.text()).toContain(`service="${name}"`);
    }
  });
});
