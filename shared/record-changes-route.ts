/**
 * A record department's `record_changes`, read by the gateway's change drainer
 * (gateway/src/audit/change-drainer.ts) to carry into the audit log every change whose operation's
 * outcome entry never came (the gateway died, or lost the department's answer, after the
 * department committed) and the bulk import's changes (`npm run import` has no gateway).
 *
 * `GET /record-changes?after=<at>&afterId=<id>&until=<at>&limit=<n>`: changes with `at` in
 * (after, until], ordered by (at, id), for the platform's change readers only ({@link RECORD_CHANGE_READERS}:
 * the drainer and the credit office's notices worker, subgraphs/credit/notices/), signed like every
 * subgraph request (the query string is covered by the signature). {@link readRecordChanges} is
 * their one client.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { DepartmentChange } from "./audit-store/drained-changes.js";
import type { Caller } from "./caller.js";
import { ErrorCodes, errorBody, statusOf } from "./errors.js";
import type { RecordChangesTable } from "./record-changes.js";
import { callService } from "./service-client.js";

/** The only caller the route serves: the gateway's drainer. */
export const AUDIT_DRAIN_SERVICE = "service:audit-drain";

/** The notices worker beside the credit office (subgraphs/credit/notices/): turns recorded penalties into 主动告知. */
export const NOTICES_SERVICE = "service:notices";

/** The only callers the route serves. */
export const RECORD_CHANGE_READERS: readonly string[] = [AUDIT_DRAIN_SERVICE, NOTICES_SERVICE];

/** Most changes one call answers. */
export const RECORD_CHANGES_PAGE = 500;

/** Where a reader stands in a department's changes: after this (at, id). */
export interface ChangePosition {
  at: string;
  id: string;
}

/**
 * One page (at most {@link RECORD_CHANGES_PAGE}) of a department's changes after `after`, up to
 * `until`, through its signed route, as `reader` (one of {@link RECORD_CHANGE_READERS}); throws
 * when the department cannot be read.
 */
export async function readRecordChanges(
  reader: string,
  department: { name: string; url: string },
  secret: string,
  after: ChangePosition,
  until: string,
  timeoutMs?: number,
): Promise<DepartmentChange[]> {
  const query = new URLSearchParams({ after: after.at, afterId: after.id, until, limit: String(RECORD_CHANGES_PAGE) });
  const target = `${department.url.replace(/\/graphql$/, "")}/record-changes?${query}`;
  const answer = await callService<{ changes: DepartmentChange[] }>(target, secret, {
    caller: { sub: reader, scopes: [] },
    audience: department.name,
    timeoutMs,
    receiver: `the ${department.name} department`,
  });
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
  return answer.body.changes;
}

export function installRecordChangesRoute(
  app: FastifyInstance,
  db: Kysely<{ record_changes: RecordChangesTable }>,
  callerOf: (request: FastifyRequest) => Caller | undefined,
): void {
  app.get<{ Querystring: { after?: string; afterId?: string; until?: string; limit?: string } }>("/record-changes", async (request, reply) => {
    if (!RECORD_CHANGE_READERS.includes(callerOf(request)?.sub ?? ""))
      return reply
        .code(statusOf(ErrorCodes.FORBIDDEN))
        .send(errorBody(ErrorCodes.FORBIDDEN, "Record changes are read by the audit drainer and the notices worker only"));
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
