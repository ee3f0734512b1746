/**
 * Field access from `@authenticated` / `@requiresScopes` (Federation 2.5), decided for one field
 * of a document (plugins/use-field-authorization.ts): a refused field becomes null with an error,
 * the rest of the response stays. UNAUTHORIZED: no token; FORBIDDEN: a token without any of the
 * required scope sets (on the field or on its type).
 */
import { GraphQLError, type FieldNode } from "graphql";
import type { Caller } from "../../shared/caller.js";
import type { GatewayErrorCode } from "./errors.js";
import { satisfiesScopes } from "../../shared/scopes.js";

/** What a type or field of the supergraph demands. */
export interface AccessRule {
  /** `@authenticated` */
  authenticated: boolean;
  /** `@requiresScopes(scopes:)`: any one of the sets, each in full. */
  scopes?: string[][];
}

export interface FieldAccess {
  /** The verified caller; undefined for a request without a token. */
  caller: Caller | undefined;
  /** `Type.field`, for the message. */
  where: string;
  typeRule: AccessRule;
  fieldRule: AccessRule;
  node: FieldNode;
  /** Response path of the field (`@` for every item of a list). */
  path: string[];
}

const guarded = (rule: AccessRule) => rule.authenticated || rule.scopes !== undefined;

export function checkFieldAccess(access: FieldAccess): GraphQLError | undefined {
  const { caller, typeRule, fieldRule } = access;
  if (!guarded(typeRule) && !guarded(fieldRule)) return;
  const options = { nodes: [access.node], path: access.path };
  if (!caller) {
    return new GraphQLError(`${access.where} needs authentication: send a bearer token`, {
      ...options,
      extensions: { code: "UNAUTHORIZED" satisfies GatewayErrorCode },
    });
  }
  if (!satisfiesScopes(fieldRule.scopes, caller.scopes) || !satisfiesScopes(typeRule.scopes, caller.scopes)) {
    const requiredScopes = fieldRule.scopes ?? typeRule.scopes ?? [];
    return new GraphQLError(`${access.where} needs one of the scopes ${requiredScopes.map((s) => s.join("+")).join(", ")}`, {
      ...options,
      extensions: { code: "FORBIDDEN" satisfies GatewayErrorCode, requiredScopes },
    });
  }
}
