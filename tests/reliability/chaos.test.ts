/**
 * Chaos against the real `npm start` process tree (built to dist/, every department and the
 * gateway in its own process under the supervisor): each department in turn is killed while
 * profile queries run; one is frozen with SIGSTOP; one is killed in the middle of 500 concurrent
 * writes. Every answer must be complete, or partial with the missing department named and the
 * evaluation incomplete — never a level computed without it; the supervisor restarts what died;
 * no write the client saw acknowledged is lost, none is half-written. Bounds (10 s, 60 s) are
 * behaviour bounds, far above the configured timeouts, not speed targets.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envName } from "../../shared/config.js";
import { DEPARTMENTS, DEPARTMENT_NAMES, needsDepartment } from "../../shared/departments.js";
import { mintToken } from "../../gateway/src/jwt.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { waitUntil } from "../../testing/wait.js";
import { freePorts } from "../../scripts/process-stats.js";

const JWT_SECRET = "chaos-jwt-secret-0123456789abcdef0123456789";
let launcher: ChildProcess;
let output = "";
let dataDir: string;
let gatewayUrl: string;
let analyst: string;
let clerk: string;
let subjectIds: string[] = [];

const waitFor = (what: string, test: () => boolean | Promise<boolean>, ms: number) => waitUntil(what, test, ms, () => output);

/** The current pid of a supervised process, from its "listening … (pid N)" lines. */
function pidOf(label: string): number {
  const matches = [...output.matchAll(new RegExp(`\\[${label}\\] ${label}: listening on \\S+ \\(pid (\\d+)\\)`, "g"))];
  return Number(matches[matches.length - 1]?.[1]);
}

async function ask(query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "chaos test" },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: await response.json() };
}

const PROFILE = `query($id: ID!) { subject(id: $id) { id name district tax { outstandingArrears } health { payAfterVisits } transport { couponUses }
  publicResources { bids } market { complaints } evaluation { complete missingSources level codeColor score }
  eligibleIncentives(includeIneligible: true) { status } } }`;

/** An answer is complete, or partial with the missing departments named — never a grade without them. */
function checkAnswer(body: any): { complete: boolean; named: string[] } {
  const named: string[] = (body.errors ?? []).map((e: any) => e.extensions?.department).filter(Boolean);
  for (const error of body.errors ?? []) expect(error.extensions?.code, JSON.stringify(error)).toBe("DOWNSTREAM_SERVICE_ERROR");
  const evaluation = body.data?.subject?.evaluation;
  // The incentives read the evaluation's facts but feed nothing into it; a department may feed only some subjects' (needsDepartment).
  const subject = { id: body.data?.subject?.id ?? "", district: body.data?.subject?.district };
  const needed = (d: string) => DEPARTMENTS.some((x) => x.name === d && x.name !== "incentives" && needsDepartment(x, subject));
  if (named.some(needed) && evaluation) {
    expect(evaluation.complete, JSON.stringify(body)).toBe(false);
    expect(evaluation.level ?? evaluation.codeColor ?? evaluation.score ?? null).toBeNull();
  }
  if (!named.some(needed)) expect(evaluation?.complete, JSON.stringify(body)).toBe(true);
  return { complete: named.length === 0, named };
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(PROJECT_ROOT, "tsconfig.build.json")], {
    stdio: "inherit",
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-chaos-"));
  const ports = await freePorts(DEPARTMENT_NAMES.length + 2);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    XINYI_LOG_LEVEL: "warn",
    XINYI_DATA_DIR: dataDir,
    XINYI_GATEWAY_SECRET: "chaos-gateway-secret-0123456789abcdef0123456789",
    XINYI_JWT_SECRET: JWT_SECRET,
    XINYI_DEMO_SUBJECTS: "150",
    PORT: String(ports[0]),
    XINYI_SUBGRAPH_TIMEOUT_MS: "1000",
    XINYI_CIRCUIT_COOLDOWN_MS: "1000",
    XINYI_READY_INTERVAL_MS: "500",
    XINYI_RATE_LIMIT_PER_MINUTE: "1000000",
    XINYI_IP_RATE_LIMIT_PER_MINUTE: "1000000",
    // The embedded OpenID provider on a port of this test's own, not the default 4090 another run may hold.
    XINYI_OIDC_PORT: String(ports[DEPARTMENT_NAMES.length + 1]),
  };
  DEPARTMENT_NAMES.forEach((name, i) => {
    env[`XINYI_${envName(name)}_PORT`] = String(ports[i + 1]);
  });
  gatewayUrl = `http://127.0.0.1:${ports[0]}/graphql`;
  launcher = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist/scripts/start.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
  launcher.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  launcher.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await waitFor("npm start", () => output.includes("Xinyi is up."), 150_000);
  const auth = { hmacSecret: JWT_SECRET, issuer: "xinyi", audience: "xinyi-gateway", maxLifetimeSeconds: 86_400 };
  analyst = await mintToken(auth, { sub: "chaos-analyst", scopes: ["profile:read"], ttlSeconds: 3600 });
  clerk = await mintToken(auth, { sub: "chaos-clerk", scopes: ["dept:tax"], ttlSeconds: 3600 });
  const page = await ask(`{ subjects(first: 20, filter: { kind: ORGANIZATION }) { nodes { id } } }`, {}, analyst);
  subjectIds = page.body.data.subjects.nodes.map((n: { id: string }) => n.id);
}, 240_000);

afterAll(async () => {
  if (!launcher || launcher.exitCode !== null || launcher.signalCode !== null) {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    return;
  }
  const exited = new Promise((r) => launcher.once("exit", r));
  launcher.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe("a department killed under load", () => {
  for (const department of DEPARTMENT_NAMES.filter((d) => d !== "audit")) {
    it(`${department}: answers stay complete or name it, the supervisor restarts it, and answers are complete again`, async () => {
      const before = pidOf(department);
      expect(before).toBeGreaterThan(0);
      let outage = 0;
      let stop = false;
      const load = Array.from({ length: 3 }, async (_, k) => {
        for (let i = 0; !stop; i++) {
          const { status, body } = await ask(PROFILE, { id: subjectIds[(i + k) % subjectIds.length] }, analyst);
          expect(status).toBe(200);
          if (department === "credit" && body.errors?.length) {
            expect(
              body.errors.every((e: any) => e.extensions?.department === "credit"),
              JSON.stringify(body),
            ).toBe(true);
            outage++;
            continue;
          }
          const { named } = checkAnswer(body);
          if (named.length > 0) {
            expect(
              named.every((d) => d === department),
              JSON.stringify(body),
            ).toBe(true);
            outage++;
          }
        }
      });
      await new Promise((r) => setTimeout(r, 300));
      process.kill(before, "SIGKILL");
      await waitFor(
        `${department} restarted`,
        () => pidOf(department) !== before && output.includes(`supervisor: ${department} is back (pid ${pidOf(department)})`),
        60_000,
      );
      stop = true;
      await Promise.all(load);
      expect(output).toContain(`supervisor: ${department} exited (SIGKILL)`);
      await waitFor(
        `complete answers after ${department} came back`,
        async () => checkAnswer((await ask(PROFILE, { id: subjectIds[0] }, analyst)).body).complete,
        60_000,
      );
      expect(outage, "answers during the outage named the department").toBeGreaterThan(0);
    }, 120_000);
  }
});

describe("a department frozen with SIGSTOP", () => {
  it("is named within the timeout, is not waited for by other answers, and recovers after SIGCONT without a gateway restart", async () => {
    const tax = pidOf("tax");
    const gateway = pidOf("gateway");
    process.kill(tax, "SIGSTOP");
    try {
      const started = Date.now();
      const { body } = await ask(PROFILE, { id: subjectIds[1] }, analyst);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(checkAnswer(body).named).toEqual(["tax"]);
      const other = await ask(`query($id: ID!) { subject(id: $id) { name market { complaints } } }`, { id: subjectIds[2] }, analyst);
      expect(other.body.errors).toBeUndefined();
    } finally {
      process.kill(tax, "SIGCONT");
    }
    await waitFor("complete answers after SIGCONT", async () => checkAnswer((await ask(PROFILE, { id: subjectIds[3] }, analyst)).body).complete, 30_000);
    expect(pidOf("gateway")).toBe(gateway);
    expect(pidOf("tax")).toBe(tax);
  }, 60_000);
});

describe("a department killed during 500 concurrent writes", () => {
  it("keeps every acknowledged write exactly once and no half-written one", async () => {
    const mutation = `mutation($in: RecordTaxViolationInput!) { recordTaxViolation(input: $in) { id documentNo } }`;
    const acknowledged: { id: string; documentNo: string }[] = [];
    let killed = false;
    const tax = pidOf("tax");
    const send = async (n: number) => {
      const input = {
        subjectId: subjectIds[n % subjectIds.length],
        documentNo: `CHAOS-${n}`,
        category: "LATE_FILING",
        severity: "GENERAL",
        description: "chaos write",
        decidedOn: "2026-05-01",
      };
      const { body } = await ask(mutation, { in: input }, clerk).catch(() => ({ body: {} as any }));
      if (body?.data?.recordTaxViolation && !body.errors) acknowledged.push(body.data.recordTaxViolation);
      if (!killed && acknowledged.length >= 60) {
        killed = true;
        process.kill(tax, "SIGKILL");
      }
    };
    const queue = Array.from({ length: 500 }, (_, n) => n);
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        for (let n = queue.shift(); n !== undefined; n = queue.shift()) await send(n);
      }),
    );
    expect(killed).toBe(true);
    await waitFor("tax restarted", () => pidOf("tax") !== tax, 60_000);

    const db = new Database(path.join(dataDir, "tax.sqlite"), { readonly: true });
    try {
      const rows = db.prepare(`select id, document_no from tax_violations where document_no like 'CHAOS-%'`).all() as { id: string; document_no: string }[];
      const changes = db.prepare(`select record_id from record_changes where record_table = 'tax_violations' and action = 'RECORD'`).all() as {
        record_id: string;
      }[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const a of acknowledged) expect(byId.get(a.id)?.document_no, a.id).toBe(a.documentNo);
      expect(new Set(rows.map((r) => r.document_no)).size).toBe(rows.length); // once each
      const changed = new Set(changes.map((c) => c.record_id));
      for (const r of rows) expect(changed.has(r.id), `record ${r.id} without its change row`).toBe(true); // no half-written write
      expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    } finally {
      db.close();
    }
  }, 120_000);
});

describe("stopping", () => {
  it("SIGTERM to the launcher stops every process gracefully, each finishing in-flight requests", async () => {
    const pids = [...DEPARTMENT_NAMES, "gateway"].map((label) => [label, pidOf(label)] as const);
    // A request kept in flight at the gateway: tax is frozen, so the gateway waits out its timeout.
    process.kill(pidOf("tax"), "SIGSTOP");
    const inFlight = ask(PROFILE, { id: subjectIds[4] }, analyst);
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((r) => launcher.once("exit", (code) => r(code)));
    launcher.kill("SIGTERM");
    process.kill(pidOf("tax"), "SIGCONT");
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.data.subject.name.length).toBeGreaterThan(0);
    expect(await exited).toBe(0);
    for (const [label, pid] of pids) {
      expect(output, label).toContain(`[${label}] ${label}: closed`);
      expect(() => process.kill(pid, 0), `${label} (pid ${pid}) still running`).toThrow();
    }
  }, 60_000);
});
