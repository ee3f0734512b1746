/**
 * Where the gateway's subgraphs are, and what it keeps per subgraph: a circuit breaker (shared
 * with the other worker processes), a timeout, and the readiness checks of `/readyz`.
 */
import { Kind, parse } from "graphql";
import type { Config } from "../../shared/config.js";
import { DEPARTMENT_NAMES } from "../../shared/departments.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { createReadiness } from "./readiness.js";
import type { WorkerLink } from "./workers.js";

interface Graph {
  name: string;
  url: string;
  timeoutMs: number;
}

/** The subgraphs a supergraph names (`join__Graph` values with their `@join__graph(name:, url:)`). */
function graphsOfSupergraph(supergraph: string): { name: string; url: string }[] {
  const graphs: { name: string; url: string }[] = [];
  for (const definition of parse(supergraph).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== "join__Graph") continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === "join__graph");
      const argument = (name: string) => {
        const node = directive?.arguments?.find((a) => a.name.value === name)?.value;
        return node?.kind === Kind.STRING ? node.value : undefined;
      };
      const [name, url] = [argument("name"), argument("url")];
      if (name && url) graphs.push({ name, url });
    }
  }
  return graphs;
}

/**
 * `ours`: the configured URLs and timeouts of our departments (signed calls, health checks);
 * otherwise the URLs the supergraph itself names, with the one subgraph timeout — for a
 * supergraph that is not ours (`npm run gateway -- --supergraph <file>`).
 */
export function locateSubgraphs(config: Config, supergraph: string, ours: boolean, workers: WorkerLink | undefined) {
  const graphs: Graph[] = ours
    ? DEPARTMENT_NAMES.map((name) => ({ name, url: config.departments[name].url, timeoutMs: config.departments[name].timeoutMs }))
    : graphsOfSupergraph(supergraph).map((graph) => ({ ...graph, timeoutMs: config.subgraphTimeoutMs }));
  const departmentByUrl = new Map(graphs.map(({ name, url }) => [url, name]));
  const timeouts = new Map(graphs.map(({ name, timeoutMs }) => [name, timeoutMs]));
  const breakers = new Map(
    graphs.map(({ name }) => [name, new CircuitBreaker({ ...config.circuit, onChange: workers && ((open, at) => workers.shareCircuit(name, open, at)) })]),
  );
  workers?.onCircuit((name, open, at) => breakers.get(name)?.adopt(open, at));
  const breakerOf = (name: string) => breakers.get(name) ?? new CircuitBreaker(config.circuit);
  const readiness = createReadiness({
    departments: graphs.map(({ name, url }) => ({ name, healthUrl: ours ? url.replace(/\/graphql$/, "/healthz") : undefined })),
    breakerOf,
    intervalMs: config.readyIntervalMs,
  });
  // Where our departments are (no in-flight de-duplication: our transport sends every call).
  const transportEntries: Record<string, { location: string }> = {};
  if (ours) for (const { name, url } of graphs) transportEntries[name] = { location: url };
  return {
    breakers,
    breakerOf,
    readiness,
    transportEntries,
    departmentOf: (url: string) => departmentByUrl.get(url),
    timeoutMsOf: (name: string) => timeouts.get(name) ?? config.subgraphTimeoutMs,
  };
}
