/**
 * `Query.auditLog` served by the gateway itself (the log is the gateway's own store), readable
 * with `audit:read`. There is no mutation: entries cannot be changed through any API.
 */
import { GraphQLError } from "graphql";
import type { Kysely } from "kysely";
import { checkPageSize, decodeCursor, encodeCursor } from "../../../shared/pagination.js";
import { Scopes } from "../../../shared/scopes.js";
import { callerOf } from "../plugins/use-auth.js";
import { loadAuditPage, type AuditDB } from "./audit.repo.js";

export const auditLogTypeDefs = /* GraphQL */ `
  "How an audited operation ended."
  enum AuditOutcome {
    "Answered without errors."
    OK
    "Answered with some fields refused or unavailable."
    PARTIAL
    "No data returned."
    ERROR
    "Refused before execution (e.g. no stated purpose)."
    REFUSED
  }

  "One audited operation (审计日志): who read what, why, and how it ended. Append-only, kept at least 3 years."
  type AuditEntry {
    "Entry id; sorts by time."
    id: ID!
    "When the operation ran (UTC, ISO 8601)."
    at: String!
    "Subject (sub) of the caller's token, or anonymous."
    caller: String!
    "Scopes of the caller's token."
    scopes: [String!]!
    "Stated purpose (X-Purpose header)."
    purpose: String
    "Client IP address."
    clientIp: String
    "Operation name, when the client gave one."
    operationName: String
    "query or mutation."
    operationType: String!
    "Top-level fields of the operation."
    fields: [String!]!
    "Ids of the subjects the operation touched."
    subjectIds: [ID!]!
    "How it ended."
    outcome: AuditOutcome!
    "Error codes in the response, if any."
    errorCodes: [String!]!
  }

  "A page of audit entries, newest first."
  type AuditEntryConnection {
    "The entries of this page."
    nodes: [AuditEntry!]!
    "Where this page ends."
    pageInfo: PageInfo!
    "Entries matching the filter, over all pages."
    totalCount: Int!
  }

  extend type Query {
    "The audit log, newest first; needs audit:read."
    auditLog(
      "Page size, 0–100 (default 20)."
      first: Int
      "Cursor after which the page starts."
      after: String
      "Only entries that touched this subject."
      subjectId: ID
      "Only entries of this caller (token subject)."
      caller: String
    ): AuditEntryConnection!
  }
`;

export function createAuditLogResolvers(db: Kysely<AuditDB>) {
  return {
    Query: {
      auditLog: async (_: unknown, args: { first?: number; after?: string; subjectId?: string; caller?: string }, context: { request?: Request }) => {
        const caller = callerOf(context.request);
        if (!caller) throw new GraphQLError("Authentication required", { extensions: { code: "UNAUTHORIZED" } });
        if (!caller.scopes.includes(Scopes.AUDIT_READ) && !caller.scopes.includes(Scopes.ADMIN)) {
          throw new GraphQLError("The audit log needs the audit:read scope", { extensions: { code: "FORBIDDEN", requiredScopes: [Scopes.AUDIT_READ] } });
        }
        const limit = checkPageSize(args.first);
        const { rows, total } = await loadAuditPage(db, { subjectId: args.subjectId, sub: args.caller, beforeId: args.after ? decodeCursor(args.after) : undefined, limit });
        const nodes = rows.slice(0, limit).map((r) => ({
          id: r.id,
          at: r.at,
          caller: r.sub,
          scopes: r.scopes ? r.scopes.split(" ") : [],
          purpose: r.purpose,
          clientIp: r.client_ip,
          operationName: r.operation_name,
          operationType: r.operation_type,
          fields: r.fields ? r.fields.split(",") : [],
          subjectIds: r.subjectIds,
          outcome: r.outcome,
          errorCodes: r.error_codes ? r.error_codes.split(",") : [],
        }));
        return { nodes, totalCount: total, pageInfo: { endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1].id) : null, hasNextPage: rows.length > limit } };
      },
    },
  };
}
