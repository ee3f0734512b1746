/** The notices' GraphQL types: a notice with its delivery state, a page of them, an organisation's notice contact. */
import { Field, ID, Int, ObjectType } from "type-graphql";
import { connectionOf, type Page } from "../../../shared/pagination.js";
import { defineValueSet, type ValueOf } from "../../../shared/value-set.js";
import { CodeConsent } from "../codes/code.type.js";

export const NoticeStatus = defineValueSet("NoticeStatus", "Where a notice (主动告知, 到期提醒, 跟踪回访) stands in its delivery.", {
  QUEUED: "待发送: waiting for its first or next try (tries and lastOutcome say how it went so far)",
  DELIVERED: "已送达: its channel answered 2xx",
  DEAD_LETTER: "发送失败: every try failed (XINYI_NOTICE_MAX_TRIES); the credit office follows it up",
  SKIPPED_NO_CONSENT: "未发送: the subject has not consented to this kind of notice (lastOutcome says what it consented to)",
});
export type NoticeStatus = ValueOf<typeof NoticeStatus>;

@ObjectType({ description: "A notice the platform sent (or would have sent) a subject about one of its records, and how its delivery went." })
export class Notice {
  @Field(() => ID, {
    description: "The notice's id: the same for the same kind, subject, record and due date; the webhook's idempotency id (x-xinyi-notice-id).",
  })
  id!: string;

  @Field(() => String, {
    description:
      "Kind (notice-rules.json): PENALTY_RECORDED, GRADE_CHANGED (主动告知); REPAIR_POSSIBLE, PUBLICITY_ENDING, LIST_TERM_ENDING, COMMITMENT_DUE (到期提醒); REPAIR_FOLLOW_UP_30, REPAIR_FOLLOW_UP_90 (跟踪回访).",
  })
  kind!: string;

  @Field(() => ID, { description: "The subject it is for (a person's ID number masked without pii:read)." })
  subjectId!: string;

  @Field(() => String, {
    description: "The department that keeps the record (tax, market …): credit for a list entry, commitment or repair, evaluation for a grade change.",
  })
  department!: string;

  @Field(() => ID, {
    description:
      "The record it is about: a department record, the credit office's list entry, commitment or repair application, or the population snapshot that found a grade change.",
  })
  recordId!: string;

  @Field(() => String, {
    description:
      "The date it is about (YYYY-MM-DD): the decision date, the earliest repair date, a term's or commitment's end less its lead, the approval date plus the follow-up's days, or the snapshot's date.",
  })
  dueOn!: string;

  @Field(() => String, { description: "When it was queued (ISO 8601)." })
  createdAt!: string;

  @Field(() => String, { description: "Its text in Chinese, as sent." })
  textZh!: string;

  @Field(() => String, { description: "Its text in English, as sent beside the Chinese." })
  textEn!: string;

  @Field(() => NoticeStatus, { description: "Delivery status." })
  status!: NoticeStatus;

  @Field(() => Int, { description: "Tries so far (a try cut short by a crash counts)." })
  tries!: number;

  @Field(() => String, { nullable: true, description: "What the last try got (HTTP 200, HTTP 503, ECONNREFUSED), or why it was never sent." })
  lastOutcome!: string | null;

  @Field(() => String, { nullable: true, description: "When it was delivered (ISO 8601)." })
  deliveredAt!: string | null;
}

export const NoticeConnection = connectionOf(Notice, {
  name: "NoticeConnection",
  description: "A page of a subject's notices, newest first.",
  nodes: "The notices of this page.",
  totalCount: "The subject's notices, over all pages.",
});
export type NoticeConnection = Page<Notice>;

@ObjectType({ description: "Where an organisation receives its notices: its webhook and what it consented to." })
export class NoticeContact {
  @Field(() => ID, { description: "The organisation's 统一社会信用代码." })
  subjectId!: string;

  @Field(() => String, { description: "The webhook notices are POSTed to (signed; README 'Notifications')." })
  webhookUrl!: string;

  @Field(() => [CodeConsent], { description: "The kinds of notice it consented to (NOTICE_REPAIR, NOTICE_GRADE)." })
  consents!: CodeConsent[];

  @Field(() => String, { description: "When it was registered (ISO 8601)." })
  registeredAt!: string;

  @Field(() => String, {
    description: "The secret that signs what is sent to the webhook (HMAC-SHA256): shown only in this answer; registering again replaces it.",
  })
  secret!: string;
}
