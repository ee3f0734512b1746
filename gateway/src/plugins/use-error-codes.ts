/**
 * Every error a client receives carries `extensions.code`: errors raised without one (graphql-js
 * variable coercion, the runtime's own) get BAD_USER_INPUT when the request was at fault and
 * INTERNAL_SERVER_ERROR otherwise. The runtime's `serviceName` (which internal service raised
 * it) is removed: a department that matters is named by `department`.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { GraphQLError, type ExecutionResult } from "graphql";
import type { GatewayErrorCode } from "../errors.js";
import { mapExecutionResults } from "../results.js";

const REQUEST_FAULT = /^(Variable "\$|Unknown operation|Must provide|Could not determine|Expected .* but got|Syntax Error)/;

function withCode(error: GraphQLError): GraphQLError {
  const coded = typeof error.extensions?.code === "string";
  if (coded && !("serviceName" in error.extensions)) return error;
  const { serviceName: _internal, ...extensions } = error.extensions ?? {};
  const code: GatewayErrorCode = REQUEST_FAULT.test(error.message) ? "BAD_USER_INPUT" : "INTERNAL_SERVER_ERROR";
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    originalError: error.originalError,
    extensions: coded ? extensions : { ...extensions, code },
  });
}

const fix = (result: ExecutionResult): ExecutionResult => (result.errors?.length ? { ...result, errors: result.errors.map(withCode) } : result);

export interface ErrorCodesOptions {
  /** Told the codes of each result's errors (metrics). */
  onErrors?: (codes: string[]) => void;
}

export function useErrorCodes(options: ErrorCodesOptions = {}): GatewayPlugin {
  return {
    onResultProcess({ result, setResult }) {
      setResult(
        mapExecutionResults(result, (r) => {
          const fixed = fix(r);
          if (fixed.errors?.length) options.onErrors?.(fixed.errors.map((e) => String(e.extensions?.code)));
          return fixed;
        }),
      );
    },
  };
}
