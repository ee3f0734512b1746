/**
 * A client that goes away mid-request says nothing about the departments: a few disconnecting
 * clients must not open a department's circuit for everyone, and a write a department made before
 * its client left is still in the audit entry with its change. Each department sits behind a
 * proxy that forwards the call at once (the department answers, or writes, now) and holds its
 * answer 400 ms; the clients leave after 150 ms.
 */
import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ANALYST, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
const proxies: http.Server[] = [];
let organization: string;

/** A proxy in front of a department: forwards every call at once and answers 400 ms later. */
async function slowProxy(department: "tax" | "health"): Promise<string> {
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string" && !["host", "content-length", "connection"].includes(e[0])),
      );
      const answer = await fetch(fed.subgraphUrl(department), { method: req.method, headers, body: req.method === "POST" ? Buffer.concat(chunks) : undefined });
      const text = await answer.text();
      await new Promise((r) => setTimeout(r, 400));
      if (!res.destroyed) res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(text);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxies.push(proxy);
  return `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}/graphql`;
}

beforeAll(async () => {
  fed = await startFederation({ subjects: 30 });
  organization = (await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, ANALYST)).body.data.subjects.nodes[0]
    .id;
});
afterAll(async () => {
  for (const proxy of proxies) await new Promise((r) => proxy.close(r));
  await fed?.close();
});

/** POSTs an operation; with `leaveAfterMs` the client disconnects then and gets nothing. */
async function post(url: string, token: string, query: string, variables: Record<string, unknown>, leaveAfterMs?: number) {
  const controller = new AbortController();
  if (leaveAfterMs) setTimeout(() => controller.abort(), leaveAfterMs);
  const response = await fetch(url, {
    method: "POST",
    signal: controller.signal,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "disconnect test" },
    body: JSON.stringify({ query, variables }),
  }).catch(() => undefined);
  return response?.json();
}

it("does not open a department's circuit when clients disconnect", async () => {
  const gateway = await fed.startGateway({ XINYI_TAX_URL: await slowProxy("tax"), XINYI_CIRCUIT_FAILURES: "3", XINYI_CIRCUIT_COOLDOWN_MS: "600000" });
  try {
    const token = await fed.token(ANALYST.scopes!, "leaving-client");
    const query = `query($id: ID!) { subject(id: $id) { name tax { outstandingArrears } } }`;
    for (let i = 0; i < 4; i++) expect(await post(gateway.url, token, query, { id: organization }, 150)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 500)); // the calls the clients left finish
    const after = await post(gateway.url, token, query, { id: organization });
    expect(after.errors).toBeUndefined();
    expect(typeof after.data.subject.tax.outstandingArrears).toBe("number");
    const ready = await (await fetch(gateway.url.replace(/graphql$/, "readyz"))).json();
    expect(JSON.stringify(ready)).not.toMatch(/open/i);
  } finally {
    await gateway.close();
  }
});

it("audits a write made before its client disconnected, with the change", async () => {
  const gateway = await fed.startGateway({ XINYI_HEALTH_URL: await slowProxy("health") });
  try {
    const token = await fed.token(["dept:health", "audit:read"], "leaving-clerk");
    const input = {
      subjectId: organization,
      documentNo: "湖医保罚〔2026〕disconnect-1号",
      category: "MEDICAL_ORDER_VIOLATION",
      severity: "GENERAL",
      amount: 200,
      description: "在医院诊疗区域聚众滋事，扰乱医疗秩序",
      decidedOn: "2026-03-15",
    };
    const mutation = `mutation($in: RecordHealthRecordInput!) { recordHealthRecord(input: $in) { id } }`;
    expect(await post(gateway.url, token, mutation, { in: input }, 150)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1000));
    const log = await post(
      gateway.url,
      token,
      `{ auditLog(caller: "leaving-clerk", first: 5) { nodes { operationType outcome changes { department recordId action } } } }`,
      {},
    );
    const outcome = log.data.auditLog.nodes.find((n: { operationType: string; outcome: string }) => n.operationType === "mutation" && n.outcome !== "STARTED");
    expect(outcome).toMatchObject({ outcome: "OK", changes: [{ department: "health", action: "RECORD" }] });
    expect(outcome.changes[0].recordId).toMatch(/^HEA-/);
  } finally {
    await gateway.close();
  }
});
