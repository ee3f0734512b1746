/** Parser and validation limits: tokens per document, depth, aliases, fields after fragment expansion. */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { parse } from "graphql";
import { createLimitsRule, DEFAULT_LIMITS, type OperationLimits } from "../limits.js";

export interface LimitsOptions extends Partial<OperationLimits> {
  /** Tokens per document (graphql-js `maxTokens`). @default 5000 */
  maxTokens?: number;
}

export function useLimits(options: LimitsOptions = {}): GatewayPlugin {
  const maxTokens = options.maxTokens ?? 5000;
  const rule = createLimitsRule({ ...DEFAULT_LIMITS, ...options });
  return {
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) => parse(source, { ...parseOptions, maxTokens }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
