/**
 * A platform service's client of the gateway: GraphQL over HTTP, signed (service-client.ts) with the gateway secret as
 * `service:<name>` (gateway/src/service-callers.ts), acting for the token subject that asked. The
 * gateway grants the service its own fixed scopes, audits the call with whom it acted for, and
 * applies every check (field authorization, masking, department timeouts) as for anyone.
 */
import { GATEWAY_AUDIENCE } from "./caller.js";
import type { Config } from "./config.js";
import { SERVICE_SCOPES } from "./scopes.js";
import { callService } from "./service-client.js";

export interface GatewayAnswer<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export type GatewayQuery = <T>(query: string, variables: Record<string, unknown>, on: { actingFor: string; purpose: string }) => Promise<GatewayAnswer<T>>;

export function createGatewayClient(gatewayUrl: string, secret: string, service: string, scopes: readonly string[]): GatewayQuery {
  return async (query, variables, on) => {
    const caller = { sub: `service:${service}`, scopes: [...scopes], purpose: on.purpose, actingFor: on.actingFor };
    const answer = await callService<GatewayAnswer<never>>(gatewayUrl, secret, {
      caller,
      audience: GATEWAY_AUDIENCE,
      body: { query, variables },
      timeoutMs: 15_000,
      receiver: "the gateway",
    });
    return answer.body;
  };
}

const clients = new Map<string, GatewayQuery>();

/** The gateway client of a platform service for a configuration (one per gateway, secret and service). */
export function serviceGateway(config: Pick<Config, "gatewayUrl" | "gatewaySecret">, service: string): GatewayQuery {
  const key = `${config.gatewayUrl} ${config.gatewaySecret} ${service}`;
  let client = clients.get(key);
  if (!client) {
    client = createGatewayClient(config.gatewayUrl, config.gatewaySecret, service, SERVICE_SCOPES[service] ?? []);
    clients.set(key, client);
  }
  return client;
}
