/**
 * Two budgets against existence oracles, per token subject per hour, for callers without
 * `pii:read` or `ids:read` (who see ID numbers anyway) and other than platform services.
 *
 * **Person IDs named.** Any answer to an operation that names a full person ID — `subject(id:)`,
 * `auditLog(subjectId:)`, a partner's `checkEligibility`, a filter, a write's input, a field added
 * later — may depend on whether that person exists or is eligible. So every person ID an
 * operation names anywhere in its arguments (person-ids.ts: values, not field names, so nothing
 * slips past) is counted before it runs, a "no" like a "yes"; over the budget the operation is
 * refused before execution, whatever the ID, with RATE_LIMITED. Naming the same person again that hour costs
 * nothing (a partner checks, then redeems; an analyst re-opens a profile). Readers get
 * `XINYI_PERSON_IDS_PER_HOUR` (60: 241 guesses of one birth date never get through); the writes of a
 * token that only records data (its scopes all `dept:<name>` or `code:register`) have a budget of
 * their own, `XINYI_PERSON_IDS_PER_HOUR_WRITERS` (2,000), for a day's data entry: a write's only
 * answer that tells an unknown person, NOT_FOUND, is held by the budget below. Its reads share
 * the readers' budget (a clerk's `repairApplications(subjectId:)` is a read like any other).
 *
 * **Lookups that find nobody.** A masked ID number (`330502********1236`) hides only the
 * birth date, and `subject(id)` answers null for an unknown id, so without a budget a caller
 * without `pii:read` could test the few thousand possible dates and unmask anyone (found in
 * review: 27 operations of 30 aliases). Every `subject(id)` that comes back null without an error
 * (an outage or an invalid id is not a miss) counts against
 * the caller's token subject per hour; over the budget, operations are refused with RATE_LIMITED
 * until the hour turns. Callers with `pii:read` or `ids:read` see ID numbers anyway and are not counted.
 *
 * The same class through writes: a mutation naming an unknown subject answers NOT_FOUND where a
 * known one gets another answer (CONFLICT, a validation error, success), so every NOT_FOUND of a
 * mutation counts as a miss too. A platform service (`service:*`) is not counted: its lookups are
 * for partners whose answers never tell an unknown subject from an ineligible one, and charging
 * them to the partner would make the refusal itself the oracle (found in review).
 *
 * Not a plugin of its own: its checks join the operation's one admission (use-limits.ts: with
 * Redis, one script call), after the token's operation count, and it counts the misses when the
 * operation is done. Its refusals are audited REFUSED (a probe an auditor must see), unlike the
 * rate limits'.
 */
import { getOperationAST, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from "graphql";
import { ANONYMOUS, isPlatformService } from "../../../shared/caller.js";
import { canReadIds, Scopes } from "../../../shared/scopes.js";
import { createGatewayError } from "../errors.js";
import { fragmentsOf } from "../limits.js";
import { personIdsNamed } from "../person-ids.js";
import { forEachField } from "../selections.js";
import { whenKnown, type GatewayState, type MaybePromise } from "../shared-state.js";
import { callerOfContext } from "./use-auth.js";
import type { Admission } from "./use-rate-limit.js";

export interface LookupBudgetOptions {
  /** Where the counts are kept (one process's, or shared by the workers). */
  state: GatewayState;
  /** Lookups that found nobody, per token subject per hour. @default 100 */
  missesPerHour?: number;
  /** Distinct person IDs named, per token subject per hour. @default 60 */
  personIdsPerHour?: number;
  /** The same for tokens that only record data (dept:<name>, code:register). @default 2000 */
  personIdsPerHourWriters?: number;
  /** The client address of a request's context, which counts anonymous callers. */
  ipOf?: (context: unknown) => string;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** An operation's part of the budget: the checks before it runs, and the count of misses once it is done. */
export interface OperationBudget {
  checks: Admission[];
  onExecuteDone?: (result: ExecutionResult) => MaybePromise<void>;
}

/** Response keys of the root `subject(id)` lookups of an operation, fragments expanded. */
function subjectLookupKeys(operation: OperationDefinitionNode, fragments: ReturnType<typeof fragmentsOf>): string[] {
  const keys = new Set<string>();
  forEachField(operation.selectionSet, fragments, (field) => {
    if (field.name.value === "subject") keys.add(field.alias?.value ?? "subject");
    return false;
  });
  return [...keys];
}

/** A token whose every scope records data: a department's clerks, the 诚信码 channel. */
export const onlyRecordsData = (scopes: readonly string[]): boolean =>
  scopes.length > 0 && scopes.every((s) => s.startsWith("dept:") || s === Scopes.CODE_REGISTER);

const refusal = (message: string) => (retry: number) => createGatewayError("RATE_LIMITED", `${message}; retry in ${retry} s`, { retryAfter: retry });

/** The budget of an operation; undefined for callers it does not hold (pii:read, ids:read, platform services) and for introspection-only kinds. */
export function lookupBudget(options: LookupBudgetOptions): (args: ExecutionArgs) => OperationBudget | undefined {
  const now = options.now ?? Date.now;
  const limit = options.missesPerHour ?? 100;
  const readerIds = options.personIdsPerHour ?? 60;
  const writerIds = options.personIdsPerHourWriters ?? 2000;
  const { state } = options;
  return (args) => {
    const caller = callerOfContext(args.contextValue) ?? ANONYMOUS;
    if (canReadIds(caller) || isPlatformService(caller)) return;
    const operation = getOperationAST(args.document, args.operationName);
    if (operation?.operation !== "query" && operation?.operation !== "mutation") return;
    // Anonymous callers are counted by address (no field of theirs should take an ID; if one does, it is held).
    const key = caller === ANONYMOUS ? `ip:${options.ipOf?.(args.contextValue) ?? "unknown"}` : `sub:${caller.sub}`;
    // Misses are counted before the answer goes out (awaited, with workers or Redis).
    const count = (missed: number) => (missed > 0 ? whenKnown(state.hit("misses", key, missed, limit, now()), () => undefined) : undefined);
    const fragments = fragmentsOf(args.document.definitions);
    const named = personIdsNamed(operation, fragments, args.variableValues ?? {});
    // Data entry: a write by a token that only records data has its own, larger budget.
    const entry = operation.operation === "mutation" && onlyRecordsData(caller.scopes);
    const idLimit = entry ? writerIds : readerIds;
    const checks: Admission[] = [];
    if (named.length > 0) {
      const refuse = refusal(`Too many person ID numbers named by this token without pii:read (${idLimit} an hour)`);
      checks.push({ check: { personIds: named, key: entry ? `writes:${key}` : key, limit: idLimit }, refuse, audited: true });
    }
    // Nothing added: refused once the hour's misses reached the limit.
    checks.push({
      check: { windows: "misses", key, amount: 0, limit: limit - 1 },
      refuse: refusal(`Too many lookups of unknown subjects from this token (${limit} an hour)`),
      audited: true,
    });
    if (operation.operation === "mutation") {
      return { checks, onExecuteDone: (result) => count((result.errors ?? []).filter((e) => e.extensions?.code === "NOT_FOUND").length) };
    }
    const keys = subjectLookupKeys(operation, fragments);
    if (keys.length === 0) return { checks };
    return {
      checks,
      onExecuteDone({ data, errors }) {
        // A null with an error at its path is a failure (an outage, a bad id), not "nobody".
        if (errors?.some((e) => !e.path?.length)) return; // the whole operation failed
        const failed = new Set(errors?.map((e) => e.path?.[0]));
        return count(keys.filter((k) => (data?.[k] ?? null) === null && !failed.has(k)).length);
      },
    };
  };
}
