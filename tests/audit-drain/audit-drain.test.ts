/**
 * Every department change reaches the audit log, once (security issue 22, 4a). A write whose
 * department committed but whose answer the gateway never got has no change in its outcome entry;
 * a bulk import has no operation at all. The gateway's change drainer reads the departments'
 * record_changes (signed /record-changes route) and writes what the log lacks, once, on SQLite and
 * on PostgreSQL.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, pathOf, signCallerHeaders } from "../../shared/caller.js";
import { createDatabase } from "../../shared/db.js";
import { createDirectoryClient } from "../../shared/directory.js";
import type { AuditDB } from "../../shared/audit-store/tables.js";
import { createChangeDrainer } from "../../gateway/src/audit/change-drainer.js";
import { RECORD_DEPARTMENTS } from "../../shared/departments.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { freePorts } from "../../scripts/process-stats.js";
import { waitUntil } from "../../testing/wait.js";
import { importRecords } from "../../scripts/import/import-records.js";
import { taxDepartment } from "../../subgraphs/tax/app.js";
import { ANALYST, gatewayProcessEnv, startFederation, type As, type Federation } from "../../testing/federation.js";
import { startPostgres, type TestPostgres } from "../../testing/postgres.js";

let postgres: TestPostgres | undefined;
afterAll(async () => {
  await postgres?.stop();
});
// The killed gateway is a process of its own, run from dist/ (as tests/reliability/workers.test.ts does).
beforeAll(() => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(PROJECT_ROOT, "tsconfig.build.json")], {
    stdio: "inherit",
  });
}, 180_000);

const WRITER: As = { sub: "tax-clerk-7", scopes: ["dept:tax"] };
const AUDITOR: As = { sub: "auditor-1", scopes: ["audit:read", "pii:read"] };
const RECORD = `mutation($input: RecordTaxViolationInput!) { recordTaxViolation(input: $input) { id } }`;
const HISTORY = `query($id: ID!) { auditLog(recordId: $id, first: 100) { nodes { caller operationName outcome changes { department recordId action before after } } } }`;

/**
 * A proxy in front of a department that passes every request on, and for a mutation reads the
 * department's whole answer (its write committed) and then drops the connection: the gateway never
 * hears of the change.
 */
async function startLosingProxy(target: string, beforeDrop?: () => Promise<void>): Promise<{ url: string; lost: { id: string }[]; close(): Promise<void> }> {
  const lost: { id: string }[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k))) as Record<
      string,
      string
    >;
    const answer = await fetch(new URL(request.url!, target), { method: request.method, headers, body: request.method === "GET" ? undefined : body });
    const text = await answer.text();
    if (body.toString().includes("mutation")) {
      lost.push(JSON.parse(text).data.recordTaxViolation);
      await beforeDrop?.();
      request.socket.destroy();
      return;
    }
    response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    response.end(text);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/graphql`,
    lost,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`on ${dialect}`, () => {
    let fed: Federation;
    let subjects: string[];
    let databaseUrl: string | undefined;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-drain-"));
    const history = async (id: string) => {
      const answer = await fed.query(HISTORY, { id }, AUDITOR);
      expect(answer.body.errors).toBeUndefined();
      return answer.body.data.auditLog.nodes as { caller: string; operationName: string | null; outcome: string; changes: any[] }[];
    };
    /** Every change the log holds for a record, over all its entries. */
    const changesOf = async (id: string) => (await history(id)).flatMap((e) => e.changes.filter((c) => c.recordId === id));
    /** A gateway that starts (and drains at start, taking changes at once), then stops. */
    const restartGateway = async () => {
      const gateway = await fed.startGateway({ XINYI_AUDIT_DRAIN_SETTLE_MS: "0", XINYI_AUDIT_DRAIN_INTERVAL_MS: "0" });
      await gateway.close(); // waits for its drain to end
    };
    const violation = (tag: string, k: number) => ({
      subjectId: subjects[k % subjects.length],
      documentNo: `湖税罚〔2026〕drain-${dialect}-${tag}-${k}号`,
      category: "LATE_FILING",
      severity: "GENERAL",
      amount: 100 + k,
      description: "未按期申报",
      decidedOn: "2026-03-31",
    });

    afterAll(async () => {
      await fed?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("starts the federation", async () => {
      if (dialect === "postgres") {
        postgres = await startPostgres();
        databaseUrl = await postgres.createDatabase("xinyi_drain");
      }
      fed = await startFederation({ subjects: 60, env: databaseUrl ? { DATABASE_URL: databaseUrl } : {} });
      const page = await fed.query(`{ subjects(first: 10, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, ANALYST);
      subjects = page.body.data.subjects.nodes.map((n: { id: string }) => n.id);
    });

    it("a department's record_changes are read by the drainer's signed identity only", async () => {
      const url = fed.subgraphUrl("tax").replace(/\/graphql$/, "/record-changes?until=9999");
      const as = async (caller?: Caller) =>
        (
          await fetch(url, {
            headers: caller ? signCallerHeaders(caller, { audience: "tax", method: "GET", path: pathOf(url), body: "" }, fed.config.gatewaySecret) : {},
          })
        ).status;
      expect(await as()).toBe(401);
      expect(await as({ sub: "service:credit", scopes: [] })).toBe(403);
      expect(await as({ sub: "auditor-1", scopes: ["audit:read", "admin", "dept:tax"] })).toBe(403);
      expect(await as({ sub: "service:audit-drain", scopes: [] })).toBe(200);
    });

    it("a write whose answer the gateway lost after the department committed is in auditLog(recordId:) after the drainer runs, once, with its before and after", async () => {
      const proxy = await startLosingProxy(fed.subgraphUrl("tax"));
      const gateway = await fed.startGateway({ XINYI_TAX_URL: proxy.url, XINYI_AUDIT_DRAIN_INTERVAL_MS: "0" });
      try {
        const token = await fed.token(WRITER.scopes!, WRITER.sub);
        const response = await fetch(gateway.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: RECORD, variables: { input: violation("lost", 1) } }),
        });
        const body = await response.json();
        expect(body.errors?.[0]?.extensions?.code).toBe("DOWNSTREAM_SERVICE_ERROR");
      } finally {
        await gateway.close();
        await proxy.close();
      }
      const [{ id }] = proxy.lost;
      // The department has the record; the log has the operation (STARTED, ERROR) but not its change.
      const entries = await history(id);
      expect(entries).toEqual([]);
      const bySubject = await fed.query(
        `query($s: ID!) { auditLog(subjectId: $s, caller: "tax-clerk-7", first: 5) { nodes { outcome changes { recordId } } } }`,
        { s: subjects[1] },
        AUDITOR,
      );
      expect(bySubject.body.data.auditLog.nodes.map((n: any) => n.outcome)).toEqual(["ERROR", "STARTED"]);

      await restartGateway();
      const [entry] = await history(id);
      expect(await history(id)).toHaveLength(1);
      expect(entry).toMatchObject({ caller: "tax-clerk-7", operationName: "xinyiRecordChanges", outcome: "OK" });
      expect(entry.changes).toHaveLength(1);
      expect(entry.changes[0]).toMatchObject({ department: "tax", recordId: id, action: "RECORD", before: null });
      expect(JSON.parse(entry.changes[0].after)).toMatchObject({ id, subject_id: subjects[1], status: "ACTIVE" });

      // Again, and two drainers at once: still once.
      await restartGateway();
      const { db } = createDatabase<AuditDB>({ department: "audit", dataDir: fed.config.dataDir, databaseUrl: fed.config.departments.audit.databaseUrl });
      try {
        const drainer = () =>
          createChangeDrainer({
            db,
            departments: RECORD_DEPARTMENTS.map((name) => ({ name, url: fed.config.departments[name].url })),
            secret: fed.config.gatewaySecret,
            settleMs: 0,
          });
        const reports = await Promise.all([drainer().run(), drainer().run()]);
        for (const report of reports) expect(report.failed).toEqual({});
        expect(reports.map((r) => r.drained.tax)).toEqual([0, 0]);
      } finally {
        await db.destroy();
      }
      expect(await changesOf(id)).toHaveLength(1);
    });

    it("a write whose gateway was killed (SIGKILL) after the department committed, before its outcome entry, is in auditLog(recordId:) after the drainer runs, once", async () => {
      const [port] = await freePorts(1);
      let output = "";
      let gateway: ChildProcess | undefined;
      const kill = async () => {
        if (!gateway || gateway.exitCode !== null || gateway.signalCode !== null) return;
        const exited = new Promise((r) => gateway!.once("exit", r));
        gateway.kill("SIGKILL");
        await exited;
      };
      // The department has answered (committed); the gateway dies before it can write the outcome.
      const proxy = await startLosingProxy(fed.subgraphUrl("tax"), kill);
      const env = gatewayProcessEnv(fed, port, {
        XINYI_AUDIT_DRAIN_INTERVAL_MS: "0",
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      });
      env.XINYI_TAX_URL = proxy.url;
      try {
        gateway = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist/gateway/src/index.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
        gateway.stdout!.on("data", (c: Buffer) => (output += c.toString()));
        gateway.stderr!.on("data", (c: Buffer) => (output += c.toString()));
        await waitUntil(
          "the gateway process",
          () =>
            fetch(`http://127.0.0.1:${port}/healthz`).then(
              (r) => r.ok,
              () => false,
            ),
          60_000,
          () => output,
        );
        const token = await fed.token(WRITER.scopes!, "tax-clerk-killed");
        const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: RECORD, variables: { input: violation("killed", 6) } }),
        }).then(
          () => "answered",
          () => "no answer",
        );
        expect(answer).toBe("no answer");
      } finally {
        await kill();
        await proxy.close();
      }
      expect(gateway.signalCode).toBe("SIGKILL");
      const [{ id }] = proxy.lost;
      // Its STARTED entry was written, its outcome never was: the log does not know the change.
      const byCaller = await fed.query(`{ auditLog(caller: "tax-clerk-killed", first: 5) { nodes { outcome } } }`, undefined, AUDITOR);
      expect(byCaller.body.data.auditLog.nodes).toEqual([{ outcome: "STARTED" }]);
      expect(await history(id)).toEqual([]);

      await restartGateway();
      const entries = await history(id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ caller: "tax-clerk-killed", operationName: "xinyiRecordChanges", outcome: "OK" });
      expect(entries[0].changes).toHaveLength(1);
      expect(entries[0].changes[0]).toMatchObject({ department: "tax", recordId: id, action: "RECORD", before: null });
      expect(JSON.parse(entries[0].changes[0].after)).toMatchObject({ id, subject_id: subjects[6 % subjects.length], status: "ACTIVE" });
      await restartGateway();
      expect(await changesOf(id)).toHaveLength(1);
    });

    it("two drainers at once carry a lost change in once", async () => {
      // Written in the department as a lost write leaves it: its change row, no audit entry.
      const proxy = await startLosingProxy(fed.subgraphUrl("tax"));
      const gateway = await fed.startGateway({ XINYI_TAX_URL: proxy.url, XINYI_AUDIT_DRAIN_INTERVAL_MS: "0" });
      const token = await fed.token(WRITER.scopes!, WRITER.sub);
      for (const k of [2, 3, 4])
        await fetch(gateway.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: RECORD, variables: { input: violation("race", k) } }),
        });
      await gateway.close();
      await proxy.close();
      expect(proxy.lost).toHaveLength(3);
      const { db } = createDatabase<AuditDB>({ department: "audit", dataDir: fed.config.dataDir, databaseUrl: fed.config.departments.audit.databaseUrl });
      try {
        const drainer = () =>
          createChangeDrainer({
            db,
            departments: [{ name: "tax", url: fed.config.departments.tax.url }],
            secret: fed.config.gatewaySecret,
            settleMs: 0,
          });
        const reports = await Promise.all([drainer().run(), drainer().run(), drainer().run()]);
        expect(reports.reduce((sum, r) => sum + r.drained.tax, 0)).toBe(3);
      } finally {
        await db.destroy();
      }
      for (const { id } of proxy.lost) expect(await changesOf(id)).toHaveLength(1);
    });

    it("a write whose outcome entry came is not carried in again", async () => {
      const recorded = await fed.query(RECORD, { input: violation("live", 5) }, WRITER);
      const { id } = recorded.body.data.recordTaxViolation;
      expect(await changesOf(id)).toHaveLength(1);
      await restartGateway();
      const entries = await history(id);
      expect(entries.map((e) => e.outcome)).toEqual(["OK"]);
      expect(entries[0].operationName).not.toBe("xinyiRecordChanges");
      expect(await changesOf(id)).toHaveLength(1);
    });

    it("imported records are in auditLog(recordId:), one RECORD change each, with the importer as caller", async () => {
      const file = path.join(dir, "import.csv");
      const rows = [0, 1, 2].map((k) => {
        const v = violation("import", k);
        return `${v.subjectId},${v.documentNo},LATE_FILING,GENERAL,${v.amount},未按期申报,2026-02-15`;
      });
      fs.writeFileSync(file, `subject_id,document_no,category,severity,amount,description,decided_on\n${rows.join("\n")}\n`);
      const { db } = createDatabase<any>({ department: "tax", dataDir: fed.config.dataDir, databaseUrl: fed.config.departments.tax.databaseUrl });
      let ids: string[];
      try {
        const report = await importRecords({
          db,
          spec: taxDepartment.importSpec,
          file,
          progress: false,
          actor: "import:clerk",
          findMissingSubjects: createDirectoryClient(fed.subgraphUrl("credit"), fed.config.gatewaySecret, "tax"),
        });
        expect(report).toMatchObject({ written: true, inserted: 3 });
        ids = (await db.selectFrom("tax_violations").select("id").where("document_no", "like", `%DRAIN-${dialect.toUpperCase()}-IMPORT-%`).execute()).map(
          (r: { id: string }) => r.id,
        );
      } finally {
        await db.destroy();
      }
      expect(ids).toHaveLength(3);
      expect(await history(ids[0])).toEqual([]);
      await restartGateway();
      await restartGateway();
      for (const id of ids) {
        const entries = await history(id);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ caller: "import:clerk", operationName: "xinyiRecordChanges", outcome: "OK" });
        const changes = entries[0].changes.filter((c) => c.recordId === id);
        expect(changes).toHaveLength(1);
        expect(changes[0]).toMatchObject({ department: "tax", action: "RECORD", before: null });
        expect(JSON.parse(changes[0].after)).toMatchObject({ id, status: "ACTIVE" });
      }
    });
  });
}
