/**
 * How the gateway calls a department: the runtime's `http` transport, replaced by ours.
 *
 * Every call is signed with the caller context (HMAC over the body, shared secret), so a department
 * refuses anything that did not come through the gateway; is bounded by a timeout and guarded by
 * the department's circuit breaker; and when it fails, is answered as a GraphQL error naming the
 * department (the runtime otherwise reports an unreachable subgraph as "Unexpected error.",
 * TOOLCHAIN.md). The planner merges that answer into the result as a partial-data error on the
 * fields the department owns, so a dead or hung department costs one timeout (then, with the
 * circuit open, nothing) — not the request.
 *
 * Why not the runtime's transport with fetch hooks: per call it cloned every variable looking for
 * file uploads, interpolated the URL, built web streams, and went through node:http. Here a call is
 * one JSON body on undici's keep-alive pools (measured in bench/: README).
 */
import { createGraphQLError, type ExecutionRequest, type ExecutionResult, type Executor } from "@graphql-tools/utils";
import { defaultPrintFn } from "@graphql-tools/executor-common";
import { type DocumentNode, Kind } from "graphql";
import { Agent, request } from "undici";
import { pathOf, signCallerHeaders, type Caller } from "../../shared/caller.js";
import { ErrorCodes } from "../../shared/errors.js";
import { isRecord, valueAt } from "../../shared/narrow.js";
import type { RecordChange } from "../../shared/record-changes.js";
import { REQUEST_ID_HEADER } from "../../shared/observability.js";
import type { CircuitBreaker } from "./circuit-breaker.js";

export interface DepartmentTransportOptions {
  /** Subgraph URL → department name (the signature's audience; names the timeout, breaker and errors). */
  departmentOf: (url: string) => string | undefined;
  /** HMAC secret shared with the departments. */
  secret: string;
  /** The verified caller of a request's GraphQL context. */
  callerOf: (context: unknown) => Caller;
  /** The id of a request's context, passed to the departments (`x-request-id`). */
  requestIdOf: (context: unknown) => string | undefined;
  /** Longest wait for a department's answer, in ms. */
  timeoutMsOf: (department: string) => number;
  /** The department's circuit breaker. */
  breakerOf: (department: string) => CircuitBreaker;
  /** Given the records a department reports writing for a request (taken off its answer; the audit entry's). */
  onRecordChanges: (context: object, changes: RecordChange[]) => void;
  /** Told of each call's outcome (metrics). */
  onCall?: (department: string, outcome: CallOutcome, ms: number) => void;
}

/** How a department call ended: answered, failed, timed out, refused by an open circuit, or cancelled with its request. */
export type CallOutcome = "ok" | "error" | "timeout" | "open" | "cancelled";

const failed = (message: string, department: string): ExecutionResult => ({
  data: null,
  errors: [createGraphQLError(message, { extensions: { code: ErrorCodes.DOWNSTREAM_SERVICE_ERROR, department } })],
});

/** A system error code (ECONNREFUSED, ETIMEDOUT…) only: messages carry internal addresses. */
function reasonOf(error: unknown): string {
  const parts = [error, valueAt(error, "cause")].map((e) => (isRecord(e) && "code" in e ? String(e.code) : ""));
  const text = `${parts.join(" ")} ${error instanceof Error ? error.message : ""}`;
  return /\bE[A-Z]{3,}\b/.exec(text)?.[0] ?? "connection failed";
}

/**
 * The department calls of one request, aborted with it: one listener per request signal (a page of
 * profiles makes more calls than an EventTarget likes listeners), not one per call.
 */
const linked = new WeakMap<AbortSignal, Set<AbortController>>();
function linkTo(upstream: AbortSignal | undefined, controller: AbortController): () => void {
  if (!upstream) return () => undefined;
  if (upstream.aborted) {
    controller.abort(upstream.reason);
    return () => undefined;
  }
  let calls = linked.get(upstream);
  if (!calls) {
    const set = new Set<AbortController>();
    upstream.addEventListener("abort", () => set.forEach((c) => c.abort(upstream.reason)), { once: true });
    linked.set(upstream, set);
    calls = set;
  }
  calls.add(controller);
  return () => calls.delete(controller);
}

/** The operation a call sends, as JSON (empty variables and extensions left out). */
function bodyOf({ document, variables, operationName, extensions }: ExecutionRequest): string {
  return JSON.stringify({
    // The planner's own text of the document where the runtime kept it, else printed once.
    query: defaultPrintFn(document),
    variables: variables && Object.keys(variables).length > 0 ? variables : undefined,
    operationName: operationName || undefined,
    extensions: extensions && Object.keys(extensions).length > 0 ? extensions : undefined,
  });
}

const isMutation = (document: DocumentNode) => document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === "mutation");

/** A department's answer as JSON: an object, or undefined (not JSON, or JSON of another kind). */
function parseAnswer(text: string): Record<string, unknown> | undefined {
  try {
    const answer: unknown = JSON.parse(text);
    return isRecord(answer) ? answer : undefined;
  } catch {
    return undefined; // not JSON: reported by the caller
  }
}

/**
 * A department's answer as a result, its errors as GraphQLErrors (as the runtime's transport made
 * them). Records it reports writing go to `onRecordChanges` and never further. A 4xx answer with
 * GraphQL errors (mercurius: invalid variables) carries the department's own coded errors: passed
 * on as they are. Anything else is reported by status only: a body may name internal addresses.
 */
function answerOf(department: string, status: number, text: string, onRecordChanges: (changes: RecordChange[]) => void): ExecutionResult {
  const answer = parseAnswer(text);
  const extensions = answer?.extensions;
  if (isRecord(extensions) && Array.isArray(extensions.recordChanges)) {
    onRecordChanges(extensions.recordChanges);
    delete extensions.recordChanges;
  }
  const ok = status >= 200 && status < 300;
  if (answer && Array.isArray(answer.errors) && answer.errors.length > 0) {
    const errors = answer.errors.map((e) => {
      const { message, ...rest } = isRecord(e) ? e : { message: String(e) };
      return createGraphQLError(String(message), rest);
    });
    return { ...answer, data: ok ? answer.data : null, errors };
  }
  if (ok && answer && answer.data != null) return answer;
  return failed(`The ${department} department's service answered HTTP ${status} without a GraphQL result`, department);
}

export function departmentTransport(options: DepartmentTransportOptions) {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const executorOf = (department: string, url: string): Executor => {
    const path = pathOf(url);
    const breaker = options.breakerOf(department);
    const timeoutMs = options.timeoutMsOf(department);
    return async (execution: ExecutionRequest) => {
      const started = performance.now();
      const report = (outcome: CallOutcome) => options.onCall?.(department, outcome, performance.now() - started);
      if (!breaker.allow()) {
        report("open");
        return failed(`The ${department} department's service is unavailable (circuit open after repeated failures)`, department);
      }
      const { context } = execution;
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      let unlink: () => unknown = () => undefined;
      let status: number;
      let text: string;
      try {
        const body = bodyOf(execution);
        const headers: Record<string, string> = {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/json",
          ...signCallerHeaders(options.callerOf(context), { audience: department, method: "POST", path, body }, options.secret),
        };
        const requestId = options.requestIdOf(context);
        if (requestId) headers[REQUEST_ID_HEADER] = requestId;
        // One controller and one timer per call: aborted by the deadline, or by the runtime's own
        // signal for the execution. A mutation is never cut short from outside: a write the
        // department made must reach the audit entry.
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
        if (!isMutation(execution.document)) unlink = linkTo(execution.signal ?? execution.info?.signal, controller);
        const response = await request(url, { method: "POST", headers, body, signal: controller.signal, dispatcher: agent });
        // Read the body within the deadline too: a department that sends headers and hangs is hung.
        text = await response.body.text();
        status = response.statusCode;
      } catch (error) {
        if (timedOut) {
          breaker.failed();
          report("timeout");
          return failed(`The ${department} department's service did not answer within ${timeoutMs} ms (TIMEOUT)`, department);
        }
        if (controller.signal.aborted) {
          // Cancelled with its request: says nothing about the department.
          breaker.abandoned();
          report("cancelled");
          return failed(`The call to the ${department} department was cancelled with its request`, department);
        }
        breaker.failed();
        report("error");
        return failed(`The ${department} department's service is unavailable (${reasonOf(error)})`, department);
      } finally {
        clearTimeout(timer);
        unlink();
      }
      breaker.succeeded();
      report("ok");
      return answerOf(department, status, text, (changes) => context && options.onRecordChanges(context, changes));
    };
  };
  return {
    /** The runtime asks for one executor per subgraph (`transports: { http: … }`). */
    getSubgraphExecutor: ({ subgraphName, transportEntry }: { subgraphName: string; transportEntry: { location?: string } }): Executor => {
      const url = transportEntry.location ?? "";
      return executorOf(options.departmentOf(url) ?? subgraphName, url);
    },
    close: () => agent.close(),
  };
}
