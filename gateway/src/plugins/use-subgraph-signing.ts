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
  // The paths of the subgraph URLs the gateway calls (a handful, from its own configuration).
  const paths = new Map<string, string>();
  const pathOfSubgraph = (url: string) => {
    let path = paths.get(url);
    if (path === undefined) {
      path = pathOf(url);
      if (paths.size >= 100) paths.clear();
      paths.set(url, path);
    }
    return path;
  };
  return {
    onFetch({ url, options: init, setOptions, context }) {
      const body = typeof init.body === "string" ? init.body : "";
      const caller = options.resolveCaller("request" in context ? context : undefined);
      const given = init.headers as Record<string, string> | Headers | undefined;
      const headers: Record<string, string> = given instanceof Headers ? Object.fromEntries(given) : { ...given };
      const requestId = options.requestIdOf?.(context);
      if (requestId) headers[REQUEST_ID_HEADER] = requestId;
      const signed = { audience: options.departmentOf(url) ?? "", method: init.method ?? "GET", path: pathOfSubgraph(url), body };
      setOptions({ ...init, headers: Object.assign(headers, signCallerHeaders(caller, signed, options.secret)) });
    },
  };
}
