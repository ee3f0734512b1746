/**
 * Field authorization from the supergraph's `@authenticated` / `@requiresScopes` (Federation 2.5):
 * a refused field is taken out of the document before planning, answered as null with an error at
 * its path (UNAUTHORIZED without a token, FORBIDDEN without the scopes; authorization.ts), and the
 * rest of the response stays.
 *
 * The decision depends only on the document, the operation, whether there is a caller and its
 * scopes, and the variables of `@include`/`@skip`, so it is made once for each such combination
 * and kept with the parsed document (which the runtime caches by query text): a repeated query
 * costs a map lookup instead of a walk of the document against the schema. This replaces the
 * runtime's generic-auth plugin, which decided the same on every request (measured: ~13 % of the
 * gateway's busy time on the whole-profile bench, the largest of our costs).
 */
import { removeEmptyOrUnusedNodes } from "@envelop/generic-auth/utils";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { getDirectiveExtensions, shouldIncludeNode } from "@graphql-tools/utils";
import {
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isObjectType,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLInterfaceType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import type { Caller } from "../../../shared/caller.js";
import { withDefaultsAsText } from "../argument-values.js";
import { checkFieldAccess, type AccessRule } from "../authorization.js";
import { checkSelfField, holdsSelfScope, selfAccessOf } from "../self-access.js";
import { fragmentsOf } from "../limits.js";
import { callerOfContext } from "./use-auth.js";

/** A refused field: where it sits in the response (`@` stands for every item of a list) and why. */
interface Refusal {
  path: string[];
  error: GraphQLError;
}

interface Decision {
  document: DocumentNode;
  refusals: Refusal[];
}

/** The type whose objects are subjects (a self token's own, or another's). */
const SUBJECT_TYPE = "Subject";

/** Decisions kept per document; a document asked with more combinations than this starts over. */
const MAX_DECISIONS_PER_DOCUMENT = 64;

/** The access rule of a type or field, read once from the supergraph's directives. */
function createRuleReader(): (element: GraphQLNamedType | GraphQLField<unknown, unknown>, schema: GraphQLSchema) => AccessRule {
  const rules = new WeakMap<object, AccessRule>();
  return (element, schema) => {
    let rule = rules.get(element);
    if (!rule) {
      const directives = getDirectiveExtensions<{ authenticated: object; requiresScopes: { scopes: string[][] } }>(element, schema);
      rule = { authenticated: Boolean(directives.authenticated?.length), scopes: directives.requiresScopes?.[0]?.scopes };
      rules.set(element, rule);
    }
    return rule;
  };
}

/** Names of the variables that `@include`/`@skip` read: the only variables a decision depends on. */
function directiveVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(node) {
      if (node.name.value !== "include" && node.name.value !== "skip") return;
      for (const argument of node.arguments ?? []) if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    },
  });
  return [...names];
}

/**
 * Sets null at a refusal's path in the data, in every item where the path passes a list. A parent
 * left out because all it asked for was refused is added, so the null shows where it was asked.
 */
function nullAt(data: unknown, path: readonly string[]): void {
  if (data === null || typeof data !== "object" || path.length === 0) return;
  const [head, ...rest] = path;
  if (head === "@") {
    if (Array.isArray(data)) for (const item of data) nullAt(item, rest);
    return;
  }
  if (rest.length === 0) Reflect.set(data, head, null);
  else {
    if (Reflect.get(data, head) === undefined && rest[0] !== "@") Reflect.set(data, head, {});
    nullAt(Reflect.get(data, head), rest);
  }
}

/**
 * The values `@include`/`@skip` will see: the request's variables coerced with their declared
 * defaults, as execution coerces them (a variable left out falls back to its default).
 */
function directiveValues(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  names: string[],
  raw: Readonly<Record<string, unknown>> | null | undefined,
): Record<string, unknown> {
  const given = raw ?? {};
  if (names.length === 0) return given;
  const definitions = getOperationAST(document, operationName)?.variableDefinitions ?? [];
  const coerced = getVariableValues(schema, definitions, given);
  // Variables that do not coerce fail the execution anyway; decide on what was sent.
  return coerced.coerced ?? given;
}

/** What a caller may ask of a document: the document with the refused fields pruned, and the refusals. */
function decide(
  ruleOf: ReturnType<typeof createRuleReader>,
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  caller: Caller | undefined,
  variables: Record<string, unknown>,
  /** The variables as sent (a self token's subject arguments are read from them). */
  given: Readonly<Record<string, unknown>> | null | undefined,
): Decision {
  const operation = getOperationAST(document, operationName);
  const rootType = operation && schema.getRootType(operation.operation);
  if (!operation || !rootType) return { document, refusals: [] };
  const fragments = fragmentsOf(document.definitions);
  const refused = new Set<FieldNode>();
  const refusals: Refusal[] = [];
  // A subject's own token: every field it reaches only through a self scope is bound to its own subject (self-access.ts).
  const self = selfAccessOf(caller, withDefaultsAsText(operation, given ?? {}));
  const walk = (set: SelectionSetNode, type: GraphQLNamedType | undefined, path: string[], spreads: ReadonlySet<string>, bound: boolean) => {
    for (const selection of set.selections) {
      if (!shouldIncludeNode(variables, selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type, path, spreads, bound);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !spreads.has(fragment.name.value)) {
          walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), path, new Set([...spreads, fragment.name.value]), bound);
        }
      } else if (type && !isIntrospectionType(type) && (isObjectType(type) || isInterfaceType(type))) {
        const parent: GraphQLObjectType | GraphQLInterfaceType = type;
        const field = parent.getFields()[selection.name.value];
        if (!field) continue; // __typename and introspection
        const key = selection.alias?.value ?? selection.name.value;
        // Through an interface, the field as every implementing type declares it must be allowed
        // too: a guard on one implementation is not side-stepped by asking through the interface.
        const owners = isInterfaceType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
        let error: GraphQLError | undefined;
        let selfAdmitted = false;
        for (const owner of owners) {
          const declared = owner.getFields()[field.name];
          if (!declared) continue;
          const access = { caller, where: `${owner.name}.${field.name}`, node: selection, path: [...path, key] };
          const rules = { typeRule: ruleOf(owner, schema), fieldRule: ruleOf(declared, schema) };
          error = checkFieldAccess({ ...access, ...rules });
          if (error) break;
          selfAdmitted ||= self !== undefined && checkFieldAccess({ ...access, ...rules, caller: self.others }) !== undefined;
        }
        let inside = bound;
        if (!error && self) {
          const where = `${parent.name}.${field.name}`;
          const returnsSubject = getNamedType(field.type).name === SUBJECT_TYPE;
          const verdict = checkSelfField(self, {
            field,
            node: selection,
            where,
            path: [...path, key],
            root: parent === rootType,
            selfAdmitted,
            bound,
            returnsSubject,
          });
          error = verdict.error;
          inside = verdict.bound;
        }
        if (error) {
          refused.add(selection);
          refusals.push({ path: [...path, key], error });
        } else if (selection.selectionSet) {
          const inner = isListType(getNullableType(field.type)) ? [...path, key, "@"] : [...path, key];
          walk(selection.selectionSet, getNamedType(field.type), inner, spreads, inside);
        }
      }
    }
  };
  walk(operation.selectionSet, rootType, [], new Set(), false);
  if (refused.size === 0) return { document, refusals };
  const pruned = visit(document, { Field: (node) => (refused.has(node) ? null : undefined) });
  return { document: removeEmptyOrUnusedNodes(pruned), refusals };
}

export function useFieldAuthorization(): GatewayPlugin {
  const ruleOf = createRuleReader();
  const decisions = new WeakMap<DocumentNode, { variables: string[]; byKey: Map<string, Decision> }>();

  return {
    onExecute({ args }) {
      const caller = callerOfContext(args.contextValue);
      let cached = decisions.get(args.document);
      if (!cached) {
        cached = { variables: directiveVariables(args.document), byKey: new Map() };
        decisions.set(args.document, cached);
      }
      // A self token's decision depends on its subject and the arguments naming subjects too: all its variables count.
      const selfToken = holdsSelfScope(caller);
      const values = directiveValues(args.schema, args.document, args.operationName ?? undefined, cached.variables, args.variableValues);
      const key = JSON.stringify([
        args.operationName ?? null,
        caller ? [...caller.scopes].sort() : null,
        cached.variables.map((v) => values[v] ?? null),
        ...(selfToken ? [caller?.self ?? null, args.variableValues ?? null] : []),
      ]);
      let decision = cached.byKey.get(key);
      if (!decision) {
        decision = decide(ruleOf, args.schema, args.document, args.operationName ?? undefined, caller, values, args.variableValues);
        if (cached.byKey.size >= MAX_DECISIONS_PER_DOCUMENT) cached.byKey.clear();
        cached.byKey.set(key, decision);
      }
      args.document = decision.document;
      if (decision.refusals.length === 0) return;
      const { refusals } = decision;
      return {
        onExecuteDone({ result: done, setResult }) {
          if (Symbol.asyncIterator in done) return; // no @defer/@stream on this gateway
          // Fresh errors for each response: later plugins may rewrite them.
          const errors = refusals.map(
            ({ error }) => new GraphQLError(error.message, { nodes: error.nodes, path: error.path, extensions: { ...error.extensions } }),
          );
          const data = done.data ?? {};
          for (const { path } of refusals) nullAt(data, path);
          setResult({ ...done, data, errors: [...(done.errors ?? []), ...errors] });
        },
      };
    },
  };
}
