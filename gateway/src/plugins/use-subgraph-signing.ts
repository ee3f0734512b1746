/**
 * Signs every request the gateway sends to a subgraph with the caller context (HMAC, shared
 * secret), so subgraphs can refuse anything that did not come through the gateway.
 */
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { pathOf, signCallerHeaders, type Caller } from "../../../shared/caller.js";
import { REQUEST_ID_HEADER } from "../../../shared/observability.js";

export interface SubgraphSigningOptions {
  /** HMAC secret shared with the subgraphs. */
  secret: string;
  /** Subgraph URL → subgraph name (the signature's audience). */
  departmentOf: (url: string) => string | undefined;
  /** The id of a request's context, passed to the departments (`x-request-id`). */
  requestIdOf?: (context: unknown) => string | undefined;
  /** The verified caller of a request's context. */
  resolveCaller: (context: object | undefined) => Caller;
}

export function useSubgraphSigning(options: SubgraphSigningOptions): GatewayPlugin {
  return {
    onFetch({ url, options: init, setOptions, context }) {
      const body = typeof init.body === "string" ? init.body : "";
      const caller = options.resolveCaller("request" in context ? context : undefined);
      const headers = new Headers(init.headers as HeadersInit | undefined);
      const requestId = options.requestIdOf?.(context);
      if (requestId) headers.set(REQUEST_ID_HEADER, requestId);
      for (const [name, value] of Object.entries(
        signCallerHeaders(caller, { audience: options.departmentOf(url) ?? "", method: init.method ?? "GET", path: pathOf(url), body }, options.secret),
      ))
        headers.set(name, value);
      setOptions({ ...init, headers: Object.fromEntries(headers) });
    },
  };
}
