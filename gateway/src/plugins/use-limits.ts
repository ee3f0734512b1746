/**
 * Operation limits: tokens per document, depth, aliases and fields after fragment expansion,
 * reserved names (validation), and the estimated cost of each operation with its variables
 * (before execution, so before any subgraph is called): OPERATION_TOO_COSTLY over the limit,
 * RATE_LIMITED when the caller's cost budget for the minute is spent. A platform service's
 * operations (the population snapshot's pages of 2,000) are not held to the cost limit: their
 * queries are the platform's own code, and they are audited as the service.
 *
 * Each operation is admitted once, just before it runs: the token's operation count, the lookup
 * budget (use-lookup-budget.ts) and its cost are checked in turn in one call to the shared state
 * (with Redis one script: one round trip), the first refused answering RATE_LIMITED. Before the
 * audit (runtime.ts): an operation the audit refuses (no purpose, every field refused) is charged
 * like any other. One refused here by the rate limits (its token's count or cost) is not audited,
 * or a token past its limit would still write a row per operation; one refused by a budget (an
 * oracle's probe) or as too costly is handed to the audit (`onRefused`) as REFUSED: its token's
 * count comes first in the same admission and stays charged (shared-state.ts, the Redis script),
 * so those rows are bounded by the token's limit too (an anonymous caller's, by its address's, as
 * all its operations are).
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { type ExecutionArgs, type ExecutionResult, getOperationAST, type GraphQLError, parse } from "graphql";
import { isPlatformService } from "../../../shared/caller.js";
import { createGatewayError } from "../errors.js";
import { DEFAULT_MAX_OPERATION_COST, DEFAULT_WEIGHTS, estimateCost } from "../cost.js";
import { createFieldCapsRule } from "../field-caps.js";
import {
  clientSelection,
  createLimitsRule,
  createReservedNamesRule,
  DEFAULT_LIMITS,
  fragmentsOf,
  noSubscriptionsRule,
  type OperationLimits,
} from "../limits.js";
import { admit, type GatewayState, type MaybePromise, whenKnown } from "../shared-state.js";
import { RESERVED_PREFIX } from "../audit/subject-selections.js";
import { callerOfContext, requestOf } from "./use-auth.js";
import type { OperationArgs } from "./use-audit.js";
import type { OperationBudget } from "./use-lookup-budget.js";
import type { Admission, OperationCounts } from "./use-rate-limit.js";

export interface LimitsOptions extends Partial<OperationLimits> {
  /** Tokens per document (graphql-js `maxTokens`). @default 5000 */
  maxTokens?: number;
  /** Largest estimated cost of one operation. @default 20000 */
  maxCost?: number;
  /** Where the counts are kept; without it nothing is counted. */
  state?: GatewayState;
  /** What the rate limiter counts of an operation. */
  counts?: OperationCounts;
  /** The lookup budget's part of an operation. */
  budget?: (args: ExecutionArgs) => OperationBudget | undefined;
  /** Records a refusal that is a security event (a budget's, too costly) and answers what goes out: the audit's (use-audit.ts). */
  onRefused?: (args: OperationArgs, refusal: ExecutionResult) => MaybePromise<ExecutionResult>;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

export function useLimits(options: LimitsOptions = {}): GatewayPlugin {
  const maxTokens = options.maxTokens ?? 5000;
  const maxCost = options.maxCost ?? DEFAULT_MAX_OPERATION_COST;
  const rules = [createLimitsRule({ ...DEFAULT_LIMITS, ...options }), createReservedNamesRule(RESERVED_PREFIX), noSubscriptionsRule, createFieldCapsRule()];
  return {
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) => parse(source, { ...parseOptions, maxTokens }));
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      // Introspection's meta-fields are not the client's data: not costed (limits.ts bounds them).
      const cost = estimateCost(clientSelection(operation), fragmentsOf(args.document.definitions), args.variableValues ?? {}, DEFAULT_WEIGHTS, args.schema);
      const tooCostly = cost > maxCost && !isPlatformService(callerOfContext(args.contextValue));
      const request = requestOf(args.contextValue);
      const { state, counts } = options;
      const budget = options.budget?.(args);
      // In turn: the token's operation, the lookup budget, the cost (not charged for an operation refused as too costly).
      const admissions: Admission[] = [
        ...(request && counts ? counts.operation(request) : []),
        ...(budget?.checks ?? []),
        ...(request && counts && !tooCostly ? counts.cost(request, cost) : []),
      ];
      const admitted =
        state && admissions.length > 0
          ? admit(
              state,
              admissions.map((a) => a.check),
              (options.now ?? Date.now)(),
            )
          : undefined;
      // Refused, and whether that is audited: the budgets' and the cost limit's refusals, not the rate limits'.
      const refuse = (error: GraphQLError, audited: boolean) => {
        const result = { errors: [error] };
        if (!audited || !options.onRefused) return setResultAndStopExecution(result);
        return whenKnown(options.onRefused(args, result), setResultAndStopExecution);
      };
      return whenKnown(admitted, (refusal) => {
        if (refusal) return refuse(admissions[refusal.at].refuse(refusal.retry), admissions[refusal.at].audited === true);
        if (tooCostly) {
          const message = `Operation too costly: estimated cost ${cost} exceeds ${maxCost} (page sizes × selections; evaluation and evaluationIf weigh more); ask for smaller pages or fewer aliases`;
          return refuse(createGatewayError("OPERATION_TOO_COSTLY", message, { cost: { estimated: cost, max: maxCost } }), true);
        }
        const done = budget?.onExecuteDone;
        if (!done) return;
        return {
          onExecuteDone: ({ result }: { result: ExecutionResult | AsyncIterable<unknown> }) => (Symbol.asyncIterator in result ? undefined : done(result)),
        };
      });
    },
  };
}
