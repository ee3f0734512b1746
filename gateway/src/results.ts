/** Rewriting what the runtime is about to send, for result-processing plugins. */
import type { ExecutionResult } from "graphql";

/**
 * `result` with `fix` applied to it, or to each result of a batch; a streamed result (async
 * iterable: no @defer/@stream here) passes unchanged. At this gateway results are plain
 * execution results (the runtime's carry an optional serializer, kept by `fix`'s spread).
 */
export function mapExecutionResults<R extends ExecutionResult>(result: R | R[] | AsyncIterable<R>, fix: (r: R) => R): R | R[] | AsyncIterable<R> {
  if (Array.isArray(result)) return result.map((r) => fix(r));
  if (Symbol.asyncIterator in result) return result;
  return fix(result);
}
