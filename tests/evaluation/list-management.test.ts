/**
 * List management (issue 27, item 4) through the real gateway, on SQLite and PostgreSQL: the credit office puts a firm of a
 * good level on the 失信被执行人 list and the live evaluation makes it POOR at once, naming the entry,
 * while its 信易+ eligibility goes false (analyst's view and a partner's check); lifting the entry
 * restores both; the audit shows each write with before/after. A tax token cannot add; a second
 * removal is CONFLICT; an entry whose term has ended reads EXPIRED and counts for nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import { addDays } from "../../shared/seeding/random.js";
import { ANALYST, startFederation, type As, type Federation } from "../../testing/federation.js";
import { databaseOn, type TestPostgres } from "../../testing/postgres.js";

const OFFER = "zu-startup-office-rent"; // organisations, level GOOD or better, on neither black list
const CREDIT: As = { sub: "credit-officer", scopes: ["dept:credit"] };
const PARTNER: As = { sub: "office-landlord", scopes: ["eligibility:check"], offers: [OFFER], purpose: "创业办公用房租金减免核验" };
const today = todayInChina();

const ADD = `mutation($in: AddListEntryInput!) { addListEntry(input: $in) {
  id subjectId list color status listedOn expiresOn authority legalBasis documentNumber termBasis } }`;
const REMOVE = `mutation($id: ID!, $on: Date!) { removeListEntry(id: $id, reason: LIFTED, basis: "（2026）浙05执恢12号决定书：已全部履行", on: $on) {
  id status removedOn removalReason removalBasis } }`;
const STATE = `query($id: ID!) { subject(id: $id) {
  evaluation { level reasons { kind recordId } }
  eligibleIncentives(includeIneligible: true, offerIds: ["${OFFER}"]) { status }
  listEntries { id status } } }`;

type State = {
  evaluation: { level: string; reasons: { kind: string; recordId: string | null }[] };
  eligibleIncentives: { status: string }[];
  listEntries: { id: string; status: string }[];
};

for (const dialect of ["sqlite", "postgres"] as const) {
  describe(`list management on ${dialect}`, () => {
    let postgres: TestPostgres | undefined;
    let fed: Federation;
    let firm: string;
    let levelBefore: string;

    const listing = (extra: Record<string, unknown> = {}) => ({
      subjectId: firm,
      list: "DISHONEST_JUDGMENT_DEBTOR",
      authority: "湖州市中级人民法院",
      reason: "违反财产报告制度",
      legalBasis: "最高人民法院关于公布失信被执行人名单信息的若干规定 第一条第（四）项",
      documentNumber: "（2026）浙05执 123 号",
      listedOn: addDays(today, -10),
      ...extra,
    });
    const stateOf = async (): Promise<State> => {
      const { body } = await fed.query<{ subject: State }>(STATE, { id: firm }, ANALYST);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data.subject;
    };
    const partnerCheck = async (): Promise<boolean> => {
      const { body } = await fed.query(`query($id: ID!) { checkEligibility(subjectId: $id, offerId: "${OFFER}") { eligible } }`, { id: firm }, PARTNER);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data.checkEligibility.eligible;
    };

    beforeAll(async () => {
      const db = await databaseOn(dialect, "xinyi");
      postgres = db.postgres;
      fed = await startFederation({ subjects: 200, env: db.env });
      const { body } = await fed.query(
        `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id evaluation { level } eligibleIncentives(includeIneligible: true, offerIds: ["${OFFER}"]) { status } } } }`,
        undefined,
        ANALYST,
      );
      const good = body.data.subjects.nodes.find(
        (n: { evaluation: { level: string }; eligibleIncentives: { status: string }[] }) =>
          ["GOOD", "EXCELLENT"].includes(n.evaluation.level) && n.eligibleIncentives[0]?.status === "ELIGIBLE",
      );
      expect(good, "a demo firm of a good level, eligible for the offer").toBeDefined();
      firm = good.id;
      levelBefore = good.evaluation.level;
    }, 300_000);
    afterAll(async () => {
      await fed?.close();
      await postgres?.stop();
    });

    it("a black-list entry makes the firm POOR and ineligible at once; lifting it restores both; the audit shows both with before/after", async () => {
      expect(await partnerCheck()).toBe(true);
      const added = await fed.query(ADD, { in: listing() }, CREDIT);
      expect(added.body.errors, JSON.stringify(added.body.errors)).toBeUndefined();
      const entry = added.body.data.addListEntry;
      expect(entry).toMatchObject({
        subjectId: firm,
        color: "BLACK",
        status: "ACTIVE",
        expiresOn: addMonths(addDays(today, -10), 24),
        documentNumber: "(2026)浙05执123号",
      });
      expect(entry.termBasis).toContain("默认期限24个月");

      const listed = await stateOf();
      expect(listed.evaluation.level).toBe("POOR");
      expect(listed.evaluation.reasons[0]).toEqual({ kind: "DOWNGRADE", recordId: entry.id });
      expect(listed.eligibleIncentives[0].status).toBe("NOT_ELIGIBLE");
      expect(await partnerCheck()).toBe(false);

      const removed = await fed.query(REMOVE, { id: entry.id, on: today }, CREDIT);
      expect(removed.body.errors, JSON.stringify(removed.body.errors)).toBeUndefined();
      expect(removed.body.data.removeListEntry).toMatchObject({ status: "REMOVED", removedOn: today, removalReason: "LIFTED" });

      const again = await fed.query(REMOVE, { id: entry.id, on: today }, CREDIT);
      expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", status: "REMOVED" });

      const lifted = await stateOf();
      expect(lifted.evaluation.level).toBe(levelBefore);
      expect(lifted.evaluation.reasons.some((r) => r.recordId === entry.id)).toBe(false);
      expect(lifted.eligibleIncentives[0].status).toBe("ELIGIBLE");
      expect(lifted.listEntries).toContainEqual({ id: entry.id, status: "REMOVED" });
      expect(await partnerCheck()).toBe(true);
      // Lifted today: the days before still show the entry, as a closed record's do.
      const yesterday = await fed.query(
        `query($id: ID!, $asOf: Date) { subject(id: $id) { evaluation(asOf: $asOf) { level } } }`,
        { id: firm, asOf: addDays(today, -1) },
        ANALYST,
      );
      expect(yesterday.body.data.subject.evaluation.level).toBe("POOR");

      const audit = await fed.query(
        `query($id: ID!) { auditLog(recordId: $id, first: 10) { nodes { caller fields changes { department action before after } } } }`,
        { id: entry.id },
        { scopes: ["audit:read"] },
      );
      expect(audit.body.errors, JSON.stringify(audit.body.errors)).toBeUndefined();
      const changes = audit.body.data.auditLog.nodes
        .filter((n: { caller: string }) => n.caller === "credit-officer")
        .flatMap((n: { changes: { action: string; before: string | null; after: string }[] }) => n.changes)
        .map((c: { action: string; before: string | null; after: string }) => ({
          action: c.action,
          before: c.before && JSON.parse(c.before).status,
          after: JSON.parse(c.after).status,
          reason: JSON.parse(c.after).removal_reason,
        }));
      expect(changes.sort((a: { action: string }, b: { action: string }) => a.action.localeCompare(b.action))).toEqual([
        { action: "DELIST", before: "ACTIVE", after: "REMOVED", reason: "LIFTED" },
        { action: "RECORD", before: null, after: "ACTIVE", reason: null },
      ]);
    });

    it("refuses a tax token (FORBIDDEN), a bad ID by its position, dates out of order; of two racing adds or removals one is CONFLICT", async () => {
      const before = (await stateOf()).listEntries.length;
      const forbidden = await fed.query(ADD, { in: listing({ list: "SERIOUS_DISHONESTY" }) }, { sub: "tax-officer", scopes: ["dept:tax"] });
      expect(forbidden.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await stateOf()).listEntries).toHaveLength(before);

      const wrongCheck = `${firm.slice(0, 17)}${firm[17] === "0" ? "1" : "0"}`;
      const bad = await fed.query(ADD, { in: listing({ subjectId: wrongCheck, expiresOn: addDays(today, -11) }) }, CREDIT);
      expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const problems = bad.body.errors?.[0]?.extensions?.problems ?? [];
      expect(problems).toEqual([
        { field: "subjectId", message: expect.stringContaining("check character at position 18") },
        { field: "expiresOn", message: `${addDays(today, -11)} is not after listedOn ${addDays(today, -10)}` },
      ]);

      // Two adds of the same listing at the same moment: one is added, the other is CONFLICT naming it.
      const adds = await Promise.all(
        [1, 2].map(() => fed.query(ADD, { in: listing({ list: "SERIOUS_DISHONESTY", authority: "湖州市市场监督管理局" }) }, CREDIT)),
      );
      const added = adds.filter((a) => !a.body.errors).map((a) => a.body.data.addListEntry.id);
      expect(added).toHaveLength(1);
      expect(adds.flatMap((a) => a.body.errors ?? []).map((e) => e.extensions)).toEqual([expect.objectContaining({ code: "CONFLICT", entryId: added[0] })]);
      // Errors wrote nothing: the one entry added is the only new one.
      expect((await stateOf()).listEntries).toHaveLength(before + 1);
      // Two removals at the same moment: one removes it, the other is CONFLICT.
      const removals = await Promise.all([1, 2].map(() => fed.query(REMOVE, { id: added[0], on: today }, CREDIT)));
      expect(removals.map((r) => r.body.data?.removeListEntry?.status ?? r.body.errors?.[0]?.extensions?.code).sort()).toEqual(["CONFLICT", "REMOVED"]);
    });

    it("an entry whose term has ended reads EXPIRED by itself and no longer counts", async () => {
      const level = (await stateOf()).evaluation.level;
      const blackListed = async () =>
        (await fed.query(`{ directoryStatistics { blackListed } }`, undefined, { scopes: ["metrics:read"] })).body.data.directoryStatistics.blackListed;
      const listedBefore = await blackListed();
      const { body } = await fed.query(ADD, { in: listing({ listedOn: addMonths(today, -30), expiresOn: addMonths(today, -6) }) }, CREDIT);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      const entry = body.data.addListEntry;
      expect(entry).toMatchObject({ status: "EXPIRED", expiresOn: addMonths(today, -6) });
      const now = await stateOf();
      expect(now.listEntries).toContainEqual({ id: entry.id, status: "EXPIRED" });
      expect(now.evaluation.level).toBe(level);
      expect(now.evaluation.reasons.some((r) => r.recordId === entry.id)).toBe(false);
      expect(now.eligibleIncentives[0].status).toBe("ELIGIBLE");
      expect(await blackListed()).toBe(listedBefore);
      const removal = await fed.query(REMOVE, { id: entry.id, on: today }, CREDIT);
      expect(removal.body.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", status: "EXPIRED" });
    });
  });
}
