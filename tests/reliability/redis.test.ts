/**
 * Gateway replicas on one Redis (`XINYI_REDIS_URL`, gateway/src/redis-store.ts): Debian's
 * `redis-server` on a port of its own (no persistence, in a temporary folder), the departments, and
 * two gateways (built to dist/, as `npm start` runs one) on two ports, both pointed at it: one
 * process, and one of two workers (XINYI_GATEWAY_WORKERS=2). Requests alternate between the
 * gateways, each on a new connection (so between the workers too): each check below would pass
 * more requests (or a replayed signature) if a process kept its own state. Then the documented outage policy: with
 * Redis hung (SIGSTOP) every answer still comes (each command waits at most XINYI_REDIS_TIMEOUT_MS);
 * with Redis stopped a platform service's call is refused (503 REPLAY_GUARD_UNAVAILABLE, the replay
 * guard fails closed) while the limits hold per gateway (fail open to the machine's own count);
 * Redis back, the gateways share again. The windows turn with the clock: counting checks start
 * early in a minute.
 *
 * redis-server missing is a failure, not a skip: `.ci/run` installs it (`apt-get install redis-server`).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_AUDIENCE, signCallerHeaders } from "../../shared/caller.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { freePorts } from "../../scripts/process-stats.js";
import { type AnyData, type Federation, type GatewayAnswer, gatewayProcessEnv, startFederation, TEST_SECRET } from "../../testing/federation.js";
import { waitUntil, windowWithRoom } from "../../testing/wait.js";

const LIMIT = 6;
let fed: Federation;
let redisDir: string;
let redisPort: number;
let redis: ChildProcess | undefined;
/** What each gateway wrote (stdout and stderr). */
const logs = ["", ""];
const output = () => logs.map((log, i) => `--- gateway ${i}\n${log}`).join("\n");
const gateways: { url: string; process: ChildProcess }[] = [];
let persons: string[] = [];

const waitFor = (what: string, test: () => boolean | Promise<boolean>, ms = 30_000) => waitUntil(what, test, ms, output);

/** A redis-server on `redisPort`: no RDB snapshots, no append-only file, its folder a temporary one. */
async function startRedis(): Promise<void> {
  const server = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", redisDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout!.on("data", (c: Buffer) => (log += c.toString()));
  server.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  redis = server;
  await waitUntil(
    "redis-server ready",
    () => log.includes("Ready to accept connections"),
    15_000,
    () => log,
  );
}

async function stopRedis(): Promise<void> {
  const server = redis;
  redis = undefined;
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGKILL");
  await exited;
}

/**
 * POSTs GraphQL to gateway `at` (0 or 1) on a connection of its own (no keep-alive): the second
 * gateway's workers take new connections in turn, so its requests alternate between them.
 */
function post(at: number, body: string, headers: Record<string, string>): Promise<{ status: number; body: GatewayAnswer<AnyData>["body"] }> {
  return new Promise((resolve, reject) => {
    const options = { method: "POST", agent: false, timeout: 10_000, headers: { "content-type": "application/json", ...headers } };
    const request = http.request(`${gateways[at].url}/graphql`, options, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    request.on("timeout", () => request.destroy(new Error(`no answer from gateway ${at} in 10 s`)));
    request.on("error", reject);
    request.end(body);
  });
}

const asToken = (at: number, query: string, token: string, variables: Record<string, unknown> = {}) =>
  post(at, JSON.stringify({ query, variables }), { authorization: `Bearer ${token}`, "x-purpose": "redis test" });

const codeOf = (answer: { body: GatewayAnswer<AnyData>["body"] }) => answer.body.errors?.[0]?.extensions.code;

/** A platform service's request, signed once: the same headers may be sent again (a replay). */
function serviceCall() {
  const body = JSON.stringify({ query: `{ subject(id: "${persons[0]}") { kind } }` });
  const headers = signCallerHeaders(
    { sub: "service:incentives", scopes: ["profile:read"], purpose: "redis test", actingFor: "partner-1" },
    { audience: GATEWAY_AUDIENCE, method: "POST", path: "/graphql", body },
    TEST_SECRET,
  );
  return (at: number) => post(at, body, headers);
}

/** The statuses of `n` directoryStatistics queries by `token`, alternating between the gateways starting at `first` (or all at `only`). */
async function statuses(token: string, n: number, only?: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < n; i++) seen.push((await asToken(only ?? i % 2, `{ directoryStatistics { subjects } }`, token)).status);
  return seen;
}

/** Whether a fresh service call is accepted by the first gateway and by each of the second's two workers (taking connections in turn). */
const accepting = async () => {
  for (const at of [0, 1, 1]) if ((await serviceCall()(at)).status !== 200) return false;
  return true;
};

const metricsOf = async (at: number) => (await fetch(`${gateways[at].url}/metrics`)).text();

beforeAll(async () => {
  try {
    execFileSync("redis-server", ["--version"]);
  } catch {
    throw new Error("redis-server is not installed: apt-get install redis-server (Debian's package; .ci/run installs it)");
  }
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(PROJECT_ROOT, "tsconfig.build.json")], {
    stdio: "inherit",
  });
  fed = await startFederation({ subjects: 40 });
  redisDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-redis-"));
  const ports = await freePorts(3);
  redisPort = ports[2];
  await startRedis();
  for (const [i, port] of ports.slice(0, 2).entries()) {
    const env = gatewayProcessEnv(fed, port, {
      XINYI_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      XINYI_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      XINYI_IP_RATE_LIMIT_PER_MINUTE: "1000000",
      XINYI_PERSON_IDS_PER_HOUR: "2",
      // The first stands behind a load balancer on this machine (the test client plays it); the second trusts no proxy.
      XINYI_TRUSTED_PROXIES: i === 0 ? "127.0.0.1" : "",
      // The second is two workers, each asking Redis itself (their primary's count only while Redis is unreachable).
      XINYI_GATEWAY_WORKERS: i === 0 ? "1" : "2",
      NODE_CLUSTER_SCHED_POLICY: "rr",
    });
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist/gateway/src/index.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (c: Buffer) => (logs[i] += c));
    child.stderr!.on("data", (c: Buffer) => (logs[i] += c));
    gateways.push({ url: `http://127.0.0.1:${port}`, process: child });
    await waitFor(`gateway ${i} listening`, () => /^gateway: listening/m.test(logs[i]), 60_000);
  }
  expect(output().match(/Redis at 127\.0\.0\.1:\d+ answers/g)).toHaveLength(3); // the first gateway, the second's two workers
  const analyst = await fed.token(["profile:read", "pii:read"], "redis-setup");
  const page = await asToken(0, `{ subjects(first: 3, filter: { kind: PERSON }) { nodes { id } } }`, analyst);
  persons = page.body.data.subjects.nodes.map((n: { id: string }) => n.id);
}, 240_000);

afterAll(async () => {
  for (const { process: child } of gateways) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
  if (redis) process.kill(redis.pid!, "SIGCONT");
  await stopRedis();
  await fed?.close();
  if (redisDir) fs.rmSync(redisDir, { recursive: true, force: true });
});

describe("two gateway processes on one Redis", () => {
  it("hold a caller's per-minute limit and person-ID budget between them, and Redis keeps no subject or ID in clear", async () => {
    await windowWithRoom(60_000, 20_000);
    const caller = await fed.token(["metrics:read"], "redis-limited");
    // Alternating: four requests reach each gateway; the 7th and 8th are over the limit in total.
    expect(await statuses(caller, 8)).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);

    // Two distinct person IDs an hour without pii:read: the first at one gateway, the second at the
    // other, the first again (free), then a third is refused wherever it is asked.
    await windowWithRoom(3_600_000, 20_000);
    const reader = await fed.token(["profile:read"], "redis-reader");
    const ask = async (at: number, id: string) => {
      const answer = await asToken(at, `query($id: ID!) { subject(id: $id) { kind } }`, reader, { id });
      return codeOf(answer) ?? answer.body.data.subject.kind;
    };
    expect([await ask(0, persons[0]), await ask(1, persons[1]), await ask(0, persons[0]), await ask(1, persons[2]), await ask(0, persons[2])]).toEqual([
      "PERSON",
      "PERSON",
      "PERSON",
      "RATE_LIMITED",
      "RATE_LIMITED",
    ]);

    const client = new Redis(redisPort, "127.0.0.1");
    try {
      const keys = await client.keys("xinyi:*");
      const members = (await Promise.all(keys.filter((k) => k.startsWith("xinyi:ids:")).map((k) => client.smembers(k)))).flat();
      expect(keys.length).toBeGreaterThan(2);
      expect(members.length).toBeGreaterThan(0);
      const stored = [...keys, ...members].join("\n");
      for (const secret of ["redis-limited", "redis-reader", "127.0.0.1", ...persons]) expect(stored).not.toContain(secret);
    } finally {
      client.disconnect();
    }
  });

  it("charge an operation the audit refuses to its token, whichever gateway and address it comes from (reviewer M3)", async () => {
    await windowWithRoom(60_000, 20_000);
    const token = await fed.token(["profile:read"], "redis-audit-flooder");
    let address = 0;
    // The first gateway takes each request's address from X-Forwarded-For (a trusted load balancer).
    const ask = async (at: number, query: string, purpose?: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, "x-forwarded-for": `198.51.100.${++address}` };
      if (purpose) headers["x-purpose"] = purpose;
      return codeOf(await post(at, JSON.stringify({ query }), headers)) ?? "OK";
    };
    const profile = `{ subject(id: "${persons[0]}") { kind } }`;
    const codes = [];
    // No purpose, and every field refused, in turn at each gateway: the token's six.
    for (let i = 0; i < LIMIT / 2; i++) codes.push(await ask(i % 2, profile), await ask((i + 1) % 2, `{ auditLog(first: 1) { totalCount } }`, "flood"));
    codes.push(await ask(0, profile, "a valid read"), await ask(1, profile, "a valid read"));
    expect(codes).toEqual([
      ...Array(LIMIT / 2)
        .fill(["PURPOSE_REQUIRED", "FORBIDDEN"])
        .flat(),
      "RATE_LIMITED",
      "RATE_LIMITED",
    ]);
  });

  it("admit an operation in one script call, besides its address's count on arrival", async () => {
    const client = new Redis(redisPort, "127.0.0.1");
    try {
      const reader = await fed.token(["profile:read"], "redis-round-trips");
      // Once before counting: every script this gateway process uses is loaded (EVALSHA, not EVAL).
      const ask = () => asToken(0, `query($id: ID!) { subject(id: $id) { kind } }`, reader, { id: persons[0] });
      expect((await ask()).body.data.subject.kind).toBe("PERSON");
      await client.config("RESETSTAT");
      for (let i = 0; i < 3; i++) expect((await ask()).body.data.subject.kind).toBe("PERSON");
      const stats = await client.info("commandstats");
      const calls = (command: string) => Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, "m").exec(stats)?.[1] ?? 0);
      // Per operation: the address (on arrival), then the token's count, the person ID named, the
      // lookup budget and the cost together.
      expect(calls("evalsha") + calls("eval")).toBe(3 * 2);
    } finally {
      client.disconnect();
    }
  });

  it("take a client's address from X-Forwarded-For of a trusted load balancer only", async () => {
    // /metrics answers loopback callers without a token: a forwarded client is not one.
    const metrics = (at: number, headers: Record<string, string> = {}) => fetch(`${gateways[at].url}/metrics`, { headers }).then((r) => r.status);
    const forwarded = { "x-forwarded-for": "203.0.113.9" };
    expect([await metrics(0, forwarded), await metrics(0), await metrics(1, forwarded)]).toEqual([401, 200, 200]);
  });

  it("accept a platform service's signature once: replayed at the second gateway, it is refused", async () => {
    const call = serviceCall();
    const first = await call(0);
    expect(first.body.data.subject.kind).toBe("PERSON");
    const replayed = await call(1);
    expect(replayed.status).toBe(401);
    expect(replayed.body.errors?.[0].message).toContain("replayed");
    expect((await call(0)).status).toBe(401);
  });

  it("answer while Redis hangs (SIGSTOP): commands time out, service calls are refused, requests are served", async () => {
    process.kill(redis!.pid!, "SIGSTOP");
    try {
      const caller = await fed.token(["metrics:read"], "redis-hung");
      expect(await statuses(caller, 2)).toEqual([200, 200]);
      const refused = await serviceCall()(1);
      expect([refused.status, codeOf(refused)]).toEqual([503, "REPLAY_GUARD_UNAVAILABLE"]);
    } finally {
      process.kill(redis!.pid!, "SIGCONT");
    }
    // Back: after the breaker's second, a probe finds Redis again and service calls are accepted.
    await waitFor("every gateway process accepting service calls again", accepting, 15_000);
  });

  it("with Redis stopped: service calls refused (fail closed), each gateway holds the limit on its own (fail open), then shared again", async () => {
    const logged = logs.map((log) => log.length);
    await stopRedis();
    await windowWithRoom(60_000, 20_000);
    const call = serviceCall();
    const refusals = [await call(0), await call(1)];
    expect(refusals.map((r) => [r.status, codeOf(r)])).toEqual([
      [503, "REPLAY_GUARD_UNAVAILABLE"],
      [503, "REPLAY_GUARD_UNAVAILABLE"],
    ]);
    expect(refusals[0].body.errors?.[0].message).toContain("Redis");
    const outage = /^gateway \(pid \d+\): shared store: Redis at \S+ unreachable/m;
    await waitFor("both gateways log the outage", () => logs.every((log, i) => outage.test(log.slice(logged[i]))));

    // The documented policy: each gateway enforces the limit with its own count.
    const caller = await fed.token(["metrics:read"], "redis-outage");
    expect(await statuses(caller, LIMIT + 2, 0)).toEqual([...Array(LIMIT).fill(200), 429, 429]);
    expect(await statuses(caller, 1, 1)).toEqual([200]);
    // The second gateway's two workers fall back to their primary's one count, not one each.
    const other = await fed.token(["metrics:read"], "redis-outage-workers");
    expect(await statuses(other, LIMIT + 2, 1)).toEqual([...Array(LIMIT).fill(200), 429, 429]);
    const metrics = await metricsOf(0);
    const unreachable = (operation: string) =>
      Number(new RegExp(`^xinyi_shared_store_unreachable_total\\{[^}]*operation="${operation}"[^}]*\\} (\\d+)`, "m").exec(metrics)?.[1]);
    expect(metrics).toMatch(/^xinyi_shared_store_up\{[^}]*\} 0$/m);
    expect(unreachable("nonce")).toBeGreaterThanOrEqual(1);
    expect(unreachable("hit")).toBeGreaterThanOrEqual(LIMIT);

    // Redis back on its port: the gateways reconnect by themselves and share again.
    await startRedis();
    await waitFor("every gateway process accepting service calls again", accepting, 20_000);
    const replay = serviceCall();
    expect([(await replay(1)).status, (await replay(0)).status]).toEqual([200, 401]);
    expect(await metricsOf(1)).toMatch(/^xinyi_shared_store_up\{[^}]*\} 1$/m);
  });
});
