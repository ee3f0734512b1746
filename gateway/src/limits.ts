/**
 * Static limits on an operation, computed before execution: depth, aliases, and the number of
 * fields once fragments are expanded (catches fragment bombs). Fragments are measured once each
 * (memoised), so even an exponential fragment bomb costs linear time to refuse.
 */
import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from "graphql";

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
export function measureSelectionSet(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, memo = new Map<string, Measure>(), visiting = new Set<string>()): Measure {
  const total: Measure = { depth: 0, aliases: 0, fields: 0 };
  for (const selection of selectionSet.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      const sub = selection.selectionSet ? measureSelectionSet(selection.selectionSet, fragments, memo, visiting) : { depth: 0, aliases: 0, fields: 0 };
      inner = { depth: sub.depth + 1, aliases: sub.aliases + (selection.alias ? 1 : 0), fields: sub.fields + 1 };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measureSelectionSet(selection.selectionSet, fragments, memo, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      if (!memo.has(name)) {
        visiting.add(name);
        memo.set(name, measureSelectionSet(fragment.selectionSet, fragments, memo, visiting));
        visiting.delete(name);
      }
      inner = memo.get(name)!;
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
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    return {
      OperationDefinition(node) {
        const m = measureSelectionSet(node.selectionSet, fragments);
        const over = [
          m.depth > limits.maxDepth && `depth ${m.depth} exceeds ${limits.maxDepth}`,
          m.aliases > limits.maxAliases && `${m.aliases} aliases exceed ${limits.maxAliases}`,
          m.fields > limits.maxFields && `${m.fields} fields exceed ${limits.maxFields}`,
        ].filter(Boolean);
        if (over.length > 0) {
          context.reportError(new GraphQLError(`Operation too complex: ${over.join("; ")}`, { nodes: [node], extensions: { code: "OPERATION_TOO_COMPLEX", limits } }));
        }
      },
    };
  };
}
