/** The audit log's GraphQL types. Fields only, no logic. */
import { Field, ID, ObjectType } from "type-graphql";
import { defineValueSet, type ValueOf } from "../../shared/value-set.js";
import { connectionOf } from "../../shared/pagination.js";

export const AuditOutcome = defineValueSet("AuditOutcome", "How an audited operation ended.", {
  STARTED: "A mutation about to run (written before it runs; its outcome follows in another entry).",
  OK: "Answered without errors.",
  PARTIAL: "Answered with some fields refused or unavailable.",
  ERROR: "No data returned.",
  REFUSED: "Refused before execution (no stated purpose, or every field refused).",
});
export type AuditOutcome = ValueOf<typeof AuditOutcome>;

@ObjectType({ description: "A record written by an audited mutation, with its stored values before and after." })
export class AuditChange {
  @Field(() => String, { description: "Department that keeps the record." })
  department!: string;

  @Field(() => ID, { description: "The record written." })
  recordId!: string;

  @Field(() => ID, { description: "The subject the record is about." })
  subjectId!: string;

  @Field(() => String, { description: "RECORD (new), CORRECT (更正), CLOSE (修复/关闭) or PAYMENT." })
  action!: string;

  @Field(() => String, { nullable: true, description: "The stored row before the write, as JSON; null for a new record." })
  before!: string | null;

  @Field(() => String, { description: "The stored row after the write, as JSON." })
  after!: string;
}

@ObjectType({ description: "One audited operation (审计日志): who read what, why, and how it ended. Append-only, kept at least 3 years." })
export class AuditEntry {
  @Field(() => ID, { description: "Entry id; sorts by time." })
  id!: string;

  @Field(() => String, { description: "When the operation ran (UTC, ISO 8601)." })
  at!: string;

  @Field(() => String, { description: "Subject (sub) of the caller's token, or anonymous." })
  caller!: string;

  @Field(() => [String], { description: "Scopes of the caller's token." })
  scopes!: string[];

  @Field(() => String, { nullable: true, description: "Stated purpose (X-Purpose header)." })
  purpose!: string | null;

  @Field(() => String, { nullable: true, description: "For a platform service's operation (caller `service:<name>`): the token subject it acted for." })
  actingFor!: string | null;

  @Field(() => String, { nullable: true, description: "Client IP address." })
  clientIp!: string | null;

  @Field(() => String, { nullable: true, description: "Operation name, when the client gave one." })
  operationName!: string | null;

  @Field(() => String, { description: "query or mutation." })
  operationType!: string;

  @Field(() => [String], { description: "Top-level fields the client asked for." })
  fields!: string[];

  @Field(() => [ID], { description: "Ids of the subjects the operation touched." })
  subjectIds!: string[];

  @Field(() => AuditOutcome, { description: "How it ended." })
  outcome!: AuditOutcome;

  @Field(() => [String], { description: "Error codes in the response, if any." })
  errorCodes!: string[];

  @Field(() => ID, { nullable: true, description: "For a mutation's outcome: the STARTED entry written before it ran." })
  follows!: string | null;

  @Field(() => [AuditChange], { description: "Records the operation wrote (mutations), with before and after." })
  changes!: AuditChange[];
}

export const AuditEntryConnection = connectionOf(AuditEntry, {
  description: "A page of audit entries, newest first.",
  nodes: "The entries of this page.",
  totalCount: "Entries matching the filter, over all pages.",
});
