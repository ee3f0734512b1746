/**
 * Queuing a notice: its deterministic id (kind, subject, record, due date: a rescan or a reread of
 * the outbox never queues it twice), its text from the rules, and the subject's consent — a person's
 * 个人诚信码 registration, an organisation's registered contact. Without the consent the notice is
 * logged SKIPPED_NO_CONSENT with the reason, and nothing is ever sent for it.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { parseSubjectId } from "../../../shared/ids.js";
import type { CreditDB } from "../db.js";
import type { NoticeTable } from "./notice.tables.js";
import type { NoticeStatus } from "./notice.type.js";
import { type NoticeFacts, type NoticeKindRule, renderNotice } from "./notice-rules.js";

/** The 个人诚信码 channel: every person's notices go to its one webhook (XINYI_CODE_CHANNEL_WEBHOOK). */
export const CODE_CHANNEL = "CODE_CHANNEL";
/** An organisation's own webhook (registerNoticeContact). */
export const contactChannel = (subjectId: string): string => `CONTACT:${subjectId}`;

/** A notice to queue: which kind, for whom, about which record (or row, or grade), due when. */
export interface NoticeDraft {
  kind: NoticeKindRule;
  subjectId: string;
  facts: NoticeFacts;
  dueOn: string;
}

/** The notice's id: the same for the same kind, subject, record and due date, whoever computes it. */
export const noticeId = (d: Pick<NoticeDraft, "subjectId" | "dueOn"> & { kind: string; department: string; recordId: string }): string =>
  `N-${createHash("sha256").update([d.kind, d.subjectId, d.department, d.recordId, d.dueOn].join("\n")).digest("base64url").slice(0, 32)}`;

/** What the subject consented to (empty: nothing), and where its notices go; `why` describes it for the log. */
export interface Consent {
  consents: string[];
  channel: string;
  why: string;
}

export async function consentOf(db: Kysely<CreditDB>, subjectId: string): Promise<Consent> {
  const parsed = parseSubjectId(subjectId);
  if (parsed.ok && parsed.value.kind === "PERSON") {
    const latest = await db
      .selectFrom("code_registrations")
      .select(["status", "consents"])
      .where("subject_id", "=", subjectId)
      .orderBy("registered_at", "desc")
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (latest?.status !== "ACTIVE")
      return {
        consents: [],
        channel: CODE_CHANNEL,
        why: latest ? "个人诚信码登记已注销 / 个人诚信码 registration revoked" : "未登记个人诚信码 / no 个人诚信码 registration",
      };
    return { consents: latest.consents.split(","), channel: CODE_CHANNEL, why: `个人诚信码同意 / 个人诚信码 consents: ${latest.consents}` };
  }
  const contact = await db.selectFrom("notice_contacts").select("consents").where("subject_id", "=", subjectId).executeTakeFirst();
  if (!contact) return { consents: [], channel: contactChannel(subjectId), why: "未登记告知联系方式 / no notice contact registered (registerNoticeContact)" };
  return { consents: contact.consents.split(","), channel: contactChannel(subjectId), why: `告知联系方式同意 / contact consents: ${contact.consents}` };
}

/** Whether a consent covers a kind of notice (any one of the kind's consents). */
export const allows = (kind: Pick<NoticeKindRule, "consents">, consent: Consent): boolean => kind.consents.some((c) => consent.consents.includes(c));

/** The log's line for a notice not sent for want of consent. */
export const noConsentOutcome = (kind: Pick<NoticeKindRule, "consents">, consent: Consent, when = "未发送"): string =>
  `${when}：无${kind.consents.join("/")}同意（${consent.why}） / not sent: no ${kind.consents.join(" or ")} consent`;

/** Queues the drafts not queued before (by id); returns how many were new. Consent is read once per subject. */
export async function queueNotices(db: Kysely<CreditDB>, drafts: readonly NoticeDraft[], now: Date): Promise<number> {
  const consents = new Map<string, Consent>();
  let added = 0;
  for (const draft of drafts) {
    const text = renderNotice(draft.kind, draft.facts);
    if (!text) continue;
    const consent = consents.get(draft.subjectId) ?? (await consentOf(db, draft.subjectId));
    consents.set(draft.subjectId, consent);
    const allowed = allows(draft.kind, consent);
    const status: NoticeStatus = allowed ? "QUEUED" : "SKIPPED_NO_CONSENT";
    const { facts } = draft;
    const id = noticeId({ kind: draft.kind.kind, subjectId: draft.subjectId, department: facts.department, recordId: facts.recordId, dueOn: draft.dueOn });
    const at = now.toISOString();
    const body = JSON.stringify({
      id,
      kind: draft.kind.kind,
      family: draft.kind.family,
      subjectId: draft.subjectId,
      dueOn: draft.dueOn,
      createdAt: at,
      text,
      record: facts.about,
    });
    const row: NoticeTable = {
      id,
      subject_id: draft.subjectId,
      kind: draft.kind.kind,
      department: facts.department,
      record_id: facts.recordId,
      due_on: draft.dueOn,
      created_at: at,
      text_zh: text.zh,
      text_en: text.en,
      body,
      channel: consent.channel,
      status,
      tries: 0,
      next_attempt_at: at,
      lease_owner: null,
      lease_until: null,
      last_attempt_at: null,
      last_outcome: allowed ? null : noConsentOutcome(draft.kind, consent),
      delivered_at: null,
    };
    const result = await db
      .insertInto("notices")
      .values(row)
      .onConflict((oc) => oc.column("id").doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}
