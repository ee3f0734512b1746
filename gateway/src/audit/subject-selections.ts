/**
 * Which subjects an operation touched, whatever the client selected: every selection set on
 * `Subject` gets an extra `id` under an alias no client can send (the limits refuse the reserved
 * prefix, and the suffix is random per process), read back from the result and removed before
 * the response goes out. Subject ids passed as arguments (literals or variables) count as touched
 * too: a lookup of someone who turns out unknown is still a lookup. Client-chosen fields never
 * feed the audit.
 */
import { randomBytes } from "node:crypto";
import {
  getNamedType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type ArgumentNode,
  valueFromASTUntyped,
} from "graphql";
import { parseSubjectId } from "../../../shared/ids.js";

const SUBJECT_TYPE = "Subject";
/** Names starting with this are the gateway's own; a client's alias, variable or fragment may not use it. */
export const RESERVED_PREFIX = "xinyi";
/** The alias of the added selection. */
const TRACKING_ALIAS = `${RESERVED_PREFIX}_${randomBytes(6).toString("hex")}_id`;

const trackingField: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: TRACKING_ALIAS },
  name: { kind: Kind.NAME, value: "id" },
};

const tracked = new WeakMap<DocumentNode, DocumentNode>();

/** Adds the tracking selection to every selection set on Subject (once per document: the runtime caches parsed documents). */
export function trackSubjects(document: DocumentNode, schema: GraphQLSchema): DocumentNode {
  let result = tracked.get(document);
  if (!result) {
    result = addTracking(document, schema);
    tracked.set(document, result);
  }
  return result;
}

function addTracking(document: DocumentNode, schema: GraphQLSchema): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet(node) {
        const parent = typeInfo.getParentType();
        if (!parent || getNamedType(parent).name !== SUBJECT_TYPE) return undefined;
        return { ...node, selections: [...node.selections, trackingField] };
      },
    }),
  );
}

/** Collects the tracked subject ids of a result and removes the tracking keys. Mutates `data`. */
export function collectSubjects(data: unknown): string[] {
  const ids: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const object = value as Record<string, unknown>;
    const tracked = object[TRACKING_ALIAS];
    if (typeof tracked === "string") ids.push(tracked);
    delete object[TRACKING_ALIAS];
    for (const child of Object.values(object)) walk(child);
  };
  walk(data);
  return ids;
}

/** Arguments and input fields that name a subject. */
const SUBJECT_ID_ARGUMENTS = new Set(["id", "subjectId"]);

/**
 * Valid subject ids passed where a subject is named: the `id`/`subjectId` arguments and input
 * fields, as literals or through variables the operation declares. Nothing else a client sends
 * (undeclared variables, other strings) reaches the audit.
 */
export function subjectIdsInArguments(document: DocumentNode, variables: Record<string, unknown> | undefined): string[] {
  const ids = new Set<string>();
  const consider = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) consider(item);
      return;
    }
    if (typeof value !== "string" || value.length < 18 || value.length > 20) return;
    const parsed = parseSubjectId(value);
    if (parsed.ok) ids.add(parsed.value.id);
  };
  const fromInput = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) fromInput(item);
      return;
    }
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) (SUBJECT_ID_ARGUMENTS.has(key) ? consider : fromInput)(child);
  };
  for (const node of argumentsOf(document)) {
    const value = valueFromASTUntyped(node.value, variables);
    if (SUBJECT_ID_ARGUMENTS.has(node.name.value)) consider(value);
    else fromInput(value);
  }
  return [...ids];
}

const argumentLists = new WeakMap<DocumentNode, ArgumentNode[]>();

/** Every argument of a document (found once per document). */
function argumentsOf(document: DocumentNode): ArgumentNode[] {
  let list = argumentLists.get(document);
  if (!list) {
    const found: ArgumentNode[] = [];
    visit(document, { Argument: (node) => void found.push(node) });
    argumentLists.set(document, found);
    list = found;
  }
  return list;
}
