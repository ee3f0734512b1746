/**
 * The estimated cost of an operation, computed from the document, its variables and the schema
 * before any subgraph is called (hive `demand-control/calculateCost.ts` does the same for list
 * sizes): every field costs 1; a paged list multiplies what it selects by its page size (the
 * default page when `first` is absent), an unpaged one by its size (LIST_SIZES); expensive fields
 * add their weight, measured as what they make the whole platform spend (DEFAULT_WEIGHTS, from
 * `npm run bench:costs`), including a platform service's read made on the caller's behalf — a
 * partner's check is charged to the partner. The default limit is ours: a page of 20 whole
 * profiles costs about 2,500, a page of 100 subjects with every department's records about
 * 15,000, the amplification found in review (30 aliases × 100 subjects × both evaluations) far
 * more than the limit.
 */
import {
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from "graphql";
import { DEFAULT_PAGE_SIZE } from "../../shared/page-size.js";
import { withDefaults } from "./argument-values.js";
import { RESERVED_PREFIX } from "./audit/subject-selections.js";

export interface CostWeights {
  /** Extra cost of a field by name (beyond 1). */
  fields: Record<string, number>;
  /** Extra cost per element of a list argument, by `field.argument`. */
  perListItem: Record<string, number>;
}

/**
 * Measured with `npm run bench:costs` (bench/field-costs.bench.ts: CPU of the whole stack — the
 * gateway, the departments and the services reading back through it — per request, 2,000
 * subjects, 2 cores), in units of one plain field of one subject in a page (0.375 ms there):
 * a page's evaluation 2.6 ms a subject (7), evaluationIf 2.0 (5), eligibleIncentives 2.7 whether
 * it scores one offer or all (7), every department's records 1.75 (about 1 a department: what the
 * list sizes below give); one partner check 64.5 ms (172: a whole profile read and scored for one
 * subject, by the incentives service through the gateway, charged here to the partner who caused
 * it), a redemption the same check and a ledger write, one special report 225.5 ms (601). A
 * merchant's public code not in the credit office's cache is a whole profile read and scored for
 * one organisation, like a check: charged as one (172; so an anonymous address's cost budget
 * serves about the /merchant page's own 120 a minute).
 */
export const DEFAULT_WEIGHTS: CostWeights = {
  fields: { evaluation: 7, evaluationIf: 5, eligibleIncentives: 7, checkEligibility: 172, redeemIncentive: 180, issueCreditReport: 601, merchantCode: 172 },
  perListItem: { "evaluationIf.repair": 1 },
};

/**
 * How many elements an unpaged list field answers, by `Type.field`: the catalogue's real sizes
 * (30 offers, 35 annex projects, 13 scenario types), the dashboard's groups, and for a subject's
 * record lists the typical few. `eligibleIncentives(offerIds:)` answers as many as it names.
 * A list not named here counts as {@link DEFAULT_LIST_SIZE}.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  "IncentiveCatalogue.offers": 30,
  "IncentiveCatalogue.projects": 35,
  "IncentiveCatalogue.scenarios": 13,
  "AnnexProject.offerIds": 3,
  "Subject.eligibleIncentives": 30,
  "ProgrammeMetrics.byDistrict": 6,
  "ProgrammeMetrics.byMonth": 12,
  "ProgrammeMetrics.byScenario": 13,
  "ProgrammeMetrics.topOffers": 10,
  "ProgrammeMetrics.reportsByMonth": 12,
  "ProgrammeMetrics.repairsByMonth": 12,
  "ScoringPolicy.rules": 40,
  "RepairRulesView.rules": 20,
  // The departments' "recent" lists answer up to 20 (RECENT_BIDS, RECENT_COUPON_USES); visits are not capped.
  "PublicResourcesProfile.recentBids": 20,
  "TransportProfile.recentCouponUses": 20,
  "HealthProfile.visits": 10,
};
export const DEFAULT_LIST_SIZE = 2;

/** The paged root lists of the supergraph (`first` / `after`). */
const PAGED_LISTS = new Set(["subjects", "auditLog"]);

/** Default largest cost of one operation (`XINYI_MAX_OPERATION_COST`). */
export const DEFAULT_MAX_OPERATION_COST = 20_000;

function argumentValue(value: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!value) return undefined;
  return valueFromASTUntyped(value, variables);
}

/**
 * The cost of an operation. Fragments are expanded (memoised per fragment, so a fragment bomb
 * costs linear time); a cycle counts as nothing (validation refuses it anyway). With the schema,
 * an unpaged list multiplies what it selects by its size (LIST_SIZES), a list of scalars costs
 * its size; without one (unit tests of the page arithmetic), every unpaged list counts once.
 */
export function estimateCost(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
  weights: CostWeights = DEFAULT_WEIGHTS,
  schema?: GraphQLSchema,
): number {
  const values = withDefaults(operation, variables);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const typeNamed = (name: string | undefined) => (name && schema ? schema.getType(name) : undefined);
  const costOf = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += costOf(selection.selectionSet, typeNamed(selection.typeCondition?.name.value) ?? parent);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        if (!memo.has(name)) {
          visiting.add(name);
          memo.set(name, costOf(fragment.selectionSet, typeNamed(fragment.typeCondition.name.value)));
          visiting.delete(name);
        }
        total += memo.get(name)!;
      } else if (!selection.alias?.value.startsWith(RESERVED_PREFIX)) {
        // (The gateway's own tracking selections are not the client's cost.)
        const name = selection.name.value;
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
        let own = 1 + (weights.fields[name] ?? 0);
        // Paged lists answer a default page when `first` is absent; a connection's nodes are that page.
        const paged = PAGED_LISTS.has(name) || selection.arguments?.some((a) => a.name.value === "first");
        const connectionNodes = name === "nodes" && parent?.name.endsWith("Connection");
        let multiplier = paged
          ? DEFAULT_PAGE_SIZE
          : field && !connectionNodes && isListType(getNullableType(field.type))
            ? (LIST_SIZES[`${parent!.name}.${name}`] ?? DEFAULT_LIST_SIZE)
            : 1;
        for (const argument of selection.arguments ?? []) {
          const value = argumentValue(argument.value, values);
          if (argument.name.value === "first") multiplier = typeof value === "number" && value >= 0 ? value : DEFAULT_PAGE_SIZE;
          if (argument.name.value === "offerIds" && Array.isArray(value)) multiplier = value.length;
          const perItem = weights.perListItem[`${name}.${argument.name.value}`];
          if (perItem && Array.isArray(value)) own += perItem * value.length;
        }
        const inner = selection.selectionSet ? costOf(selection.selectionSet, field ? getNamedType(field.type) : undefined) : multiplier - 1;
        total += own + (selection.selectionSet ? multiplier * inner : inner);
      }
    }
    return total;
  };
  const root = operation.operation === "mutation" ? schema?.getMutationType() : schema?.getQueryType();
  return costOf(operation.selectionSet, root ?? undefined);
}
