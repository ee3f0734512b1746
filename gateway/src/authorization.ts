/**
 * Field access from `@authenticated` / `@requiresScopes` (Federation 2.5) for the generic-auth
 * plugin of the Hive runtime: a refused field becomes null with an error, the rest of the response
 * stays. UNAUTHORIZED: no token; FORBIDDEN: a token without any of the required scope sets.
 */
import type { ValidateUserFnParams } from "@envelop/generic-auth";
import { GraphQLError } from "graphql";
import type { Caller } from "../../shared/caller.js";
import type { GatewayErrorCode } from "./errors.js";
import { satisfiesScopes } from "../../shared/scopes.js";

export function validateFieldAccess(params: ValidateUserFnParams<Caller | null>): GraphQLError | undefined {
  const { fieldScopes, typeScopes, fieldAuthArgs, typeAuthArgs, user, userScopes } = params;
  if (!fieldScopes && !typeScopes && !fieldAuthArgs && !typeAuthArgs) return;
  const where = `${params.parentType.name}.${params.field.name}`;
  const options = { nodes: [params.fieldNode], path: [...params.path] };
  if (!user) {
    return new GraphQLError(`${where} needs authentication: send a bearer token`, {
      ...options,
      extensions: { code: "UNAUTHORIZED" satisfies GatewayErrorCode },
    });
  }
  if (!satisfiesScopes(fieldScopes, userScopes) || !satisfiesScopes(typeScopes, userScopes)) {
    const requiredScopes = fieldScopes ?? typeScopes ?? [];
    return new GraphQLError(`${where} needs one of the scopes ${requiredScopes.map((s) => s.join("+")).join(", ")}`, {
      ...options,
      extensions: { code: "FORBIDDEN" satisfies GatewayErrorCode, requiredScopes },
    });
  }
}
