/** The notices as the API reads them (a subject's, newest first, a page at a time), and an organisation's contact registration. */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { appendRecordChange, reportChange, type WriteScope } from "../../../shared/record-changes.js";
import type { CreditDB } from "../db.js";
import type { NoticeContactTable } from "./notice.tables.js";

/** A page position: the last notice's (created_at, id). */
export type NoticePosition = [createdAt: string, id: string];

export async function listNotices(db: Kysely<CreditDB>, q: { subjectId: string; after?: NoticePosition; limit: number; count: boolean }) {
  const query = db.selectFrom("notices").where("subject_id", "=", q.subjectId);
  const after = q.after;
  const page = after
    ? query.where((eb) => eb.or([eb("created_at", "<", after[0]), eb.and([eb("created_at", "=", after[0]), eb("id", "<", after[1])])]))
    : query;
  const [rows, count] = await Promise.all([
    page
      .select([
        "id",
        "subject_id",
        "kind",
        "department",
        "record_id",
        "due_on",
        "created_at",
        "text_zh",
        "text_en",
        "status",
        "tries",
        "last_outcome",
        "delivered_at",
      ])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(q.limit + 1)
      .execute(),
    q.count ? query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow() : undefined,
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/**
 * Registers (or replaces) an organisation's notice contact with a fresh signing secret, audited
 * (the change row names the webhook and consents, never the secret). Returns the row, secret included.
 */
export async function registerContact(
  db: Kysely<CreditDB>,
  scope: WriteScope,
  input: { subjectId: string; webhookUrl: string; consents: string[] },
): Promise<NoticeContactTable> {
  const row: NoticeContactTable = {
    subject_id: input.subjectId,
    webhook_url: input.webhookUrl,
    secret: randomBytes(32).toString("base64url"),
    consents: input.consents.join(","),
    registered_at: new Date().toISOString(),
    registered_by: scope.actor,
  };
  const change = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("notice_contacts").selectAll().where("subject_id", "=", input.subjectId).executeTakeFirst();
    await trx
      .insertInto("notice_contacts")
      .values(row)
      .onConflict((oc) =>
        oc.column("subject_id").doUpdateSet({
          webhook_url: row.webhook_url,
          secret: row.secret,
          consents: row.consents,
          registered_at: row.registered_at,
          registered_by: row.registered_by,
        }),
      )
      .execute();
    const shown = (r: NoticeContactTable) => ({ ...r, secret: "(set)" });
    return appendRecordChange(trx, scope, "notice_contacts", {
      department: "credit",
      recordId: input.subjectId,
      subjectId: input.subjectId,
      action: "REGISTER",
      before: before ? shown(before) : null,
      after: shown(row),
    });
  });
  reportChange(scope, change);
  return row;
}
