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
import { type DocumentNode, print } from "graphql";
import { Agent, request } from "undici";
import { pathOf, signCallerHeaders, type Caller } from "../../shared/caller.js";
import { ErrorCodes } from "../../shared/errors.js";
import { RECORD_CHANGES_HEADER, type RecordChange } from "../../shared/record-changes.js";
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
  onCall?: (department: string, outcome: "ok" | "error" | "timeout" | "open", ms: number) => void;
}

const failed = (message: string, department: string): ExecutionResult => ({
  data: null,
  errors: [createGraphQLError(message, { extensions: { code: ErrorCodes.DOWNSTREAM_SERVICE_ERROR, department } })],
});

/** A system error code (ECONNREFUSED, ETIMEDOUT…) only: messages carry internal addresses. */
function reasonOf(error: unknown): string {
  const parts = [error, (error as { cause?: unknown } | null)?.cause].map((e) => (typeof e === "object" && e !== null && "code" in e ? String(e.code) : ""));
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

/** The text of the operations the planner sends, printed once per document. */
const printed = new WeakMap<DocumentNode, string>();
function textOf(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** A department's JSON answer as a result; its errors become GraphQLErrors, as the runtime's transport made them. */
function resultOf(body: { data?: unknown; errors?: { message: string }[] }): ExecutionResult {
  if (!Array.isArray(body.errors)) return body as ExecutionResult;
  return { ...(body as ExecutionResult), errors: body.errors.map(({ message, ...rest }) => createGraphQLError(String(message), rest)) };
}

export function departmentTransport(options: DepartmentTransportOptions) {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const executorOf = (department: string, url: string): Executor => {
    const path = pathOf(url);
    return async (execution: ExecutionRequest) => {
      const breaker = options.breakerOf(department);
      const started = performance.now();
      const report = (outcome: "ok" | "error" | "timeout" | "open") => options.onCall?.(department, outcome, performance.now() - started);
      if (!breaker.allow()) {
        report("open");
        return failed(`The ${department} department's service is unavailable (circuit open after repeated failures)`, department);
      }
      const { variables, operationName, extensions, context } = execution;
      const body = JSON.stringify({
        query: textOf(execution.document),
        variables: variables && Object.keys(variables).length > 0 ? variables : undefined,
        operationName: operationName || undefined,
        extensions: extensions && Object.keys(extensions).length > 0 ? extensions : undefined,
      });
      const headers: Record<string, string> = {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        ...signCallerHeaders(options.callerOf(context), { audience: department, method: "POST", path, body }, options.secret),
      };
      const requestId = options.requestIdOf(context);
      if (requestId) headers[REQUEST_ID_HEADER] = requestId;
      const timeoutMs = options.timeoutMsOf(department);
      // One controller and one timer per call, aborted by the deadline or with the client's request.
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const upstream = execution.signal ?? execution.info?.signal ?? (context as { request?: Request } | undefined)?.request?.signal;
      const unlink = linkTo(upstream, controller);
      try {
        const response = await request(url, { method: "POST", headers, body, signal: controller.signal, dispatcher: agent });
        // Read the body within the deadline too: a department that sends headers and hangs is hung.
        const text = await response.body.text();
        breaker.succeeded();
        report("ok");
        let answer: { data?: unknown; errors?: { message: string }[]; extensions?: { recordChanges?: RecordChange[] } } | undefined;
        try {
          answer = JSON.parse(text);
        } catch {
          // not JSON: reported below
        }
        const changes = response.headers[RECORD_CHANGES_HEADER] ? answer?.extensions?.recordChanges : undefined;
        if (Array.isArray(changes) && context) {
          options.onRecordChanges(context, changes);
          delete answer!.extensions!.recordChanges;
        }
        if (response.statusCode >= 200 && response.statusCode < 300 && answer && (answer.data != null || answer.errors?.length)) return resultOf(answer);
        // A GraphQL answer with a 4xx status (mercurius: invalid variables) carries the
        // department's own coded errors: pass them on as they are.
        if (Array.isArray(answer?.errors) && answer.errors.length > 0) return resultOf({ data: null, errors: answer.errors });
        return failed(`The ${department} department's service answered HTTP ${response.statusCode}`, department);
      } catch (error) {
        breaker.failed();
        if (timedOut) {
          report("timeout");
          return failed(`The ${department} department's service did not answer within ${timeoutMs} ms (TIMEOUT)`, department);
        }
        report("error");
        return failed(`The ${department} department's service is unavailable (${reasonOf(error)})`, department);
      } finally {
        clearTimeout(timer);
        unlink();
      }
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
