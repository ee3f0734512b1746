/**
 * 主动告知 + 到期提醒 (issue 28), end to end: penalties recorded through the real federation reach
 * the notices worker through the departments' outboxes; the worker (driven by explicit ticks on an
 * injected clock) delivers them to real HTTP receivers, signed; the credit office reads what was
 * sent through `notifications(subjectId)`.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../gateway/src/jwt.js";
import { createDatabase } from "../../shared/db.js";
import { parseSubjectId } from "../../shared/ids.js";
import { repairRuleOf } from "../../shared/rules/rule-sets.js";
import type { CreditDB } from "../../subgraphs/credit/db.js";
import { createNoticeWorker, type NoticeWorker, outboxSourceOf } from "../../subgraphs/credit/notices/notice-worker.js";
import { ANALYST, type As, type Federation, startFederation } from "../../testing/federation.js";
import { startPostgres, type TestPostgres } from "../../testing/postgres.js";
import { waitUntil } from "../../testing/wait.js";
import { webhookAgent } from "../../subgraphs/credit/notices/webhook-agent.js";

/** Outside production the worker may reach receivers on 127.0.0.1 (these tests run theirs there). */
const LOOPBACK_ALLOWED = webhookAgent(false);
import { startReceiver, verifies } from "./webhook-receiver.js";

const CODE_SECRET = "code-channel-secret-0123456789abcdef0123";
const CREDIT: As = { sub: "credit-clerk", scopes: ["dept:credit"] };
const DECIDED_ON = "2026-11-02";

for (const dialect of ["sqlite", "postgres"] as const)
  describe(`notifications on ${dialect}: 主动告知 and 到期提醒 delivered by signed webhook`, () => {
    let postgres: TestPostgres | undefined;
    let fed: Federation;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let db: Kysely<CreditDB>;
    let closeDb: () => Promise<void>;
    let clock = new Date();
    let worker: NoticeWorker;
    const workerNamed = (owner: string, perChannelPerMinute = 1000) =>
      createNoticeWorker({
        db,
        source: outboxSourceOf(fed.config),
        delivery: {
          owner,
          maxTries: 4,
          perChannelPerMinute,
          codeChannel: { url: `${receiver.base}/code`, secret: CODE_SECRET },
          timeoutMs: 60_000,
          dispatcher: LOOPBACK_ALLOWED,
        },
        clock: () => clock,
      });
    const people: string[] = [];
    const firms: string[] = [];
    const secrets: Record<string, string> = {};
    const notices = async (subjectId: string, as: As = CREDIT, first = 20) =>
      fed.query(
        `query($id: ID!, $first: Int, $after: String) { notifications(subjectId: $id, first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { id kind subjectId status tries lastOutcome textZh textEn dueOn } } }`,
        { id: subjectId, first },
        as,
      );
    const record = async (subjectId: string, tag: string) => {
      const parsed = parseSubjectId(subjectId);
      const person = parsed.ok && parsed.value.kind === "PERSON";
      const [mutation, input, category, scope] = person
        ? ["recordTransportRecord", "RecordTransportRecordInput", "TRAFFIC_VIOLATION", "dept:transport"]
        : ["recordTaxViolation", "RecordTaxViolationInput", "LATE_FILING", "dept:tax"];
      const answer = await fed.query(
        `mutation($in: ${input}!) { ${mutation}(input: $in) { id } }`,
        {
          in: {
            subjectId,
            documentNo: `湖罚〔2026〕告知-${tag}号`,
            category,
            severity: "GENERAL",
            amount: 200,
            description: "告知测试",
            decidedOn: DECIDED_ON,
          },
        },
        { sub: "clerk", scopes: [scope] },
      );
      expect(answer.body.errors).toBeUndefined();
      return answer.body.data[mutation].id as string;
    };

    beforeAll(async () => {
      postgres = dialect === "postgres" ? await startPostgres() : undefined;
      const databaseUrl = await postgres?.createDatabase("xinyi_notices");
      fed = await startFederation({ subjects: 200, env: databaseUrl ? { DATABASE_URL: databaseUrl } : {} });
      receiver = await startReceiver();
      ({ db, close: closeDb } = createDatabase<CreditDB>({ department: "credit", dataDir: fed.config.dataDir, databaseUrl }));
      worker = workerNamed("worker-1");
      const list = await fed.query(
        `{ people: subjects(first: 100, filter: { kind: PERSON }) { nodes { id creditCode { status } } } firms: subjects(first: 5, filter: { kind: ORGANIZATION }) { nodes { id } } }`,
        undefined,
        ANALYST,
      );
      const { data } = list.body;
      people.push(...data.people.nodes.filter((n: { creditCode: { status: string } }) => n.creditCode.status === "NONE").map((n: { id: string }) => n.id));
      firms.push(...data.firms.nodes.map((n: { id: string }) => n.id));
      // people[0] consents to repair notices; people[1] registered for partners only.
      for (const [person, consents] of [
        [people[0], "[INCENTIVE_CHECK, NOTICE_REPAIR]"],
        [people[1], "[INCENTIVE_CHECK]"],
      ]) {
        const answer = await fed.query(
          `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: ${consents} }) { status } }`,
          { id: person },
          { scopes: ["code:register"] },
        );
        expect(answer.body.data.registerCreditCode.status).toBe("ACTIVE");
      }
      // firms[0] answers on its fourth try, firms[1] never, firms[2] is held mid-delivery (the crash below), firms[3] is rate-limited, firms[4] withdraws its consent while its notice waits for a retry.
      for (const [firm, path] of [
        [firms[0], "/flaky"],
        [firms[1], "/down"],
        [firms[2], "/hold"],
        [firms[3], "/limited"],
        [firms[4], "/flaky"],
      ]) {
        const answer = await fed.query(
          `mutation($id: ID!, $url: String!) { registerNoticeContact(subjectId: $id, webhookUrl: $url, consents: [NOTICE_REPAIR]) { secret consents } }`,
          { id: firm, url: `${receiver.base}${path}` },
          CREDIT,
        );
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data.registerNoticeContact.consents).toEqual(["NOTICE_REPAIR"]);
        secrets[firm] = answer.body.data.registerNoticeContact.secret;
      }
      // The worker's first pass marks where telling starts (the seeded history is not told).
      await worker.tick();
    }, 240_000);

    afterAll(async () => {
      await closeDb?.();
      await receiver?.close();
      await fed?.close();
      await postgres?.stop();
    });

    it("tells a consenting person of a recorded penalty (主动告知) naming the earliest repair date, signed; without consent nothing is sent and the log says why", async () => {
      await record(people[0], "p0");
      await record(people[1], "p1");
      const report = await worker.tick();
      expect(report.failed).toEqual({});
      const [sent, ...more] = receiver.at("/code");
      expect(more).toEqual([]);
      expect(verifies(CODE_SECRET, sent)).toBe(true);
      expect(verifies("another-secret-0123456789abcdef0123456789", sent)).toBe(false);
      const body = JSON.parse(sent.body);
      const earliest = repairRuleOf({
        department: "transport",
        category: "TRAFFIC_VIOLATION",
        severity: "GENERAL",
        decidedOn: DECIDED_ON,
        subjectId: people[0],
      }).earliestDate;
      expect(earliest > DECIDED_ON).toBe(true);
      expect(body).toMatchObject({
        id: sent.id,
        kind: "PENALTY_RECORDED",
        family: "主动告知",
        subjectId: people[0],
        record: { earliestRepairOn: earliest, decidedOn: DECIDED_ON },
      });
      expect(body.text.zh).toContain(`自${earliest}起`);
      expect(body.text.zh).toContain("市交通运输局");
      // people[1] consented to partners' checks only: logged, never sent.
      expect(receiver.received.some((r) => r.body.includes(people[1]))).toBe(false);
      const skipped = await notices(people[1], { ...CREDIT, scopes: ["dept:credit", "pii:read"] });
      expect(skipped.body.data.notifications.nodes).toEqual([
        expect.objectContaining({ kind: "PENALTY_RECORDED", status: "SKIPPED_NO_CONSENT", tries: 0, lastOutcome: expect.stringContaining("NOTICE_REPAIR") }),
      ]);
      // The credit office without pii:read sees the person masked; the log shows the delivery.
      const log = await notices(people[0]);
      expect(log.body.errors).toBeUndefined();
      const [delivered] = log.body.data.notifications.nodes;
      expect(delivered).toMatchObject({ id: sent.id, status: "DELIVERED", tries: 1, lastOutcome: "HTTP 200" });
      expect(delivered.subjectId).not.toBe(people[0]);
      expect(JSON.stringify(log.body)).not.toContain(people[0]);
    });

    it("retries with backoff: a receiver failing three times gets the notice once (by id); one always failing ends DEAD_LETTER", async () => {
      await record(firms[0], "f0");
      await record(firms[1], "f1");
      for (let i = 0; i < 5; i++) {
        await worker.tick();
        clock = new Date(clock.getTime() + 3600_000);
      }
      const flaky = receiver.at("/flaky");
      expect(flaky.map((r) => r.id)).toEqual(Array(4).fill(flaky[0].id));
      expect(flaky.every((r) => verifies(secrets[firms[0]], r))).toBe(true);
      expect(new Set(flaky.map((r) => r.body)).size).toBe(1);
      expect((await notices(firms[0])).body.data.notifications.nodes[0]).toMatchObject({ status: "DELIVERED", tries: 4, lastOutcome: "HTTP 200" });
      expect(receiver.at("/down")).toHaveLength(4);
      expect((await notices(firms[1])).body.data.notifications.nodes[0]).toMatchObject({ status: "DEAD_LETTER", tries: 4, lastOutcome: "HTTP 503" });
    });

    it("a consent withdrawn while a notice waits for its next try stops it, and the log says so", async () => {
      await record(firms[4], "f4");
      await worker.tick();
      const [first] = (await notices(firms[4])).body.data.notifications.nodes;
      expect(first).toMatchObject({ status: "QUEUED", tries: 1, lastOutcome: "HTTP 503" });
      const withdrawn = await fed.query(
        `mutation($id: ID!, $url: String!) { registerNoticeContact(subjectId: $id, webhookUrl: $url, consents: []) { consents } }`,
        { id: firms[4], url: `${receiver.base}/flaky` },
        CREDIT,
      );
      expect(withdrawn.body.data.registerNoticeContact.consents).toEqual([]);
      clock = new Date(clock.getTime() + 3600_000);
      await worker.tick();
      expect(receiver.at("/flaky").filter((r) => r.id === first.id)).toHaveLength(1);
      expect((await notices(firms[4])).body.data.notifications.nodes[0]).toMatchObject({
        status: "SKIPPED_NO_CONSENT",
        tries: 1,
        lastOutcome: expect.stringContaining("同意已撤回"),
      });
    });

    it("a worker that dies mid-delivery loses nothing: its lease keeps others off while it runs, then another sends it once more (same id)", async () => {
      await record(firms[2], "f2");
      // worker-1 claims the notice and is held inside its POST (as if killed there: it never finishes in time).
      const stuck = worker.tick();
      await waitUntil("the held receiver to get the first try", () => receiver.at("/hold").length === 1, 30_000);
      const second = workerNamed("worker-2");
      await second.tick();
      expect(receiver.at("/hold")).toHaveLength(1);
      // Past the lease, the restarted worker takes it over and delivers.
      clock = new Date(clock.getTime() + 10 * 60_000);
      await second.tick();
      const hold = receiver.at("/hold");
      expect(hold).toHaveLength(2);
      expect(new Set(hold.map((r) => r.id)).size).toBe(1);
      // The first worker's answer comes at last: fenced by its lost lease, it changes nothing.
      receiver.release();
      await stuck;
      const [notice] = (await notices(firms[2])).body.data.notifications.nodes;
      expect(notice).toMatchObject({ status: "DELIVERED", tries: 2, lastOutcome: "HTTP 200" });
      await second.tick();
      expect(receiver.at("/hold")).toHaveLength(2);
    });

    it("moving the clock past the minimum period delivers the 到期提醒 once; past the publicity term's lead, the ending reminder", async () => {
      const before = receiver.received.length;
      await worker.tick();
      expect(receiver.received.length).toBe(before);
      const earliest = JSON.parse(receiver.at("/code")[0].body).record.earliestRepairOn as string;
      clock = new Date(`${earliest}T01:00:00Z`);
      await worker.tick();
      await worker.tick();
      const reminders = receiver.at("/code").filter((r) => JSON.parse(r.body).kind === "REPAIR_POSSIBLE");
      expect(reminders).toHaveLength(1);
      expect(verifies(CODE_SECRET, reminders[0])).toBe(true);
      expect(JSON.parse(reminders[0].body).text.zh).toContain(`自${earliest}起可申请信用修复`);
      const ends = JSON.parse(reminders[0].body).record.publicityEndsOn as string;
      clock = new Date(Date.parse(`${ends}T01:00:00Z`) - 20 * 86_400_000);
      await worker.tick();
      const ending = receiver.at("/code").filter((r) => JSON.parse(r.body).kind === "PUBLICITY_ENDING");
      expect(ending.map((r) => JSON.parse(r.body).text.zh)).toEqual([expect.stringContaining(`将于${ends}届满`)]);
      const page = await notices(people[0], CREDIT, 2);
      expect(page.body.data.notifications).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    });

    it("a subject's own token reads its own notices only; organisations register contacts, persons do not", async () => {
      const own = await mintToken(fed.config.auth, { sub: "resident", scopes: ["self:read"], self: people[0], ttlSeconds: 600 });
      const mine = await notices(people[0], { headers: { authorization: `Bearer ${own}` } });
      expect(mine.body.data?.notifications.totalCount).toBe(3);
      const other = await notices(people[1], { headers: { authorization: `Bearer ${own}` } });
      expect(other.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
      const person = await fed.query(
        `mutation($id: ID!) { registerNoticeContact(subjectId: $id, webhookUrl: "https://example.org/hook", consents: [NOTICE_REPAIR]) { secret } }`,
        { id: people[2] },
        CREDIT,
      );
      expect(person.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ field: "subjectId" }] });
    });

    it("sends a channel at most its tries a minute, whichever worker sends", async () => {
      await record(firms[3], "f3-a");
      await record(firms[3], "f3-b");
      const limited = workerNamed("worker-3", 1);
      await limited.tick();
      expect(receiver.at("/limited")).toHaveLength(1);
      await limited.tick();
      expect(receiver.at("/limited")).toHaveLength(1);
      clock = new Date(clock.getTime() + 61_000);
      await limited.tick();
      expect(receiver.at("/limited")).toHaveLength(2);
    });
  });
