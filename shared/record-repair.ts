/**
 * Repairs of department records (信用修复) are decided by the credit office's process (application,
 * materials, review) and carried out in the owning department: every record department serves two
 * internal routes, for the credit office's service identity only (`service:credit`, signed like any
 * subgraph request): `POST /records/<id>/repair` closes a record as REPAIRED on the approval date,
 * `POST /records/<id>/reinstate` reopens one whose repair commitment was broken. Each writes its
 * change row (before/after) in the department and returns it for the credit office's audit entry.
 *
 * A refusal is answered as GraphQL errors are, `{ errors: [{ message, extensions: { code } }] }`,
 * with the code's status (shared/errors.ts): FORBIDDEN 403, BAD_USER_INPUT 400, NOT_FOUND 404,
 * CONFLICT 409, INTERNAL_SERVER_ERROR 500.
 *
 * Both are idempotent: the credit office retries a call whose answer it never got (its application
 * stays APPROVING or REINSTATING until it knows), so a record already repaired by the same
 * application, or already active again, is answered as done, with no change.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { GraphQLError } from "graphql";
import type { Caller } from "./caller.js";
import type { Config } from "./config.js";
import type { AnyDatabase } from "./db.js";
import { createError, type ErrorBody, errorBody, ErrorCodes, isErrorCode, statusOf } from "./errors.js";
import type { RecordChange, WriteScope } from "./record-changes.js";
import { type RecordColumns, recordTables } from "./records/table.js";
import { type RecordFields, toRecordFields } from "./records/fields.js";
import { writeWithChange } from "./records/writes.js";
import { isIsoDate } from "./scalars.js";
import { callService } from "./service-client.js";

/** The only caller the repair routes serve. */
export const REPAIR_SERVICE = "service:credit";

export interface RepairRouteSpec {
  db: AnyDatabase;
  department: string;
  table: string;
}

/** The record, and the change the call made (null: it was done already, by an earlier call of the same step). */
type Done = { record: RecordFields; change: RecordChange | null };
type Answer = Done | ErrorBody;

/** A refusal as the route answers it: a coded error keeps its code and message, anything else is ours. */
const refusalOf = (error: unknown): ErrorBody => {
  const code = error instanceof GraphQLError ? String(error.extensions.code ?? "") : "";
  if (error instanceof GraphQLError && isErrorCode(code)) return errorBody(code, error.message);
  return errorBody(ErrorCodes.INTERNAL_SERVER_ERROR, "The department could not carry out the step");
};

export function installRepairRoutes(app: FastifyInstance, spec: RepairRouteSpec, callerOf: (request: FastifyRequest) => Caller | undefined): void {
  const change = async (
    id: string,
    actor: string,
    action: "REPAIR" | "REINSTATE",
    done: (row: RecordColumns) => boolean,
    patch: (row: RecordColumns) => Partial<RecordColumns>,
  ): Promise<Answer> => {
    const scope: WriteScope = { actor, journal: [] };
    const store = { db: spec.db, department: spec.department, table: spec.table, categories: [], findMissingSubjects: async () => [], scope };
    try {
      const current = await recordTables(spec.db).selectFrom(spec.table).selectAll().where("id", "=", id).executeTakeFirst();
      if (current && done(current)) return { record: toRecordFields(current), change: null };
      const row = await writeWithChange(store, async (trx) => {
        const current = await trx.selectFrom(spec.table).selectAll().where("id", "=", id).executeTakeFirst();
        if (!current) throw createError(ErrorCodes.NOT_FOUND, `No record "${id}"`);
        const next = patch(current);
        const after = await trx
          .updateTable(spec.table)
          .set({ ...next, updated_at: new Date().toISOString() })
          .where("id", "=", id)
          .where("status", "=", current.status)
          .returningAll()
          .executeTakeFirst();
        if (!after) throw createError(ErrorCodes.CONFLICT, `Record "${id}" changed meanwhile`);
        return { before: current, after, action };
      });
      return { record: toRecordFields(row), change: scope.journal[0] };
    } catch (error) {
      return refusalOf(error);
    }
  };
  const send = (reply: FastifyReply, answer: Answer) => reply.code("errors" in answer ? statusOf(answer.errors[0].extensions.code) : 200).send(answer);
  const guard = (request: FastifyRequest) => {
    const caller = callerOf(request);
    return caller?.sub === REPAIR_SERVICE ? caller : undefined;
  };
  app.post<{ Params: { id: string }; Body: { repairedOn?: string; applicationId?: string } }>("/records/:id/repair", async (request, reply) => {
    const caller = guard(request);
    if (!caller) return send(reply, errorBody(ErrorCodes.FORBIDDEN, "Repairs are carried out for the credit office only"));
    const { repairedOn, applicationId } = request.body ?? {};
    if (!repairedOn || !isIsoDate(repairedOn) || !applicationId)
      return send(reply, errorBody(ErrorCodes.BAD_USER_INPUT, "repairedOn and applicationId are required"));
    const basis = `信用修复申请 ${applicationId}`;
    const answer = await change(
      request.params.id,
      `${caller.sub} (${caller.actingFor ?? "?"})`,
      "REPAIR",
      (row) => row.status === "REPAIRED" && row.closure_basis === basis,
      (row) => {
        if (row.status !== "ACTIVE") throw createError(ErrorCodes.CONFLICT, `Record "${row.id}" is not active (${row.status})`);
        return { status: "REPAIRED", closed_on: repairedOn, closure_basis: basis };
      },
    );
    return send(reply, answer);
  });
  app.post<{ Params: { id: string }; Body: { reason?: string } }>("/records/:id/reinstate", async (request, reply) => {
    const caller = guard(request);
    if (!caller) return send(reply, errorBody(ErrorCodes.FORBIDDEN, "Reinstatements are carried out for the credit office only"));
    const answer = await change(
      request.params.id,
      `${caller.sub} (${request.body?.reason ?? "commitment broken"})`,
      "REINSTATE",
      // Only the credit office's claimed reinstatement of an approved repair calls this: an active record is its own earlier call.
      (row) => row.status === "ACTIVE",
      (row) => {
        if (row.status !== "REPAIRED") throw createError(ErrorCodes.CONFLICT, `Record "${row.id}" is not repaired (${row.status})`);
        return { status: "ACTIVE", closed_on: null, closure_basis: null };
      },
    );
    return send(reply, answer);
  });
}

/**
 * The credit office's call of a department's repair route. Throws the department's coded error when
 * it answered one (its write is one transaction: the step was not done), or DOWNSTREAM_SERVICE_ERROR
 * when no answer came (the step may or may not have been done: retry, the routes are idempotent).
 */
export async function callRepairRoute(
  config: Pick<Config, "departments" | "gatewaySecret">,
  department: string,
  path: string,
  body: Record<string, unknown>,
  actingFor: string,
): Promise<Done> {
  const base = Object.entries(config.departments).find(([name]) => name === department)?.[1].url;
  if (!base) throw createError(ErrorCodes.BAD_USER_INPUT, `No department "${department}"`);
  const url = base.replace(/\/graphql$/, path);
  const answer = await callService<Answer>(url, config.gatewaySecret, {
    caller: { sub: REPAIR_SERVICE, scopes: [], actingFor },
    audience: department,
    body,
    receiver: `the ${department} department`,
  });
  const { status, body: answered } = answer;
  if ("errors" in answered && Array.isArray(answered.errors) && answered.errors.length > 0) {
    const [first] = answered.errors;
    // A code of no table is no answer we understand: as if none came (the application stays claimed, to be retried).
    const given = String(first.extensions?.code ?? "");
    throw createError(isErrorCode(given) ? given : ErrorCodes.DOWNSTREAM_SERVICE_ERROR, first.message, { department });
  }
  if (status !== 200 || !("record" in answered))
    throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, `The ${department} department answered HTTP ${status} without a result`, { department });
  return answered;
}
