/** 个人诚信码 registrations: read the latest per person; register and revoke, each with its change row. */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { appendRecordChange, type RecordChange, reportChange, type WriteScope } from "../../../shared/record-changes.js";
import { createError, ErrorCodes } from "../../../shared/errors.js";
import type { CodeRegistrationRow, CreditDB } from "../db.js";

/** Every registration of some persons, latest last. */
export function loadCodeRegistrations(db: Kysely<CreditDB>, subjectIds: readonly string[]) {
  return db.selectFrom("code_registrations").selectAll().where("subject_id", "in", subjectIds).orderBy("registered_at").orderBy("id").execute();
}

async function latestOf(db: Kysely<CreditDB>, subjectId: string): Promise<CodeRegistrationRow | undefined> {
  return db
    .selectFrom("code_registrations")
    .selectAll()
    .where("subject_id", "=", subjectId)
    .orderBy("registered_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

const asRecord = (row: CodeRegistrationRow): Record<string, unknown> => ({ ...row });

/** Registers a person (refused while a registration is active); the change is reported for the audit. */
export async function registerCode(
  db: Kysely<CreditDB>,
  scope: WriteScope,
  input: { subjectId: string; channel: string; consents: string[] },
): Promise<CodeRegistrationRow> {
  const { row, change } = await db.transaction().execute(async (trx) => {
    const latest = await latestOf(trx, input.subjectId);
    if (latest?.status === "ACTIVE") throw createError(ErrorCodes.CONFLICT, "The person already holds an active registration");
    const row: CodeRegistrationRow = {
      id: `CODE-${randomBytes(9).toString("base64url")}`,
      subject_id: input.subjectId,
      status: "ACTIVE",
      registered_at: new Date().toISOString(),
      channel: input.channel,
      consents: input.consents.join(","),
      revoked_at: null,
      revoke_reason: null,
    };
    await trx.insertInto("code_registrations").values(row).execute();
    const recorded: RecordChange = {
      department: "credit",
      recordId: row.id,
      subjectId: row.subject_id,
      action: "REGISTER",
      before: null,
      after: asRecord(row),
    };
    return { row, change: await appendRecordChange(trx, scope, "code_registrations", recorded) };
  });
  reportChange(scope, change);
  return row;
}

/** Revokes a person's active registration. */
export async function revokeCode(db: Kysely<CreditDB>, scope: WriteScope, subjectId: string, reason: string): Promise<CodeRegistrationRow> {
  const { after, change } = await db.transaction().execute(async (trx) => {
    const latest = await latestOf(trx, subjectId);
    if (latest?.status !== "ACTIVE") throw createError(ErrorCodes.CONFLICT, "The person holds no active registration");
    const after: CodeRegistrationRow = { ...latest, status: "REVOKED", revoked_at: new Date().toISOString(), revoke_reason: reason };
    await trx
      .updateTable("code_registrations")
      .set({ status: after.status, revoked_at: after.revoked_at, revoke_reason: reason })
      .where("id", "=", latest.id)
      .execute();
    const recorded: RecordChange = { department: "credit", recordId: latest.id, subjectId, action: "REVOKE", before: asRecord(latest), after: asRecord(after) };
    return { after, change: await appendRecordChange(trx, scope, "code_registrations", recorded) };
  });
  reportChange(scope, change);
  return after;
}
