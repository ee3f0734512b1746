/** Rewriting what the runtime is about to send, for result-processing plugins. */
import type { ExecutionResult } from "graphql";

/**
 * `result` with `fix` applied to it, or to each result of a batch; a streamed result (async
 * iterable: no @defer/@stream here) passes unchanged. The runtime types results as its own union;
 * at this gateway they are plain execution results.
 */
export function mapExecutionResults<T>(result: T, fix: (r: ExecutionResult) => ExecutionResult): T {
  if (Array.isArray(result)) return result.map((r: ExecutionResult) => fix(r)) as T;
  if (result === null || typeof result !== "object" || Symbol.asyncIterator in result) return result;
  return fix(result as ExecutionResult) as T;
}
