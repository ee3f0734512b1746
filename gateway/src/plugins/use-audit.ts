/**
 * The audit log: every operation on the graph (introspection aside) appends one entry — time,
 * token subject, scopes, purpose, subjects touched, top-level fields, outcome — before its
 * response leaves. If the entry cannot be written, the data is withheld (AUDIT_UNAVAILABLE).
 * Reading subject data with `profile:read` needs a stated purpose (`X-Purpose`), PIPL Art. 6. A
 * subject's own token is recorded with the purpose `本人查询 (self…)`: the owner reading itself.
 *
 * "Which fields" and "needs a purpose" are decided on the root fields after fragments (inline or
 * named) are expanded, so `{ ... on Query { subject(id: …) } }` is what it reads. Subjects touched
 * come from the gateway's own tracking selection, from subject ids passed as arguments, and from
 * the records a mutation wrote — never from client-chosen fields.
 *
 * A mutation writes a STARTED entry before it runs (no entry, no write) and its outcome after,
 * with every record written and its stored values before and after, as the departments report
 * them (response extension `recordChanges`, taken off the department's answer
 * by department-transport.ts and handed over with `noteChanges`).
 *
 * Runs after the runtime's field authorization, which removes refused fields from the document:
 * an operation left with no field at all is answered here (the query planner cannot plan it).
 * And after the operation's admission (use-limits.ts): every entry written here, a refusal's too,
 * was charged to its token, so one token cannot write more entries than its rate limit from any
 * number of addresses (reviewer M3). An operation refused at the admission by the rate limits
 * writes none; one refused there by a budget or as too costly, once its token's count was charged,
 * is recorded REFUSED through {@link AuditPlugin.refused}, the same entry as the refusals here.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { type DocumentNode, type ExecutionArgs, type ExecutionResult, getOperationAST } from "graphql";
import { createGatewayError } from "../errors.js";
import type { RecordChange } from "../../../shared/record-changes.js";
import { Scopes } from "../../../shared/scopes.js";
import { newAuditEntryId, type AuditEntryInput } from "../../../shared/audit-store/audit-store.js";
import type { AuditWriter } from "../audit/audit-writer.js";
import { collectSubjects, subjectIdsInArguments, trackSubjects } from "../audit/subject-selections.js";
import { expandedRootFields, fragmentsOf } from "../limits.js";
import { auditPurposeOf, touchedOthersError, touchesOthers } from "../self-access.js";
import { callerOfContext } from "./use-auth.js";

/** Root fields that read subject data, so need a purpose under `profile:read`. */
const SUBJECT_ROOT_FIELDS = new Set(["subject", "subjects"]);

export interface AuditOptions {
  /** Appends an entry; resolves once it is committed. */
  write: AuditWriter;
  /** The client IP of a request's server context. */
  ipOf: (context: unknown) => string | undefined;
}

const codesOf = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) => (errors ?? []).map((e) => String(e.extensions?.code ?? "UNKNOWN"));

const unavailable = (): ExecutionResult => ({
  errors: [createGatewayError("AUDIT_UNAVAILABLE", "The audit log cannot be written; no data is returned")],
});

export interface AuditPlugin extends GatewayPlugin {
  /** Records a department reported writing for a request (department-transport.ts). */
  noteChanges(context: object, changes: RecordChange[]): void;
  /** Records an operation refused before it reached this plugin (use-limits.ts: a budget, the cost); answers `refusal`, or AUDIT_UNAVAILABLE. */
  refused(args: OperationArgs, refusal: ExecutionResult): Promise<ExecutionResult>;
}

/** An operation's arguments as the runtime hands them to a plugin (its context an object). */
export type OperationArgs = Omit<ExecutionArgs, "contextValue"> & { contextValue: object };

/** An operation's audit entries (`base` is what every one of them says) and the write that must succeed before its result goes out. */
function auditEntries(options: AuditOptions, base: Omit<AuditEntryInput, "id" | "at" | "outcome" | "subjectIds" | "errorCodes">) {
  const entry = (outcome: AuditEntryInput["outcome"], result: ExecutionResult, subjectIds: string[], extra: Partial<AuditEntryInput> = {}): AuditEntryInput => {
    const at = new Date();
    return { ...base, id: newAuditEntryId(at), at, outcome, subjectIds, errorCodes: codesOf(result.errors), ...extra };
  };
  const finish = async (result: ExecutionResult, subjectIds: string[], extra: Partial<AuditEntryInput> = {}, refused = false): Promise<ExecutionResult> => {
    const outcome = refused ? "REFUSED" : !result.errors?.length ? "OK" : result.data ? "PARTIAL" : "ERROR";
    try {
      await options.write(entry(outcome, result, subjectIds, extra));
      return result;
    } catch {
      return unavailable();
    }
  };
  return { entry, finish };
}

export function useAudit(options: AuditOptions): AuditPlugin {
  const parsed = new WeakMap<object, DocumentNode>();
  const written = new WeakMap<object, RecordChange[]>();
  /** What every entry of an operation says, as asked (before field authorization removed fields); undefined for introspection. */
  const operationOf = (args: OperationArgs) => {
    const context = args.contextValue;
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return;
    const asked = parsed.get(context) ?? args.document;
    const askedOperation = getOperationAST(asked, args.operationName) ?? operation;
    const fields = expandedRootFields(askedOperation, fragmentsOf(asked.definitions)).filter((f) => !f.startsWith("__"));
    if (fields.length === 0) return; // introspection and __typename only
    const caller = callerOfContext(context);
    const argumentIds = subjectIdsInArguments(asked, args.variableValues, args.operationName);
    const base = {
      sub: caller?.sub ?? "anonymous",
      scopes: caller?.scopes ?? [],
      purpose: auditPurposeOf(caller),
      actingFor: caller?.actingFor,
      clientIp: options.ipOf(context),
      operationName: operation.name?.value ?? args.operationName ?? undefined,
      operationType: operation.operation,
      fields,
    };
    return { operation, caller, fields, argumentIds, ...auditEntries(options, base) };
  };
  return {
    noteChanges(context, changes) {
      const list = written.get(context) ?? [];
      list.push(...changes);
      written.set(context, list);
    },
    onParse({ context }) {
      return ({ result }) => {
        if (result && "kind" in result) parsed.set(context, result);
      };
    },
    async refused(args, refusal) {
      const audited = operationOf(args);
      return audited ? audited.finish(refusal, audited.argumentIds, {}, true) : refusal;
    },
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      const audited = operationOf(args);
      if (!audited) return;
      const { operation, caller, fields, argumentIds, entry, finish } = audited;

      if (caller?.scopes.includes(Scopes.PROFILE_READ) && !caller.purpose && fields.some((f) => SUBJECT_ROOT_FIELDS.has(f))) {
        const refusal: ExecutionResult = {
          errors: [createGatewayError("PURPOSE_REQUIRED", "Reading subject profiles needs a stated purpose: send an X-Purpose header")],
        };
        return finish(refusal, argumentIds, {}, true).then(setResultAndStopExecution);
      }

      if (expandedRootFields(operation, fragmentsOf(args.document.definitions)).length === 0) {
        // Every field was refused by authorization; its errors are added to this result.
        return finish({ data: null }, argumentIds, {}, true).then(setResultAndStopExecution);
      }

      args.document = trackSubjects(args.document, args.schema);
      const resume = (follows?: string) => ({
        async onExecuteDone({ result, setResult }: { result: ExecutionResult | AsyncIterable<unknown>; setResult: (r: ExecutionResult) => void }) {
          if (Symbol.asyncIterator in result) return; // no @defer/@stream on this gateway
          const changes = written.get(context) ?? [];
          const touched = [...collectSubjects(result.data), ...changes.map((c) => c.subjectId)];
          const subjectIds = [...touched, ...argumentIds];
          // A subject's own token that reached another subject anyway: nothing goes out (self-access.ts).
          if (touchesOthers(caller, touched))
            return setResult(await finish({ data: null, errors: [touchedOthersError()] }, subjectIds, { follows, changes }, true));
          setResult(await finish(result, subjectIds, { follows, changes }));
        },
      });
      if (operation.operation !== "mutation") return resume();
      // No write without its entry: the intent is committed before the mutation runs.
      const started = entry("STARTED", {}, argumentIds);
      return options.write(started).then(
        () => resume(started.id),
        () => {
          setResultAndStopExecution(unavailable());
          return undefined;
        },
      );
    },
  };
}
