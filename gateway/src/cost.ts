/**
 * The estimated cost of an operation, computed from the document and its variables before any
 * subgraph is called (hive `demand-control/calculateCost.ts` does the same for list sizes):
 * every field costs 1, a field with a `first` argument multiplies what it selects by the page size
 * (the default page when absent), and expensive fields add their weight — `evaluation` and
 * `evaluationIf` gather six departments' records per subject and score them, and `evaluationIf`
 * adds a share per record in `repair`. The weights and the default limit are ours (measured
 * requests, not a published rule): a page of 100 full profiles with their evaluation costs about
 * 10,000; the amplification found in review (5 × 30 aliases × 100 subjects × both evaluations)
 * costs over 150,000 per operation.
 */
import { Kind, valueFromASTUntyped, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";
import { DEFAULT_PAGE_SIZE } from "../../shared/page-size.js";
import { RESERVED_PREFIX } from "./audit/subject-selections.js";

export interface CostWeights {
  /** Extra cost of a field by name (beyond 1). */
  fields: Record<string, number>;
  /** Extra cost per element of a list argument, by `field.argument`. */
  perListItem: Record<string, number>;
}

export const DEFAULT_WEIGHTS: CostWeights = {
  // eligibleIncentives scores the profile like the evaluation; a partner's check or redemption makes
  // the incentives service read a whole profile through the gateway.
  fields: { evaluation: 25, evaluationIf: 25, eligibleIncentives: 25, checkEligibility: 30, redeemIncentive: 30 },
  perListItem: { "evaluationIf.repair": 1 },
};

/** The paged root lists of the supergraph (`first` / `after`). */
const PAGED_LISTS = new Set(["subjects", "auditLog"]);

/** Default largest cost of one operation (`XINYI_MAX_OPERATION_COST`). */
export const DEFAULT_MAX_OPERATION_COST = 20_000;

function argumentValue(value: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!value) return undefined;
  return valueFromASTUntyped(value, variables);
}

/** The variables as the operation will see them: given values, else the declared defaults. */
function withDefaults(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    values[name] = name in variables ? variables[name] : definition.defaultValue ? valueFromASTUntyped(definition.defaultValue) : undefined;
  }
  return values;
}

/**
 * The cost of an operation. Fragments are expanded (memoised per fragment, so a fragment bomb
 * costs linear time); a cycle counts as nothing (validation refuses it anyway).
 */
export function estimateCost(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
  weights: CostWeights = DEFAULT_WEIGHTS,
): number {
  const values = withDefaults(operation, variables);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const costOf = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += costOf(selection.selectionSet);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        if (!memo.has(name)) {
          visiting.add(name);
          memo.set(name, costOf(fragment.selectionSet));
          visiting.delete(name);
        }
        total += memo.get(name)!;
      } else if (!selection.alias?.value.startsWith(RESERVED_PREFIX)) {
        // (The gateway's own tracking selections are not the client's cost.)
        const name = selection.name.value;
        let own = 1 + (weights.fields[name] ?? 0);
        // Paged lists answer a default page when `first` is absent.
        let multiplier = PAGED_LISTS.has(name) ? DEFAULT_PAGE_SIZE : 1;
        for (const argument of selection.arguments ?? []) {
          const value = argumentValue(argument.value, values);
          if (argument.name.value === "first") multiplier = typeof value === "number" && value >= 0 ? value : DEFAULT_PAGE_SIZE;
          const perItem = weights.perListItem[`${name}.${argument.name.value}`];
          if (perItem && Array.isArray(value)) own += perItem * value.length;
        }
        total += own + multiplier * (selection.selectionSet ? costOf(selection.selectionSet) : 0);
      }
    }
    return total;
  };
  return costOf(operation.selectionSet);
}
