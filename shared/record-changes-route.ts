/**
 * A record department's `record_changes`, read by the gateway's change drainer
 * (gateway/src/audit/change-drainer.ts) to carry into the audit log every change whose operation's
 * outcome entry never came (the gateway died, or lost the department's answer, after the
 * department committed) and the bulk import's changes (`npm run import` has no gateway).
 *
 * `GET /record-changes?after=<at>&afterId=<id>&until=<at>&limit=<n>`: changes with `at` in
 * (after, until], ordered by (at, id), for the drainer's service identity only, signed like every
 * subgraph request (the query string is covered by the signature).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { DepartmentChange } from "./audit-store/drained-changes.js";
import type { Caller } from "./caller.js";
import { ErrorCodes, errorBody, statusOf } from "./errors.js";
import type { RecordChangesTable } from "./record-changes.js";

/** The only caller the route serves: the gateway's drainer. */
export const AUDIT_DRAIN_SERVICE = "service:audit-drain";

/** Most changes one call answers. */
export const RECORD_CHANGES_PAGE = 500;

export function installRecordChangesRoute(
  app: FastifyInstance,
  db: Kysely<{ record_changes: RecordChangesTable }>,
  callerOf: (request: FastifyRequest) => Caller | undefined,
): void {
  app.get<{ Querystring: { after?: string; afterId?: string; until?: string; limit?: string } }>("/record-changes", async (request, reply) => {
    if (callerOf(request)?.sub !== AUDIT_DRAIN_SERVICE)
      return reply.code(statusOf(ErrorCodes.FORBIDDEN)).send(errorBody(ErrorCodes.FORBIDDEN, "Record changes are read by the audit drainer only"));
    const { after = "", afterId = "", until, limit } = request.query;
    const size = Math.min(Number(limit ?? RECORD_CHANGES_PAGE) || RECORD_CHANGES_PAGE, RECORD_CHANGES_PAGE);
    if (!until || size < 1)
      return reply.code(statusOf(ErrorCodes.BAD_USER_INPUT)).send(errorBody(ErrorCodes.BAD_USER_INPUT, "until and a positive limit are required"));
    const rows = await db
      .selectFrom("record_changes")
      .selectAll()
      .where((eb) => eb.or([eb("at", ">", after), eb.and([eb("at", "=", after), eb("id", ">", afterId)])]))
      .where("at", "<=", until)
      .orderBy("at")
      .orderBy("id")
      .limit(size)
      .execute();
    const changes: DepartmentChange[] = rows.map((r) => ({
      changeId: r.id,
      at: r.at,
      actor: r.actor,
      recordId: r.record_id,
      subjectId: r.subject_id,
      action: r.action,
      before: r.before === null ? null : JSON.parse(r.before),
      after: JSON.parse(r.after),
    }));
    return { changes };
  });
}
