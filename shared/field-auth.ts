/**
 * Defence in depth: a subgraph enforces its own `@authenticated` and `@requiresScopes` on the
 * verified caller, as the gateway does, so a signed request whose caller lacks a scope gets
 * nothing either (DESIGN.md "Security model"). A refused field resolves to a FORBIDDEN error.
 */
import { defaultFieldResolver, GraphQLError, isObjectType, valueFromASTUntyped, type ConstDirectiveNode, type GraphQLSchema } from "graphql";
import type { Caller } from "./caller.js";
import { ErrorCodes } from "./errors.js";
import { satisfiesScopes } from "./scopes.js";

interface Requirement {
  authenticated: boolean;
  scopes?: string[][];
}

function requirementOf(directives: readonly ConstDirectiveNode[] | undefined): Requirement | undefined {
  const authenticated = directives?.some((d) => d.name.value === "authenticated") ?? false;
  const scopesArg = directives?.find((d) => d.name.value === "requiresScopes")?.arguments?.find((a) => a.name.value === "scopes");
  const scopes = scopesArg ? (valueFromASTUntyped(scopesArg.value) as string[][]) : undefined;
  return authenticated || scopes ? { authenticated: authenticated || Boolean(scopes), scopes } : undefined;
}

/** Whether a verified caller meets a field's requirement; `anonymous` is not authenticated. */
const meets = (requirement: Requirement, caller: Caller | undefined): boolean =>
  Boolean(caller) && (!requirement.authenticated || caller!.sub !== "anonymous") && satisfiesScopes(requirement.scopes, caller!.scopes);

/**
 * Wraps, in place, the resolver of every object field that carries (or whose type carries) an
 * auth directive. `callerOf` reads the verified caller from the request context.
 */
export function enforceFieldAuth(schema: GraphQLSchema, callerOf: (context: unknown) => Caller | undefined): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const typeRequirement = requirementOf(type.astNode?.directives);
    for (const field of Object.values(type.getFields())) {
      const fieldRequirement = requirementOf(field.astNode?.directives);
      const requirements = [typeRequirement, fieldRequirement].filter((r): r is Requirement => Boolean(r));
      if (requirements.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const where = `${type.name}.${field.name}`;
      field.resolve = (source, args, context, info) => {
        const caller = callerOf(context);
        if (!requirements.every((r) => meets(r, caller))) {
          throw new GraphQLError(`${where}: the caller's scopes do not allow this field`, { extensions: { code: ErrorCodes.FORBIDDEN } });
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
