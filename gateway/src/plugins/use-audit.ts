/**
 * The audit log: every operation on the graph (introspection aside) appends one entry — time,
 * token subject, scopes, purpose, subjects touched, top-level fields, outcome — before its
 * response leaves. If the entry cannot be written, the data is withheld (AUDIT_UNAVAILABLE).
 * Reading subject data with `profile:read` needs a stated purpose (`X-Purpose`), PIPL Art. 6.
 *
 * Runs after the runtime's field authorization, which removes refused fields from the document:
 * the entry names the fields the client asked for (from the parsed document), and an operation
 * left with no field at all is answered here (the query planner cannot plan an empty one).
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult, type OperationDefinitionNode } from "graphql";
import { canReadPii, Scopes } from "../../../shared/scopes.js";
import type { AuditEntryInput } from "../../../subgraphs/audit/audit.repo.js";
import type { AuditWriter } from "../audit/audit-writer.js";
import { collectSubjects, trackSubjects } from "../audit/subject-selections.js";
import { callerOf } from "./use-auth.js";

/** Root fields that read subject data, so need a purpose under `profile:read`. */
const SUBJECT_ROOT_FIELDS = new Set(["subject", "subjects"]);

export interface AuditOptions {
  /** Appends an entry; resolves once it is committed. */
  write: AuditWriter;
  /** The client IP of a request's server context. */
  ipOf: (context: unknown) => string | undefined;
}

const codesOf = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
  (errors ?? []).map((e) => String(e.extensions?.code ?? "UNKNOWN"));

const rootFields = (operation: OperationDefinitionNode | null | undefined): string[] =>
  (operation?.selectionSet.selections ?? []).flatMap((s) => (s.kind === "Field" ? [s.name.value] : ["..."])).filter((f) => !f.startsWith("__"));

export function useAudit(options: AuditOptions): GatewayPlugin {
  const parsed = new WeakMap<object, DocumentNode>();
  return {
    onParse({ context }) {
      return ({ result }) => {
        if (result && "kind" in result) parsed.set(context, result);
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as { request?: Request; req?: unknown };
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const asked = parsed.get(context);
      const fields = rootFields(asked ? getOperationAST(asked, args.operationName) : operation);
      if (fields.length === 0) return; // introspection and __typename only
      const caller = callerOf(context.request);
      const entry: Omit<AuditEntryInput, "outcome" | "errorCodes" | "subjectIds"> = {
        at: new Date(),
        sub: caller?.sub ?? "anonymous",
        scopes: caller?.scopes ?? [],
        purpose: caller?.purpose,
        clientIp: options.ipOf(context),
        operationName: operation.name?.value ?? args.operationName ?? undefined,
        operationType: operation.operation,
        fields,
      };
      const write = async (result: ExecutionResult, subjectIds: string[], refused = false): Promise<ExecutionResult> => {
        const outcome = refused ? "REFUSED" : !result.errors?.length ? "OK" : result.data ? "PARTIAL" : "ERROR";
        try {
          await options.write({ ...entry, subjectIds, outcome, errorCodes: codesOf(result.errors) });
          return result;
        } catch {
          return { errors: [new GraphQLError("The audit log cannot be written; no data is returned", { extensions: { code: "AUDIT_UNAVAILABLE" } })] };
        }
      };

      if (caller?.scopes.includes(Scopes.PROFILE_READ) && !caller.purpose && fields.some((f) => SUBJECT_ROOT_FIELDS.has(f))) {
        const refusal: ExecutionResult = {
          errors: [new GraphQLError("Reading subject profiles needs a stated purpose: send an X-Purpose header", { extensions: { code: "PURPOSE_REQUIRED" } })],
        };
        return write(refusal, [], true).then(setResultAndStopExecution);
      }

      if (operation.selectionSet.selections.length === 0) {
        // Every field was refused by authorization; its errors are added to this result.
        return write({ data: null }, [], true).then(setResultAndStopExecution);
      }

      const tracked = trackSubjects(args.document, args.schema);
      args.document = tracked.document;
      const mask = !caller || !canReadPii(caller);
      return {
        async onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return; // no @defer/@stream on this gateway
          const subjectIds = collectSubjects(result.data, tracked.idKeys, mask);
          setResult(await write(result, subjectIds));
        },
      };
    },
  };
}
