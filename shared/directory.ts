/**
 * The credit office's subject directory, as other departments see it: which of some subject ids it
 * does not know. Asked over HTTP from the credit subgraph's `_entities`, signed like a gateway
 * request (a department is inside the trust boundary), in batches.
 */
import { pathOf, signCallerHeaders } from "./caller.js";
import { createError, ErrorCodes } from "./errors.js";
import type { FindMissingSubjects } from "./records/writes.js";

const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Subject { id } } }`;

/** A directory check against the credit subgraph at `creditUrl`. */
export function createDirectoryClient(creditUrl: string, secret: string, department: string): FindMissingSubjects {
  return async (ids) => {
    const unique = [...new Set(ids)];
    const missing: string[] = [];
    for (let i = 0; i < unique.length; i += 500) {
      const batch = unique.slice(i, i + 500);
      const body = JSON.stringify({ query: QUERY, variables: { r: batch.map((id) => ({ __typename: "Subject", id })) } });
      let result: { data?: { _entities: ({ id: string } | null)[] } };
      try {
        const response = await fetch(creditUrl, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...signCallerHeaders({ sub: `service:${department}`, scopes: [] }, { audience: "credit", method: "POST", path: pathOf(creditUrl), body }, secret),
          },
          body,
        });
        result = await response.json();
      } catch (error) {
        throw createError(
          ErrorCodes.DOWNSTREAM_SERVICE_ERROR,
          `The credit office's directory is unavailable (${(error as { cause?: { code?: string } }).cause?.code ?? "fetch failed"})`,
          { department: "credit" },
        );
      }
      if (!result.data?._entities)
        throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, "The credit office's directory gave no answer", { department: "credit" });
      result.data._entities.forEach((entity, k) => {
        if (!entity) missing.push(batch[k]);
      });
    }
    return missing;
  };
}
