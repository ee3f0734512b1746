/**
 * 跟踪回访, term reminders and grade changes (issue 28), end to end on SQLite and PostgreSQL: a
 * repair approved through the real federation brings its 30- and 90-day follow-ups (the worker's
 * clock moved), with the commitment's status; a list entry's term brings its reminder; a level
 * changed by a listing, found by the population snapshot, brings a grade notice naming the reasons
 * that changed (a first grade tells nothing); every try is audited through the change drainer,
 * the person masked there like in every audit row. The worker reads the grade history through its
 * own handle on the evaluation's database, read only (reviewer L1): a write through it fails.
 */
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPopulationSnapshot } from "../../scripts/evaluate/run-snapshot.js";
import { createChangeDrainer } from "../../gateway/src/audit/change-drainer.js";
import type { AuditDB } from "../../shared/audit-store/tables.js";
import { createDatabase } from "../../shared/db.js";
import { serviceGateway } from "../../shared/gateway-client.js";
import { parseSubjectId } from "../../shared/ids.js";
import { CREDIT_LEVEL } from "../../shared/labels.js";
import { addDays, addMonths, todayInChina } from "../../shared/scalars.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { openGradeHistory } from "../../subgraphs/credit/notices/notice-grades.js";
import { createNoticeWorker, type NoticeWorker, outboxSourceOf } from "../../subgraphs/credit/notices/notice-worker.js";
import { webhookAgent } from "../../subgraphs/credit/notices/webhook-agent.js";
import type { EvaluationDB } from "../../subgraphs/evaluation/db.js";
import { ANALYST, type As, type Federation, startFederation } from "../../testing/federation.js";
import { startPostgres, type TestPostgres } from "../../testing/postgres.js";
import { REPAIR_MATERIALS } from "../../testing/repair.js";
import { startReceiver, verifies } from "./webhook-receiver.js";

const CODE_SECRET = "code-channel-secret-0123456789abcdef0123";
const CREDIT: As = { sub: "credit-clerk", scopes: ["dept:credit"] };
const today = todayInChina();
const kindOf = (r: { body: string }) => JSON.parse(r.body).kind as string;

for (const dialect of ["sqlite", "postgres"] as const)
  describe(`notices on ${dialect}: 跟踪回访, term reminders and grade changes`, () => {
    let postgres: TestPostgres | undefined;
    let fed: Federation;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let db: Kysely<CreditDB>;
    let grades: Kysely<EvaluationDB>;
    let gradeReader: ReturnType<typeof openGradeHistory>;
    let audit: Kysely<AuditDB>;
    const closers: (() => Promise<void>)[] = [];
    let clock = new Date();
    let worker: NoticeWorker;
    let firm: string;
    let person: string;
    let secret: string;
    let entryId: string;
    const snapshot = () =>
      runPopulationSnapshot({
        gateway: serviceGateway(fed.config, "evaluation"),
        operator: "operator:test",
        db: grades,
        policyVersion: "2026.1",
        asOf: today,
        progress: false,
      });
    const ok = async (query: string, variables: Record<string, unknown>, as: As) => {
      const answer = await fed.query(query, variables, as);
      expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
      return answer.body.data;
    };

    beforeAll(async () => {
      postgres = dialect === "postgres" ? await startPostgres() : undefined;
      const databaseUrl = await postgres?.createDatabase("xinyi_follow_ups");
      fed = await startFederation({ subjects: 200, env: databaseUrl ? { DATABASE_URL: databaseUrl } : {} });
      receiver = await startReceiver();
      const credit = createDatabase<CreditDB>({ department: "credit", dataDir: fed.config.dataDir, databaseUrl });
      const evaluation = createDatabase<EvaluationDB>({ department: "evaluation", dataDir: fed.config.dataDir, databaseUrl });
      const auditStore = createDatabase<AuditDB>({ department: "audit", dataDir: fed.config.dataDir, databaseUrl });
      // The worker's own handle, as the notices process opens it: read only.
      gradeReader = openGradeHistory(fed.config);
      closers.push(credit.close, evaluation.close, auditStore.close, gradeReader.close);
      audit = auditStore.db;
      db = credit.db;
      grades = evaluation.db;
      worker = createNoticeWorker({
        db,
        source: outboxSourceOf(fed.config),
        delivery: {
          owner: "worker-f",
          maxTries: 4,
          perChannelPerMinute: 1000,
          codeChannel: { url: `${receiver.base}/code`, secret: CODE_SECRET },
          timeoutMs: 60_000,
          dispatcher: webhookAgent(false),
        },
        clock: () => clock,
        grades: gradeReader.db,
      });
      const { firms, people } = await ok(
        `{ firms: subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id listEntries { color } evaluation { level } } }
           people: subjects(first: 100, filter: { kind: PERSON }) { nodes { id creditCode { status } } } }`,
        {},
        ANALYST,
      );
      firm = firms.nodes.find((n: any) => n.evaluation.level !== "POOR" && !n.listEntries.some((e: any) => e.color === "BLACK")).id;
      person = people.nodes.find((n: any) => n.creditCode.status === "NONE").id;
      secret = (
        await ok(
          `mutation($id: ID!, $url: String!) { registerNoticeContact(subjectId: $id, webhookUrl: $url, consents: [NOTICE_GRADE, NOTICE_REPAIR]) { secret } }`,
          { id: firm, url: `${receiver.base}/firm` },
          CREDIT,
        )
      ).registerNoticeContact.secret;
      await ok(
        `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: [INCENTIVE_CHECK, NOTICE_REPAIR] }) { status } }`,
        { id: person },
        { scopes: ["code:register"] },
      );
      // The worker's first pass marks where telling starts.
      await worker.tick();
    }, 240_000);

    afterAll(async () => {
      for (const close of closers) await close();
      await receiver?.close();
      await fed?.close();
      await postgres?.stop();
    });

    it("a level changed by the live evaluation, found by the snapshot, is told with the reasons that changed; a first grade is not", async () => {
      const first = await snapshot();
      // Every subject's first grade is kept, by its id unmasked (the snapshot reads ids with ids:read).
      const kept = await grades.selectFrom("evaluation_grade_changes").select(["subject_id", "previous_grade"]).execute();
      expect(kept.length).toBe(first.gradesChanged);
      expect(kept.map((k) => k.subject_id)).toEqual(expect.arrayContaining([firm, person]));
      expect(kept.every((k) => parseSubjectId(k.subject_id).ok && k.previous_grade === null)).toBe(true);
      await worker.tick();
      expect(receiver.at("/firm")).toEqual([]);
      const { before } = await ok(`query($id: ID!) { before: subject(id: $id) { evaluation { level } } }`, { id: firm }, ANALYST);
      const listing = {
        subjectId: firm,
        list: "DISHONEST_JUDGMENT_DEBTOR",
        authority: "湖州市中级人民法院",
        reason: "违反财产报告制度",
        legalBasis: "最高人民法院关于公布失信被执行人名单信息的若干规定 第一条第（四）项",
        documentNumber: "（2026）浙05执 901 号",
        listedOn: addDays(today, -10),
        expiresOn: addDays(today, 60),
      };
      entryId = (await ok(`mutation($in: AddListEntryInput!) { addListEntry(input: $in) { id } }`, { in: listing }, CREDIT)).addListEntry.id;
      const { after } = await ok(`query($id: ID!) { after: subject(id: $id) { evaluation { level reasons { recordId zh } } } }`, { id: firm }, ANALYST);
      expect(after.evaluation.level).toBe("POOR");
      // Only this firm's grade changed: only it is kept again.
      expect((await snapshot()).gradesChanged).toBe(1);
      await worker.tick();
      const told = receiver.at("/firm").filter((r) => kindOf(r) === "GRADE_CHANGED");
      expect(told).toHaveLength(1);
      expect(verifies(secret, told[0])).toBe(true);
      const body = JSON.parse(told[0].body);
      expect(body).toMatchObject({ subjectId: firm, family: "主动告知", record: { from: before.evaluation.level, to: "POOR", asOf: today } });
      expect(body.record.added).toContainEqual(expect.objectContaining({ recordId: entryId }));
      expect(body.text.zh).toContain(`由“${CREDIT_LEVEL[before.evaluation.level as keyof typeof CREDIT_LEVEL][0]}”变为“较差”`);
      for (const reason of after.evaluation.reasons.filter((r: any) => r.recordId === entryId)) expect(body.text.zh).toContain(reason.zh);
      // A rescan and a reread tell nothing twice.
      await worker.tick();
      expect(receiver.at("/firm").filter((r) => kindOf(r) === "GRADE_CHANGED")).toHaveLength(1);
    });

    it("the worker's handle on the evaluation's database reads the grade history and refuses any write (reviewer L1)", async () => {
      const kept = () => grades.selectFrom("evaluation_grade_changes").select(["subject_id", "grade"]).orderBy("subject_id").execute();
      const before = await kept();
      expect(before.length).toBeGreaterThan(0);
      expect(await gradeReader.db.selectFrom("evaluation_grade_changes").select(["subject_id", "grade"]).orderBy("subject_id").execute()).toEqual(before);
      const writes = [
        () => gradeReader.db.deleteFrom("evaluation_grade_changes").execute(),
        () => gradeReader.db.updateTable("evaluation_grade_changes").set({ grade: "POOR" }).execute(),
        () => sql`create table worker_was_here (a integer)`.execute(gradeReader.db),
      ];
      for (const write of writes) await expect(write()).rejects.toThrow(/read-?only/i);
      expect(await kept()).toEqual(before);
    });

    it("an approved repair brings its 30- and 90-day follow-ups with the commitment's status, a list term its reminder; each try audited, the person masked", async () => {
      const penalty = {
        subjectId: person,
        documentNo: "湖交罚〔2026〕回访-1号",
        category: "TRAFFIC_VIOLATION",
        severity: "GENERAL",
        amount: 200,
        description: "回访测试",
        decidedOn: addMonths(today, -4),
      };
      const recordId = (
        await ok(`mutation($in: RecordTransportRecordInput!) { recordTransportRecord(input: $in) { id } }`, { in: penalty }, { scopes: ["dept:transport"] })
      ).recordTransportRecord.id;
      const application = (
        await ok(
          `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id } }`,
          { in: { subjectId: person, recordId, reason: "罚款已缴清", materials: REPAIR_MATERIALS, commitment: "一年内不再发生同类违法行为" } },
          { sub: "agent-1", scopes: ["repair:apply"], subjects: [person] },
        )
      ).applyForCreditRepair.id;
      const approved = (
        await ok(
          `mutation($id: ID!) { approveCreditRepair(applicationId: $id, reason: "已整改") { status decidedOn } }`,
          { id: application },
          { sub: "transport-reviewer", scopes: ["dept:transport"] },
        )
      ).approveCreditRepair;
      expect(approved).toMatchObject({ status: "APPROVED", decidedOn: today });
      const followUps = () => receiver.at("/code").filter((r) => kindOf(r).startsWith("REPAIR_FOLLOW_UP"));
      await worker.tick();
      expect(followUps()).toEqual([]);
      clock = new Date(`${addDays(today, 30)}T01:00:00Z`);
      await worker.tick();
      await worker.tick();
      expect(followUps().map(kindOf)).toEqual(["REPAIR_FOLLOW_UP_30"]);
      const at30 = JSON.parse(followUps()[0].body);
      expect(at30).toMatchObject({ subjectId: person, family: "跟踪回访", record: { recordId, repairStatus: "APPROVED", commitmentStatus: "PENDING" } });
      expect(at30.text.zh).toContain(`已于${today}信用修复，今为修复后第30天回访`);
      expect(at30.text.zh).toContain("当前状态：未到期");
      // The listing of the grade test ends 60 days after it was made: its reminder 30 days before.
      const ending = receiver.at("/firm").filter((r) => kindOf(r) === "LIST_TERM_ENDING");
      expect(ending.map((r) => JSON.parse(r.body).record)).toEqual([expect.objectContaining({ recordId: entryId, expiresOn: addDays(today, 60) })]);
      expect(JSON.parse(ending[0].body).text.zh).toContain(`将于${addDays(today, 60)}届满`);
      clock = new Date(`${addDays(today, 90)}T01:00:00Z`);
      await worker.tick();
      await worker.tick();
      expect(followUps().map(kindOf)).toEqual(["REPAIR_FOLLOW_UP_30", "REPAIR_FOLLOW_UP_90"]);
      expect(followUps().every((r) => verifies(CODE_SECRET, r))).toBe(true);

      // Every try reaches the audit log through the change drainer: what, to which channel kind, the outcome.
      const drained = await createChangeDrainer({
        db: audit,
        departments: [{ name: "credit", url: fed.config.departments.credit.url }],
        secret: fed.config.gatewaySecret,
        settleMs: 0,
      }).run();
      expect(drained.failed).toEqual({});
      const HISTORY = `query($id: ID!) { auditLog(recordId: $id, first: 10) { nodes { caller subjectIds changes { action after } } } }`;
      const masked = await fed.query(HISTORY, { id: at30.id }, { scopes: ["audit:read"] });
      const [entry] = masked.body.data.auditLog.nodes;
      expect(entry.caller).toBe("service:notices");
      // The drainer writes one entry per actor and pass, a change per try: this notice's is among them.
      expect(entry.changes.every((c: { action: string }) => c.action === "NOTIFY")).toBe(true);
      const tries = entry.changes.map((c: { after: unknown }) => (typeof c.after === "string" ? JSON.parse(c.after) : c.after));
      expect(tries).toContainEqual({
        id: at30.id,
        kind: "REPAIR_FOLLOW_UP_30",
        channel: "CODE_CHANNEL",
        try: 1,
        at: expect.any(String),
        outcome: "HTTP 200",
        status: "DELIVERED",
      });
      expect(JSON.stringify(masked.body)).not.toContain(person);
      const unmasked = await fed.query(HISTORY, { id: at30.id }, { scopes: ["audit:read", "pii:read"] });
      expect(unmasked.body.data.auditLog.nodes[0].subjectIds).toContain(person);
    });
  });
