/**
 * Makes a subgraph failure name its department: the runtime otherwise reports an unreachable
 * subgraph as "Unexpected error." (TOOLCHAIN.md). The failed fetch is answered with a GraphQL
 * error response carrying `DOWNSTREAM_SERVICE_ERROR` and the department, which the planner merges
 * into the result as a partial-data error on the fields that department owns.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { ErrorCodes } from "../../../shared/errors.js";

export interface DepartmentErrorsOptions {
  /** Subgraph URL → department name. */
  departmentOf: (url: string) => string | undefined;
}

const errorResponse = (message: string, department: string) =>
  new Response(JSON.stringify({ data: null, errors: [{ message, extensions: { code: ErrorCodes.DOWNSTREAM_SERVICE_ERROR, department } }] }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });

export function useDepartmentErrors(options: DepartmentErrorsOptions): GatewayPlugin {
  return {
    onFetch({ url, fetchFn, setFetchFn }) {
      const department = options.departmentOf(url);
      if (!department) return;
      setFetchFn(async (input, init, ...rest) => {
        try {
          const response = await fetchFn(input, init, ...rest);
          if (response.ok) return response;
          // A GraphQL answer with a 4xx status (mercurius: invalid variables) carries the
          // department's own coded errors: pass them on as they are.
          const text = await response.text();
          try {
            const body = JSON.parse(text);
            if (Array.isArray(body?.errors) && body.errors.length > 0) {
              return new Response(text, { status: 200, headers: { "content-type": "application/json" } });
            }
          } catch {
            // not JSON: report the status below
          }
          return errorResponse(`The ${department} department's service answered HTTP ${response.status}`, department);
        } catch (error) {
          // A system error code (ECONNREFUSED, ETIMEDOUT...) only: messages carry internal addresses.
          const text = `${(error as { code?: string })?.code ?? ""} ${(error as { cause?: { code?: string } })?.cause?.code ?? ""} ${error instanceof Error ? error.message : ""}`;
          const reason = /\bE[A-Z]{3,}\b/.exec(text)?.[0] ?? "connection failed";
          return errorResponse(`The ${department} department's service is unavailable (${reason})`, department);
        }
      });
    },
  };
}
