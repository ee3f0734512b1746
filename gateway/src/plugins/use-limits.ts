/**
 * Operation limits: tokens per document, depth, aliases and fields after fragment expansion,
 * reserved names (validation), and the estimated cost of each operation with its variables
 * (before execution, so before any subgraph is called): OPERATION_TOO_COSTLY over the limit,
 * RATE_LIMITED when the caller's cost budget for the minute is spent. A platform service's
 * operations (the population snapshot's pages of 2,000) are not held to the cost limit: their
 * queries are the platform's own code, and they are audited as the service.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { getOperationAST, parse } from "graphql";
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
import { whenKnown } from "../shared-state.js";
import { RESERVED_PREFIX } from "../audit/subject-selections.js";
import { callerOfContext, requestOf } from "./use-auth.js";
import type { ChargeCost } from "./use-rate-limit.js";

export interface LimitsOptions extends Partial<OperationLimits> {
  /** Tokens per document (graphql-js `maxTokens`). @default 5000 */
  maxTokens?: number;
  /** Largest estimated cost of one operation. @default 20000 */
  maxCost?: number;
  /** Charges an operation's cost to its caller's budget (the rate limiter). */
  chargeCost?: ChargeCost;
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
      const cost = estimateCost(
        clientSelection(operation),
        fragmentsOf(args.document.definitions),
        (args.variableValues ?? {}) as Record<string, unknown>,
        DEFAULT_WEIGHTS,
        args.schema,
      );
      if (cost > maxCost && !isPlatformService(callerOfContext(args.contextValue))) {
        const message = `Operation too costly: estimated cost ${cost} exceeds ${maxCost} (page sizes × selections; evaluation and evaluationIf weigh more); ask for smaller pages or fewer aliases`;
        setResultAndStopExecution({ errors: [createGatewayError("OPERATION_TOO_COSTLY", message, { cost: { estimated: cost, max: maxCost } })] });
        return;
      }
      const request = requestOf(args.contextValue);
      if (!request || !options.chargeCost) return;
      return whenKnown(options.chargeCost(request, cost), (retry) => {
        if (!retry) return;
        setResultAndStopExecution({
          errors: [
            createGatewayError(
              "RATE_LIMITED",
              `The cost budget of this ${callerOfContext(args.contextValue) ? "token" : "address"} is spent for this minute; retry in ${retry} s`,
              { retryAfter: retry },
            ),
          ],
        });
      });
    },
  };
}
