/**
 * Static limits on an operation, computed before execution: depth, aliases, and the number of
 * fields once fragments are expanded (catches fragment bombs). Fragments are measured once each
 * (memoised), so even an exponential fragment bomb costs linear time to refuse. Depth counts
 * fragments too (inline or spread): nesting them is nesting, and the query planner's parser
 * has a recursion limit of its own.
 *
 * Introspection's meta-fields `__schema` and `__type` at a query's root are not the client's
 * selection of data (graphql-armor's `ignoreIntrospection`, the Hive and Apollo routers do the
 * same): the standard `getIntrospectionQuery()` that GraphiQL, GraphQL Code Generator, Rover,
 * Postman and IDE plugins send is 18 deep. Those subtrees — chosen by the field's name, never its
 * alias, and only where graphql-js answers them — are measured on their own bound instead
 * (INTROSPECTION_MAX_DEPTH, and graphql-js's MaxIntrospectionDepthRule caps nested type lists);
 * everything else, `__typename` beside deep fields included, is measured as always.
 */
import { forEachField } from "./selections.js";
import type { GatewayErrorCode } from "./errors.js";
import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";

export interface OperationLimits {
  /** Deepest field nesting. @default 15 */
  maxDepth: number;
  /** Aliased fields, after fragment expansion. @default 30 */
  maxAliases: number;
  /** Fields after fragment expansion. @default 2000 */
  maxFields: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 15, maxAliases: 30, maxFields: 2000 };

/** Deepest `__schema`/`__type` subtree: getIntrospectionQuery()'s 18 (fragments counted) and a margin for tools following longer `ofType` chains. */
export const INTROSPECTION_MAX_DEPTH = 24;

const META_FIELDS = new Set(["__schema", "__type"]);

/** Whether a root selection is introspection's own `__schema`/`__type` (by field name: an alias hides nothing). */
const isMetaField = (operation: OperationDefinitionNode, selection: SelectionNode): boolean =>
  operation.operation === "query" && selection.kind === Kind.FIELD && META_FIELDS.has(selection.name.value);

/**
 * The operation's own selection: without the `__schema`/`__type` subtrees at its root (the same
 * operation when it has none), for the depth, alias, field and cost limits.
 */
export function clientSelection(operation: OperationDefinitionNode): OperationDefinitionNode {
  const { selections } = operation.selectionSet;
  if (!selections.some((s) => isMetaField(operation, s))) return operation;
  return { ...operation, selectionSet: { ...operation.selectionSet, selections: selections.filter((s) => !isMetaField(operation, s)) } };
}

/** The `__schema`/`__type` subtrees at an operation's root, as one selection set. */
const introspectionSelection = (operation: OperationDefinitionNode): SelectionSetNode => ({
  ...operation.selectionSet,
  selections: operation.selectionSet.selections.filter((s) => isMetaField(operation, s)),
});

interface Measure {
  depth: number;
  aliases: number;
  fields: number;
}

/** Measures a selection set; `fragments` by name; cycles count as empty (another rule reports them). */
export function measureSelectionSet(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  memo = new Map<string, Measure>(),
  visiting = new Set<string>(),
): Measure {
  const total: Measure = { depth: 0, aliases: 0, fields: 0 };
  for (const selection of selectionSet.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      const sub = selection.selectionSet ? measureSelectionSet(selection.selectionSet, fragments, memo, visiting) : { depth: 0, aliases: 0, fields: 0 };
      inner = { depth: sub.depth + 1, aliases: sub.aliases + (selection.alias ? 1 : 0), fields: sub.fields + 1 };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const sub = measureSelectionSet(selection.selectionSet, fragments, memo, visiting);
      inner = { ...sub, depth: sub.depth + 1 };
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      if (!memo.has(name)) {
        visiting.add(name);
        memo.set(name, measureSelectionSet(fragment.selectionSet, fragments, memo, visiting));
        visiting.delete(name);
      }
      inner = { ...memo.get(name)!, depth: memo.get(name)!.depth + 1 };
    }
    total.depth = Math.max(total.depth, inner.depth);
    total.aliases += inner.aliases;
    total.fields += inner.fields;
  }
  return total;
}

/** A validation rule refusing operations over the limits, with code OPERATION_TOO_COMPLEX. */
export function createLimitsRule(limits: OperationLimits): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument().definitions);
    return {
      OperationDefinition(node) {
        const memo = new Map<string, Measure>();
        const m = measureSelectionSet(clientSelection(node).selectionSet, fragments, memo);
        const meta = measureSelectionSet(introspectionSelection(node), fragments, memo);
        const over = [
          m.depth > limits.maxDepth && `depth ${m.depth} exceeds ${limits.maxDepth}`,
          meta.depth > INTROSPECTION_MAX_DEPTH && `introspection depth ${meta.depth} exceeds ${INTROSPECTION_MAX_DEPTH}`,
          m.aliases + meta.aliases > limits.maxAliases && `${m.aliases + meta.aliases} aliases exceed ${limits.maxAliases}`,
          m.fields > limits.maxFields && `${m.fields} fields exceed ${limits.maxFields}`,
          meta.fields > limits.maxFields && `${meta.fields} introspection fields exceed ${limits.maxFields}`,
        ].filter(Boolean);
        if (over.length > 0) {
          context.reportError(
            new GraphQLError(`Operation too complex: ${over.join("; ")}`, {
              nodes: [node],
              extensions: { code: "OPERATION_TOO_COMPLEX" satisfies GatewayErrorCode, limits },
            }),
          );
        }
      },
    };
  };
}

/**
 * A validation rule refusing every name a client could use to collide with what the gateway adds
 * to an operation — aliases, variables, fragments, operation names — with code RESERVED_NAME.
 */
export function createReservedNamesRule(prefix: string): ValidationRule {
  const reserved = (name: string | undefined) => name?.toLowerCase().startsWith(prefix.toLowerCase());
  return (context) => {
    const refuse = (what: string, name: string, node: Parameters<typeof context.reportError>[0]["nodes"]) =>
      context.reportError(
        new GraphQLError(`The ${what} "${name}" is reserved: names starting with "${prefix}" belong to the gateway`, {
          nodes: node,
          extensions: { code: "RESERVED_NAME" satisfies GatewayErrorCode },
        }),
      );
    return {
      Field(node) {
        if (reserved(node.alias?.value)) refuse("alias", node.alias!.value, [node]);
      },
      VariableDefinition(node) {
        if (reserved(node.variable.name.value)) refuse("variable", node.variable.name.value, [node]);
      },
      FragmentDefinition(node) {
        if (reserved(node.name.value)) refuse("fragment", node.name.value, [node]);
      },
      OperationDefinition(node) {
        if (reserved(node.name?.value)) refuse("operation name", node.name!.value, [node]);
      },
    };
  };
}

/** Subscriptions are not served by this gateway: refused with OPERATION_NOT_SUPPORTED. */
export const noSubscriptionsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === "subscription") {
      context.reportError(
        new GraphQLError("Subscriptions are not supported; use a query", {
          nodes: [node],
          extensions: { code: "OPERATION_NOT_SUPPORTED" satisfies GatewayErrorCode },
        }),
      );
    }
  },
});

/** The root fields an operation selects once its fragments (inline or named) are expanded. */
export function expandedRootFields(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): string[] {
  const names = new Set<string>();
  forEachField(operation.selectionSet, fragments, (field) => void names.add(field.name.value));
  return [...names];
}

/** The fragment definitions of a document by name. */
export const fragmentsOf = (definitions: readonly { kind: string }[]): Map<string, FragmentDefinitionNode> =>
  new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
