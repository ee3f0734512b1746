/**
 * A budget of lookups that find nobody. A masked ID number (`330502********1236`) hides only the
 * birth date, and `subject(id)` answers null for an unknown id, so without a budget a caller
 * without `pii:read` could test the few thousand possible dates and unmask anyone (found in
 * review: 27 operations of 30 aliases). Every `subject(id)` that comes back null without an error
 * (an outage or an invalid id is not a miss) counts against
 * the caller's token subject per hour; over the budget, operations are refused with RATE_LIMITED
 * until the hour turns. Callers with `pii:read` see ID numbers anyway and are not counted.
 *
 * The same class through writes: a mutation naming an unknown subject answers NOT_FOUND where a
 * known one gets another answer (CONFLICT, a validation error, success), so every NOT_FOUND of a
 * mutation counts as a miss too. A platform service (`service:*`) is not counted: its lookups are
 * for partners whose answers never tell an unknown subject from an ineligible one, and charging
 * them to the partner would make the refusal itself the oracle (found in review).
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { getOperationAST, Kind, type ExecutionResult, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { isPlatformService } from "../../../shared/caller.js";
import { canReadPii } from "../../../shared/scopes.js";
import { createGatewayError } from "../errors.js";
import { fragmentsOf } from "../limits.js";
import { whenKnown, type GatewayState } from "../shared-state.js";
import { callerOfContext } from "./use-auth.js";

export interface LookupBudgetOptions {
  /** Where the counts are kept (one process's, or shared by the workers). */
  state: GatewayState;
  /** Lookups that found nobody, per token subject per hour. @default 100 */
  missesPerHour?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** Response keys of the root `subject(id)` lookups of an operation, fragments expanded. */
function subjectLookupKeys(operation: OperationDefinitionNode, fragments: ReturnType<typeof fragmentsOf>): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === "subject") keys.push(s.alias?.value ?? "subject");
      } else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return [...new Set(keys)];
}

export function useLookupBudget(options: LookupBudgetOptions): GatewayPlugin {
  const now = options.now ?? Date.now;
  const limit = options.missesPerHour ?? 100;
  const { state } = options;
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const caller = callerOfContext(args.contextValue);
      if (!caller || canReadPii(caller) || isPlatformService(caller)) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== "query" && operation?.operation !== "mutation") return;
      const key = `sub:${caller.sub}`;
      // Misses are counted before the answer goes out (awaited, with workers).
      const count = (missed: number) => (missed > 0 ? whenKnown(state.hit("misses", key, missed, limit, now()), () => undefined) : undefined);
      return whenKnown(state.hit("misses", key, 0, limit - 1, now()), (retry) => {
        if (retry !== undefined) {
          const message = `Too many lookups of unknown subjects from this token (${limit} an hour); retry in ${retry} s`;
          setResultAndStopExecution({ errors: [createGatewayError("RATE_LIMITED", message, { retryAfter: retry })] });
          return;
        }
        if (operation.operation === "mutation") {
          return {
            onExecuteDone: ({ result }) => count(((result as ExecutionResult).errors ?? []).filter((e) => e.extensions?.code === "NOT_FOUND").length),
          };
        }
        const keys = subjectLookupKeys(operation, fragmentsOf(args.document.definitions));
        if (keys.length === 0) return;
        return {
          onExecuteDone({ result }) {
            const { data, errors } = result as ExecutionResult;
            // A null with an error at its path is a failure (an outage, a bad id), not "nobody".
            if (errors?.some((e) => !e.path?.length)) return; // the whole operation failed
            const failed = new Set(errors?.map((e) => e.path?.[0]));
            return count(keys.filter((k) => (data?.[k] ?? null) === null && !failed.has(k)).length);
          },
        };
      });
    },
  };
}
