/**
 * The gateway as two worker processes (`XINYI_GATEWAY_WORKERS=2`, built to dist/ and run as
 * `npm start` runs it) over real departments. Every request goes on a connection of its own, so
 * the cluster's round-robin spreads them over both workers; each check below would pass twice as
 * many requests (or miss a change) if a worker kept its own state:
 * limits per token, the cost and lookup budgets, the service-signature replay guard, a circuit
 * opened in one worker, /metrics; a worker killed under load is replaced without losing the counts
 * (and without taking the primary with it); SIGTERM stops everything. The windows turn with the
 * clock's minute: checks that count start early in a minute.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_AUDIENCE, signCallerHeaders } from "../../shared/caller.js";
import { computePersonCheck } from "../../shared/ids.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { waitUntil, windowWithRoom } from "../../testing/wait.js";
import { freePorts } from "../../scripts/process-stats.js";
import { gatewayProcessEnv, startFederation, TEST_SECRET, type Federation } from "../../testing/federation.js";

let fed: Federation;
let gateway: ChildProcess;
let output = "";
let base: string;
let person: string;

const waitFor = (what: string, test: () => boolean | Promise<boolean>, ms = 30_000) => waitUntil(what, test, ms, () => output);

/** One request on a connection of its own (no keep-alive): the cluster hands each to the next worker. */
function send(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method, agent: false, headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on("error", reject);
    request.setTimeout(10_000, () => request.destroy(new Error(`no answer from ${method} ${url} in 10 s`)));
    request.end(body);
  });
}

async function graphql(query: string, token: string, variables: Record<string, unknown> = {}) {
  const answer = await send("POST", `${base}/graphql`, JSON.stringify({ query, variables }), {
    authorization: `Bearer ${token}`,
    "x-purpose": "workers test",
  });
  return { status: answer.status, body: JSON.parse(answer.text) };
}

/** The /graphql requests /metrics counts, over every status. */
async function graphqlCount(): Promise<number> {
  const { text } = await send("GET", `${base}/metrics`);
  return [...text.matchAll(/^xinyi_http_request_duration_seconds_count\{route="\/graphql"[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

const codeOf = (body: any): string | undefined => body.errors?.[0]?.extensions?.code;

/** Waits, when less than `ms` is left of this minute, for the next (rate windows are clock minutes). */
const minuteWithRoom = (ms: number) => windowWithRoom(60_000, ms);

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(PROJECT_ROOT, "tsconfig.build.json")], {
    stdio: "inherit",
  });
  fed = await startFederation({ subjects: 40 });
  // Market is down for good (a port nobody listens on): its circuit opens after two failures.
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  const deadPort = (closed.address() as net.AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const [port] = await freePorts(1);
  base = `http://127.0.0.1:${port}`;
  const env = gatewayProcessEnv(fed, port, {
    XINYI_GATEWAY_WORKERS: "2",
    // Round-robin (Linux's default, stated): each new connection goes to the next worker.
    NODE_CLUSTER_SCHED_POLICY: "rr",
    XINYI_IP_RATE_LIMIT_PER_MINUTE: "1000000",
    XINYI_RATE_LIMIT_PER_MINUTE: "6",
    XINYI_COST_PER_MINUTE: "100",
    XINYI_LOOKUP_MISSES_PER_HOUR: "3",
    XINYI_CIRCUIT_FAILURES: "2",
    XINYI_CIRCUIT_COOLDOWN_MS: "600000",
    XINYI_READY_INTERVAL_MS: "300",
  });
  env.XINYI_MARKET_URL = `http://127.0.0.1:${deadPort}/graphql`;
  gateway = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist/gateway/src/index.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
  gateway.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  gateway.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await waitFor("two gateway workers", () => output.includes("gateway: 2 workers"), 60_000);
  const analyst = await fed.token(["profile:read", "pii:read"], "workers-setup");
  const page = await graphql(`{ subjects(first: 5, filter: { kind: PERSON }) { nodes { id } } }`, analyst);
  person = page.body.data.subjects.nodes[0].id;
}, 180_000);

afterAll(async () => {
  if (gateway && gateway.exitCode === null && gateway.signalCode === null) {
    const exited = new Promise((r) => gateway.once("exit", r));
    gateway.kill("SIGKILL");
    await exited;
  }
  await fed?.close();
});

describe("two gateway workers", () => {
  it("hold each token's operation limit, cost budget and lookup budget between them", async () => {
    await minuteWithRoom(20_000);
    const dashboard = await fed.token(["metrics:read"], "workers-dashboard");
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await graphql(`{ directoryStatistics { subjects } }`, dashboard)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);

    // A page of 20 ids costs 41 of the 100 a minute: two pages, then the budget is spent.
    const pager = await fed.token(["profile:read"], "workers-pager");
    const pages: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) pages.push(codeOf((await graphql(`{ subjects(first: 20) { nodes { id } } }`, pager)).body));
    expect(pages).toEqual([undefined, undefined, "RATE_LIMITED", "RATE_LIMITED"]);

    // Lookups of ID numbers nobody has (the same visible digits, other birth dates): three an hour.
    const guesser = await fed.token(["profile:read"], "workers-guesser");
    const guesses: string[] = [];
    for (let day = 0; guesses.length < 5; day++) {
      const date = new Date(Date.UTC(1941, 0, 1 + day)).toISOString().slice(0, 10).replace(/-/g, "");
      const first17 = `${person.slice(0, 6)}${date}${person.slice(14, 17)}`;
      if (`${first17}${computePersonCheck(first17)}` !== person) guesses.push(`${first17}${computePersonCheck(first17)}`);
    }
    const lookups: (string | null | undefined)[] = [];
    for (const id of guesses) {
      const { body } = await graphql(`query($id: ID!) { subject(id: $id) { kind } }`, guesser, { id });
      lookups.push(codeOf(body) ?? body.data.subject);
    }
    expect(lookups).toEqual([null, null, null, "RATE_LIMITED", "RATE_LIMITED"]);
  });

  it("accept a platform service's signed request once, whichever worker a replay reaches", async () => {
    const body = JSON.stringify({ query: `{ subject(id: "${person}") { kind } }` });
    const sign = () =>
      signCallerHeaders(
        { sub: "service:incentives", scopes: ["profile:read"], purpose: "workers test", actingFor: "partner-1" },
        { audience: GATEWAY_AUDIENCE, method: "POST", path: "/graphql", body },
        TEST_SECRET,
      );
    const signed = sign();
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) answers.push((await send("POST", `${base}/graphql`, body, signed)).status);
    expect(answers).toEqual([200, 401, 401, 401]);
    const replayed = await send("POST", `${base}/graphql`, body, signed);
    expect(JSON.parse(replayed.text).errors[0].message).toContain("replayed");
    // A fresh signature of the same request is a new request.
    const fresh = await send("POST", `${base}/graphql`, body, sign());
    expect(JSON.parse(fresh.text).data.subject.kind).toBe("PERSON");
  });

  it("open a department's circuit in every worker when one of them opens it", async () => {
    const analyst = await fed.token(["profile:read"], "workers-market");
    const before = JSON.parse((await send("GET", `${base}/readyz`)).text);
    expect(before.departments.market).toBe("down");
    // Failures alternate between the workers: the third is the second failure of one of them.
    for (let i = 0; i < 3; i++) {
      const { body } = await graphql(`query($id: ID!) { subject(id: $id) { kind market { complaints } } }`, analyst, { id: person });
      expect(body.errors[0].extensions.department).toBe("market");
    }
    // Four /readyz in a row (both workers, twice) say open, once the change has been passed on.
    const reports = async () => {
      const states: string[] = [];
      for (let i = 0; i < 4; i++) states.push(JSON.parse((await send("GET", `${base}/readyz`)).text).departments.market);
      return states;
    };
    await waitFor("every worker's market circuit open", async () => (await reports()).every((s) => s === "open"), 5000);
    const { text } = await send("GET", `${base}/metrics`);
    const states = [...text.matchAll(/^xinyi_circuit_state\{department="market"[^}]*\} (\d)$/gm)].map((m) => m[1]);
    expect(states).toEqual(["2", "2"]); // one series per worker
  });

  it("serve every worker's metrics from any of them", async () => {
    const token = await fed.token(["metrics:read"], "workers-metrics");
    const start = await graphqlCount();
    for (let i = 0; i < 5; i++) expect((await graphql(`{ directoryStatistics { subjects } }`, token)).status).toBe(200);
    // (A response is counted once it has been sent: a moment after the client has it.)
    await waitFor("the five requests counted", async () => (await graphqlCount()) === start + 5, 5000);
    const counts = [await graphqlCount(), await graphqlCount(), await graphqlCount()];
    expect(counts).toEqual([start + 5, start + 5, start + 5]);
    const { text } = await send("GET", `${base}/metrics`);
    expect(new Set([...text.matchAll(/worker="(\d+)"/g)].map((m) => m[1])).size).toBe(2);
  });

  it("replace a worker killed under load, and the counts outlive it", async () => {
    await minuteWithRoom(30_000);
    const spent = await fed.token(["metrics:read"], "workers-spent");
    for (let i = 0; i < 6; i++) expect((await graphql(`{ directoryStatistics { subjects } }`, spent)).status).toBe(200);
    // Load that keeps the primary answering both workers' questions while one of them is killed.
    const statuses: number[] = [];
    let loading = true;
    const load = Array.from({ length: 8 }, async () => {
      while (loading) {
        // A request on the killed worker's connection fails with it (or, handed to it as it died, waits
        // for the client's timeout: node:cluster's round-robin handoff); the others must be refused.
        const answer = await graphql(`{ directoryStatistics { subjects } }`, spent).catch(() => undefined);
        if (answer) statuses.push(answer.status);
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const pids = /gateway: 2 workers \(pids (\d+), (\d+)\)/.exec(output)!.slice(1).map(Number);
    process.kill(pids[0], "SIGKILL");
    await waitFor("a replacement worker", () => /gateway worker 3: listening/.test(output));
    await new Promise((r) => setTimeout(r, 300));
    loading = false;
    await Promise.all(load);
    expect(output).toMatch(new RegExp(`worker \\(pid ${pids[0]}\\) exited \\(SIGKILL\\)`));
    expect(gateway.exitCode).toBeNull();
    expect(statuses.length).toBeGreaterThan(8);
    expect(new Set(statuses)).toEqual(new Set([429]));
    const after: number[] = [];
    for (let i = 0; i < 4; i++) after.push((await graphql(`{ directoryStatistics { subjects } }`, spent)).status);
    expect(after).toEqual([429, 429, 429, 429]);
    const other = await fed.token(["metrics:read"], "workers-after-restart");
    expect((await graphql(`{ directoryStatistics { subjects } }`, other)).status).toBe(200);
  }, 120_000);

  it("stop on SIGTERM: every worker drains and exits, then the primary, with status 0", async () => {
    const workers = [...output.matchAll(/gateway worker \d+: listening on \S+ \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    const exited = new Promise<number | null>((r) => gateway.once("exit", (code) => r(code)));
    gateway.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("gateway: closed");
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });
});
