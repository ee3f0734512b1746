/**
 * The credit office's figures of the 信易+ programme metrics (entity `ProgrammeMetrics`, keyed by
 * the canonical filter; the incentives subgraph owns the root field and the ledger's figures):
 * their GraphQL types. Counted for the filter's district and period; the scenario does not apply.
 */
import { Directive, Field, Float, Int, ObjectType } from "type-graphql";
import { requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import { CreditList, ListColor } from "../directory/credit-record.type.js";
import { NoticeStatus } from "../notices/notice.type.js";

const METRICS = requiresAnyScope(Scopes.METRICS_READ, Scopes.ADMIN);

@ObjectType({ description: "List entries of one list in force at the end of the period." })
export class ListCount {
  @Field(() => CreditList, { description: "The list." })
  list!: CreditList;

  @Field(() => ListColor, { description: "Red or black." })
  color!: ListColor;

  @Field(() => Int, { description: "Entries in force on the period's last day (today without `to`)." })
  entries!: number;
}

@ObjectType({ description: "Special credit reports of one group (a purpose, a month)." })
export class ReportGroup {
  @Field(() => String, { description: "The group: the purpose as stated, or the month (YYYY-MM)." })
  key!: string;

  @Field(() => Int, { description: "Reports issued." })
  reports!: number;

  @Field(() => Int, {
    description: "Certificates of no violation they replaced, one per department each covers.",
    deprecationReason: "Counted one per department; the article counts one per 信用代证 domain: use domainCertificates.",
  })
  certificates!: number;

  @Field(() => Int, {
    description:
      "Certificates of no violation they replaced, counted as the 2024 article counts them: one per domain of Zhejiang's 信用代证 list for each report (certificatesPerReport, 40; the certification rules give the source).",
  })
  domainCertificates!: number;
}

@ObjectType({ description: "Credit repair applications of one group (a department, a month of application)." })
export class RepairGroup {
  @Field(() => String, { description: "The group: department, or month (YYYY-MM) of application." })
  key!: string;

  @Field(() => Int, { description: "Applications filed." })
  applications!: number;

  @Field(() => Int, { description: "Approved (the record repaired)." })
  approvals!: number;

  @Field(() => Int, { description: "Rejected." })
  rejections!: number;

  @Field(() => Int, { description: "Reinstated after a broken repair commitment." })
  reinstatements!: number;

  @Field(() => Float, { nullable: true, description: "Median days from application to decision, of the decided ones; null when none." })
  medianDaysToDecision!: number | null;
}

@ObjectType({ description: "Notices of one kind that stand at one outcome (notice-rules.json names each kind and its family)." })
export class NoticeCount {
  @Field(() => String, { description: "The kind: PENALTY_RECORDED, REPAIR_POSSIBLE, PUBLICITY_ENDING …" })
  kind!: string;

  @Field(() => String, { description: "Its family: 主动告知, 到期提醒 … (from the notice rules in force; UNKNOWN for a kind they no longer name)." })
  family!: string;

  @Field(() => NoticeStatus, { description: "The outcome so far: DELIVERED, DEAD_LETTER, SKIPPED_NO_CONSENT, or QUEUED (still being tried)." })
  outcome!: NoticeStatus;

  @Field(() => Int, { description: "Notices of this kind at this outcome." })
  notices!: number;
}

@Directive('@key(fields: "id")')
@ObjectType("ProgrammeMetrics", {
  description: "信易+ programme metrics: the credit office's figures (nullable: a credit outage leaves the ledger's figures standing).",
})
export class CreditProgrammeMetrics {
  @Field(() => String, { description: "The filter in canonical form (district|from|to|scenario, * for any)." })
  id!: string;

  @Directive(METRICS)
  @Field(() => Int, { nullable: true, description: "个人诚信码 registrations made in the period (revoked ones included), persons of the district." })
  codeRegistrations!: number;

  @Directive(METRICS)
  @Field(() => Int, { nullable: true, description: "Persons of the district holding an active 个人诚信码 registration now." })
  activeCodeRegistrations!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "注册用户 as the 2024 article counts them (现有注册用户30余万人: registrations standing, not all ever made): persons of the district holding a 个人诚信码 registration in force on the period's last day (registered by then and not revoked by then; today without `to`); the period's start does not apply.",
  })
  registeredPersons!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "信用修复 as the 2024 article counts them (服务市场主体完成信用修复7000余条): repairs approved and standing (not reinstated) in the period for market subjects — organisations the market regulator registers: enterprises, individual businesses, farmers' cooperatives (统一社会信用代码 91/92/93; our reading of 市场主体).",
  })
  marketSubjectRepairs!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "信用修复 completed: repair applications approved in the period, of every subject (the article's 7000余条 counts market subjects': marketSubjectRepairs).",
  })
  creditRepairsCompleted!: number;

  @Directive(METRICS)
  @Field(() => RepairGroup, {
    nullable: true,
    description: "信用修复 applications filed in the period (key: all), their outcomes and the median days to a decision.",
  })
  repairApplications!: RepairGroup;

  @Directive(METRICS)
  @Field(() => [RepairGroup], { nullable: true, description: "Repair applications by the record's department." })
  repairsByDepartment!: RepairGroup[];

  @Directive(METRICS)
  @Field(() => [RepairGroup], { nullable: true, description: "Repair applications by month of application, oldest first." })
  repairsByMonth!: RepairGroup[];

  @Directive(METRICS)
  @Field(() => Int, { nullable: true, description: "专项信用报告 issued in the period for organisations of the district (article: 400+)." })
  reportsIssued!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description: "Certificates of no violation those reports replaced: one per department each covers.",
    deprecationReason: "Counted one per department; the article (400余份 … 16000份) counts one per 信用代证 domain: use domainCertificatesReplaced.",
  })
  certificatesReplaced!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "Certificates of no violation those reports replaced, counted as the 2024 article counts them (2023年400余份报告替代16000份证明): reports × certificatesPerReport — one per domain of Zhejiang's 信用代证 list, whatever departments the report reads.",
  })
  domainCertificatesReplaced!: number;

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "Domains whose certificate of no violation one report replaces: 40, from the certification rules (Zhejiang 信用代证 2023, domain.md §9; the number, not the list).",
  })
  certificatesPerReport!: number;

  @Directive(METRICS)
  @Field(() => [ReportGroup], {
    nullable: true,
    description: "Special credit reports by calendar year of issue (key YYYY), oldest first: the article gives its figure for one year (2023).",
  })
  reportsByYear!: ReportGroup[];

  @Directive(METRICS)
  @Field(() => [ReportGroup], { nullable: true, description: "Special credit reports by purpose." })
  reportsByPurpose!: ReportGroup[];

  @Directive(METRICS)
  @Field(() => [ReportGroup], { nullable: true, description: "Special credit reports by month of issue, oldest first." })
  reportsByMonth!: ReportGroup[];

  @Directive(METRICS)
  @Field(() => [ListCount], { nullable: true, description: "Red and black list entries in force at the end of the period, by list." })
  listEntries!: ListCount[];

  @Directive(METRICS)
  @Field(() => [NoticeCount], {
    nullable: true,
    description:
      "主动告知 and 到期提醒 notices queued in the period (by the day each was queued) for subjects of the district, by kind and outcome; kinds with none are left out.",
  })
  noticesByKind!: NoticeCount[];

  @Directive(METRICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "Repair applications filed in the period (subjects of the district) that followed a 到期提醒: a notice of a 到期提醒 kind about the same record, delivered on the application's day or in the 30 days before it.",
  })
  repairsAfterReminder!: number;
}
