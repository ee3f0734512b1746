/**
 * The credit office's subject directory, as other departments see it: which of some subject ids it
 * does not know. Asked over HTTP from the credit subgraph's `_entities`, signed like a gateway
 * request (a department is inside the trust boundary; service-client.ts), in batches.
 */
import { createError, ErrorCodes } from "./errors.js";
import { callService } from "./service-client.js";
import type { FindMissingSubjects } from "./records/writes.js";

const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { id } } }`;

/** A directory check against the credit subgraph at `creditUrl`. */
export function createDirectoryClient(creditUrl: string, secret: string, department: string): FindMissingSubjects {
  return async (ids) => {
    const unique = [...new Set(ids)];
    const missing: string[] = [];
    for (let i = 0; i < unique.length; i += 500) {
      const batch = unique.slice(i, i + 500);
      const representations = batch.map((id) => ({ __typename: "Subject", id }));
      const { body: result } = await callService<{ data?: { _entities: ({ id: string } | null)[] } }>(creditUrl, secret, {
        caller: { sub: `service:${department}`, scopes: [] },
        audience: "credit",
        body: { query: QUERY, variables: { r: representations } },
        receiver: "the credit office's directory",
      });
      if (!result.data?._entities)
        throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, "The credit office's directory gave no answer", { department: "credit" });
      result.data._entities.forEach((entity, k) => {
        if (!entity) missing.push(batch[k]);
      });
    }
    return missing;
  };
}
