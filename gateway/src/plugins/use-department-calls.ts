/**
 * Every call to a department: bounded by a timeout, guarded by the department's circuit breaker,
 * and when it fails, answered as a GraphQL error naming the department (the runtime otherwise
 * reports an unreachable subgraph as "Unexpected error.", TOOLCHAIN.md). The planner merges that
 * answer into the result as a partial-data error on the fields the department owns, so a dead or
 * hung department costs one timeout (then, with the circuit open, nothing) — not the request.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { Response } from "@whatwg-node/fetch";
import { Agent, request } from "undici";
import { ErrorCodes } from "../../../shared/errors.js";
import type { CircuitBreaker } from "../circuit-breaker.js";

export interface DepartmentCallsOptions {
  /** Subgraph URL → department name. */
  departmentOf: (url: string) => string | undefined;
  /** Longest wait for a department's answer, in ms. */
  timeoutMsOf: (department: string) => number;
  /** The department's circuit breaker. */
  breakerOf: (department: string) => CircuitBreaker;
  /** Told of each call's outcome (metrics). */
  onCall?: (department: string, outcome: "ok" | "error" | "timeout" | "open", ms: number) => void;
}

const errorResponse = (message: string, department: string) =>
  new Response(JSON.stringify({ data: null, errors: [{ message, extensions: { code: ErrorCodes.DOWNSTREAM_SERVICE_ERROR, department } }] }), {
    status: 200,
    headers: { "content-type": "application/json" },
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

/** Plain header fields of a call (the signing plugin hands over a plain object). */
const plainHeaders = (headers: unknown): Record<string, string> =>
  headers instanceof Headers ? Object.fromEntries(headers) : { ...(headers as Record<string, string> | undefined) };

export function useDepartmentCalls(options: DepartmentCallsOptions): GatewayPlugin {
  // Department calls go out on undici's keep-alive pools, not through the runtime's fetch over
  // node:http: ~0.8 ms of gateway CPU less per whole-profile request, measured against the bare
  // runtime in the same bench runs (6.53 vs 6.00 ms before, 5.33 vs 5.65 after).
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  return {
    onDispose: () => agent.close(),
    onFetch({ url, setFetchFn }) {
      const department = options.departmentOf(url);
      if (!department) return;
      setFetchFn(async (input, init) => {
        const breaker = options.breakerOf(department);
        const started = performance.now();
        const report = (outcome: "ok" | "error" | "timeout" | "open") => options.onCall?.(department, outcome, performance.now() - started);
        if (!breaker.allow()) {
          report("open");
          return errorResponse(`The ${department} department's service is unavailable (circuit open after repeated failures)`, department);
        }
        const timeoutMs = options.timeoutMsOf(department);
        // One controller and one timer per call (AbortSignal.timeout + AbortSignal.any cost two
        // signals and measurably more), aborted by the deadline or by the runtime's own signal.
        const controller = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
        const unlink = linkTo(init?.signal ?? undefined, controller);
        try {
          const response = await request(String(input), {
            method: (init?.method ?? "POST") as "POST",
            headers: plainHeaders(init?.headers),
            body: init?.body as string | undefined,
            signal: controller.signal,
            dispatcher: agent,
          });
          // Read the body within the deadline too: a department that sends headers and hangs is hung.
          const text = await response.body.text();
          breaker.succeeded();
          report("ok");
          const headers = { "content-type": String(response.headers["content-type"] ?? "application/json") };
          // The runtime's own Response class: a text body without a web stream behind it.
          if (response.statusCode >= 200 && response.statusCode < 300) return new Response(text, { status: response.statusCode, headers });
          // A GraphQL answer with a 4xx status (mercurius: invalid variables) carries the
          // department's own coded errors: pass them on as they are.
          try {
            const body = JSON.parse(text);
            if (Array.isArray(body?.errors) && body.errors.length > 0) return new Response(text, { status: 200, headers });
          } catch {
            // not JSON: report the status below
          }
          return errorResponse(`The ${department} department's service answered HTTP ${response.statusCode}`, department);
        } catch (error) {
          breaker.failed();
          if (timedOut) {
            report("timeout");
            return errorResponse(`The ${department} department's service did not answer within ${timeoutMs} ms (TIMEOUT)`, department);
          }
          report("error");
          return errorResponse(`The ${department} department's service is unavailable (${reasonOf(error)})`, department);
        } finally {
          clearTimeout(timer);
          unlink();
        }
      });
    },
  };
}
