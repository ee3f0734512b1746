/** The audit log's GraphQL types. Fields only, no logic. */
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { PageInfo } from "../../shared/pagination.js";

export enum AuditOutcome {
  OK = "OK",
  PARTIAL = "PARTIAL",
  ERROR = "ERROR",
  REFUSED = "REFUSED",
}
registerEnumType(AuditOutcome, {
  name: "AuditOutcome",
  description: "How an audited operation ended.",
  valuesConfig: {
    OK: { description: "Answered without errors." },
    PARTIAL: { description: "Answered with some fields refused or unavailable." },
    ERROR: { description: "No data returned." },
    REFUSED: { description: "Refused before execution (no stated purpose, or every field refused)." },
  },
});

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
}

@ObjectType({ description: "A page of audit entries, newest first." })
export class AuditEntryConnection {
  @Field(() => [AuditEntry], { description: "The entries of this page." })
  nodes!: AuditEntry[];

  @Field(() => PageInfo, { description: "Where this page ends." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Entries matching the filter, over all pages." })
  totalCount!: number;
}
