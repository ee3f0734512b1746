/** The incentives subgraph's per-request context: the caller, the catalogue, the policy, the gateway as a service. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import { serviceGateway } from "../../shared/gateway-client.js";
import type { WriteScope } from "../../shared/record-changes.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import { activePolicy } from "../evaluation/policy.js";
import { activeCatalogue } from "./catalogue.js";
import type { IncentivesDB } from "./db.js";

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
    config,
    catalogue: activeCatalogue(config?.incentiveCatalogueFile),
    policy: activePolicy(config?.policyFile),
    gateway: config ? serviceGateway(config, "incentives") : undefined,
  };
}

export type IncentivesContext = ReturnType<typeof createIncentivesContext>;
