/**
 * A hung department (a server that accepts and never answers, as a stuck database would leave
 * it) costs one timeout, not the request: the answer is partial with the department named, the
 * evaluation incomplete; answers that do not touch it do not wait for it; after repeated
 * failures its circuit opens and calls fail fast; /readyz shows it. The 10 s bound is a behaviour
 * bound (20× the configured timeout), not a speed target.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYST, startFederation, type Federation } from "../../testing/federation.js";

let fed: Federation;
let hung: net.Server;
const sockets = new Set<net.Socket>();
let connections = 0;
let gateway: { url: string; close(): Promise<void> };
let token: string;
let organization: string;

beforeAll(async () => {
  fed = await startFederation({ subjects: 40 });
  hung = net.createServer((socket) => {
    sockets.add(socket); // accept, read, never answer
    // Calls only: the gateway's readiness probes (GET /healthz every 300 ms) do not count.
    socket.once("data", (chunk) => {
      if (chunk.toString("latin1").startsWith("POST ")) connections++;
    });
  });
  await new Promise<void>((r) => hung.listen(0, "127.0.0.1", r));
  const port = (hung.address() as net.AddressInfo).port;
  gateway = await fed.startGateway({
    XINYI_TAX_URL: `http://127.0.0.1:${port}/graphql`,
    XINYI_TAX_TIMEOUT_MS: "500",
    XINYI_CIRCUIT_FAILURES: "3",
    XINYI_CIRCUIT_COOLDOWN_MS: "600000",
    XINYI_READY_INTERVAL_MS: "300",
  });
  token = await fed.token(ANALYST.scopes!, "hang-tester");
  organization = (await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, ANALYST)).body.data.subjects.nodes[0]
    .id;
});
afterAll(async () => {
  await gateway?.close();
  for (const s of sockets) s.destroy();
  await new Promise((r) => hung?.close(r));
  await fed?.close();
});

async function ask(query: string) {
  const started = Date.now();
  const response = await fetch(gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "hang test" },
    body: JSON.stringify({ query, variables: { id: organization } }),
  });
  return { status: response.status, body: await response.json(), ms: Date.now() - started };
}

const PROFILE = `query($id: ID!) { subject(id: $id) { name tax { outstandingArrears } health { payAfterVisits } evaluation { complete missingSources level score } } }`;

describe("a hung department", () => {
  it("costs one timeout: a partial answer naming it, the evaluation incomplete", async () => {
    const { status, body, ms } = await ask(PROFILE);
    expect(status).toBe(200);
    expect(ms).toBeLessThan(10_000);
    expect(body.data.subject.name.length).toBeGreaterThan(0);
    expect(body.data.subject.tax).toBeNull();
    expect(body.data.subject.health).not.toBeNull();
    expect(body.data.subject.evaluation).toMatchObject({ complete: false, level: null, score: null });
    expect(body.data.subject.evaluation.missingSources).toContain("tax");
    const taxErrors = body.errors.filter((e: any) => e.extensions?.department === "tax");
    expect(taxErrors.length).toBeGreaterThan(0);
    expect(taxErrors[0]).toMatchObject({ extensions: { code: "DOWNSTREAM_SERVICE_ERROR" } });
    expect(taxErrors[0].message).toMatch(/did not answer within 500 ms/);
  });

  it("is not waited for by answers that do not touch it", async () => {
    const before = connections;
    const { body } = await ask(`query($id: ID!) { subject(id: $id) { name health { payAfterVisits } } }`);
    expect(body.errors).toBeUndefined();
    expect(connections).toBe(before);
  });

  it("opens its circuit after repeated failures: then calls fail fast, and /readyz shows it", async () => {
    for (let i = 0; i < 3; i++) await ask(PROFILE);
    const before = connections;
    const { body } = await ask(PROFILE);
    expect(body.errors.find((e: any) => e.extensions?.department === "tax").message).toMatch(/circuit open/);
    expect(connections).toBe(before); // not even tried
    const ready = await fetch(gateway.url.replace(/graphql$/, "readyz"));
    expect(ready.status).toBe(200); // partial service is service
    const report = await ready.json();
    expect(report.departments.tax).toBe("open");
    expect(report.departments.credit).toBe("up");
  });
});

describe("/readyz", () => {
  it("reflects a department that goes down within one check interval", async () => {
    const local = await fed.startGateway({ XINYI_READY_INTERVAL_MS: "300" });
    try {
      const readyz = local.url.replace(/graphql$/, "readyz");
      expect((await (await fetch(readyz)).json()).departments.market).toBe("up");
      await fed.stop("market");
      await new Promise((r) => setTimeout(r, 700));
      const response = await fetch(readyz);
      expect(response.status).toBe(200);
      expect((await response.json()).departments).toMatchObject({ market: "down", credit: "up" });
    } finally {
      await local.close();
    }
  });
});
