/**
 * Static limits on an operation, computed before execution: depth, aliases, and the number of
 * fields once fragments are expanded (catches fragment bombs). Fragments are measured once each
 * (memoised), so even an exponential fragment bomb costs linear time to refuse. Depth counts
 * fragments too (inline or spread): nesting them is nesting, and the query planner's parser
 * has a recursion limit of its own.
 */
import type { GatewayErrorCode } from "./errors.js";
import { GraphQLError, Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValidationRule } from "graphql";

export interface OperationLimits {
  /** Deepest field nesting. @default 15 */
  maxDepth: number;
  /** Aliased fields, after fragment expansion. @default 30 */
  maxAliases: number;
  /** Fields after fragment expansion. @default 2000 */
  maxFields: number;
}

export const DEFAULT_LIMITS: OperationLimits = { maxDepth: 15, maxAliases: 30, maxFields: 2000 };

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
        const m = measureSelectionSet(node.selectionSet, fragments);
        const over = [
          m.depth > limits.maxDepth && `depth ${m.depth} exceeds ${limits.maxDepth}`,
          m.aliases > limits.maxAliases && `${m.aliases} aliases exceed ${limits.maxAliases}`,
          m.fields > limits.maxFields && `${m.fields} fields exceed ${limits.maxFields}`,
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
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return [...names];
}

/** The fragment definitions of a document by name. */
export const fragmentsOf = (definitions: readonly { kind: string }[]): Map<string, FragmentDefinitionNode> =>
  new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
