/** The incentives subgraph's per-request context: the caller, the catalogue, the policy, the gateway as a service. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import { createGatewayClient } from "../../shared/gateway-client.js";
import type { WriteScope } from "../../shared/record-changes.js";
import { SERVICE_SCOPES } from "../../shared/scopes.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import { activePolicy } from "../evaluation/policy.js";
import { activeCatalogue } from "./catalogue.js";
import type { IncentivesDB } from "./db.js";

const clients = new Map<string, ReturnType<typeof createGatewayClient>>();

/** One gateway client per gateway URL and secret (a process serves one). */
function gatewayOf(url: string, secret: string) {
  const key = `${url} ${secret}`;
  let client = clients.get(key);
  if (!client) {
    client = createGatewayClient(url, secret, "incentives", SERVICE_SCOPES.incentives);
    clients.set(key, client);
  }
  return client;
}

export function createIncentivesContext(
  db: Kysely<IncentivesDB>,
  caller: Caller,
  services: Pick<DepartmentServices, "config">,
  scope: WriteScope = { actor: caller.sub, journal: [] },
) {
  const config = services.config;
  return {
    db,
    caller,
    scope,
    catalogue: activeCatalogue(config?.incentiveCatalogueFile),
    policy: activePolicy(config?.policyFile),
    gateway: config ? gatewayOf(config.gatewayUrl, config.gatewaySecret) : undefined,
  };
}

export type IncentivesContext = ReturnType<typeof createIncentivesContext>;
