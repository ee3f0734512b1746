/**
 * Which subjects an operation touched, whatever the client selected: every selection set on
 * `Subject` gets an extra aliased `id`, read back from the result and removed before the response
 * goes out. The same walk masks persons' ID numbers for callers without `pii:read`: `Subject.id`
 * is the federation key every department joins on, so it cannot be masked in a subgraph.
 */
import {
  getNamedType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
} from "graphql";
import { parseSubjectId } from "../../../shared/ids.js";
import { maskIdNumber } from "../../../shared/masking.js";

export const SUBJECT_TYPE = "Subject";
/** The alias of the added selection; clients' own aliases cannot start with it by accident. */
export const TRACKING_ALIAS = "xinyiTrackedSubjectId__";

const trackingField: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: TRACKING_ALIAS },
  name: { kind: Kind.NAME, value: "id" },
};

export interface TrackedDocument {
  document: DocumentNode;
  /** Response keys under which the client asked for `Subject.id` (aliases included). */
  idKeys: Set<string>;
}

/** Adds the tracking selection to every selection set on Subject. */
export function trackSubjects(document: DocumentNode, schema: GraphQLSchema): TrackedDocument {
  const typeInfo = new TypeInfo(schema);
  const idKeys = new Set<string>();
  const tracked = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === "id" && typeInfo.getParentType()?.name === SUBJECT_TYPE) idKeys.add(node.alias?.value ?? "id");
      },
      SelectionSet(node) {
        const parent = typeInfo.getParentType();
        if (!parent || getNamedType(parent).name !== SUBJECT_TYPE) return undefined;
        if (node.selections.some((s) => s.kind === Kind.FIELD && s.alias?.value === TRACKING_ALIAS)) return undefined;
        return { ...node, selections: [...node.selections, trackingField] };
      },
    }),
  );
  return { document: tracked, idKeys };
}

/**
 * Collects the tracked subject ids of a result, removes the tracking keys, and masks persons' ID
 * numbers under the client's `id` keys when `mask` is set. Mutates `data`.
 */
export function collectSubjects(data: unknown, idKeys: Set<string>, mask: boolean): string[] {
  const ids: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const object = value as Record<string, unknown>;
    const tracked = object[TRACKING_ALIAS];
    if (typeof tracked === "string") {
      ids.push(tracked);
      delete object[TRACKING_ALIAS];
      if (mask) {
        const parsed = parseSubjectId(tracked);
        if (parsed.ok && parsed.value.kind === "PERSON") {
          for (const key of idKeys) if (object[key] === tracked) object[key] = maskIdNumber(tracked);
        }
      }
    }
    for (const child of Object.values(object)) walk(child);
  };
  walk(data);
  return ids;
}
