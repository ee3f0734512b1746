/**
 * Which subjects an operation touched, whatever the client selected and whatever the entry point:
 * every selection set on a type that belongs to a subject gets an extra selection of its subject's
 * id — `Subject.id`, or the `subjectId` field every other such type exposes (a department record,
 * an application, a report, a verification, a redemption…) — under an alias no client can send
 * (the limits refuse the reserved prefix, and the suffix is random per process), read back from
 * the result and removed before the response goes out. So `creditReport(number)`,
 * `/verify/<number>`, `approveCreditRepair(applicationId)` or `correctTaxViolation(id)` are recorded
 * under their subject like `subject(id)`. Inside a selection already tracked (a subject's records
 * under `Subject`), nested types are not tracked again. Subject ids passed as arguments (literals or
 * variables) count as touched too: a lookup of someone who turns out unknown is still a lookup.
 * Client-chosen fields never feed the audit.
 */
import { randomBytes } from "node:crypto";
import {
  getNamedType,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type ArgumentNode,
} from "graphql";
import { parseSubjectId } from "../../../shared/ids.js";
import { argumentValue, stringsOf, withDefaultsAsText } from "../argument-values.js";

const SUBJECT_TYPE = "Subject";
/** The field by which every other type that belongs to a subject names it. */
const SUBJECT_ID_FIELD = "subjectId";
/** Names starting with this are the gateway's own; a client's alias, variable or fragment may not use it. */
export const RESERVED_PREFIX = "xinyi";
/** The alias of the added selection. */
const TRACKING_ALIAS = `${RESERVED_PREFIX}_${randomBytes(6).toString("hex")}_id`;

const trackingField = (name: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: TRACKING_ALIAS },
  name: { kind: Kind.NAME, value: name },
});
const trackingFields = { id: trackingField("id"), [SUBJECT_ID_FIELD]: trackingField(SUBJECT_ID_FIELD) };

/** The field that names a type's subject: `id` on Subject, `subjectId` on a type that has one, else none. */
function subjectFieldOf(type: GraphQLNamedType): FieldNode | undefined {
  if (type.name === SUBJECT_TYPE) return trackingFields.id;
  if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
  const field = type.getFields()[SUBJECT_ID_FIELD];
  return field && getNamedType(field.type).name === "ID" ? trackingFields[SUBJECT_ID_FIELD] : undefined;
}

const tracked = new WeakMap<DocumentNode, DocumentNode>();

/** Adds the tracking selection to every selection set on a type that names its subject (once per document: the runtime caches parsed documents). */
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
  // Per open selection set: whether it or one around it is tracked already.
  const covered: boolean[] = [];
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet: {
        enter(node) {
          const parent = typeInfo.getParentType();
          const field = parent ? subjectFieldOf(getNamedType(parent)) : undefined;
          const around = covered.at(-1) ?? false;
          covered.push(around || Boolean(field));
          // A subject is tracked wherever it appears; a type naming its subject only outside a tracked selection.
          if (!field || (around && field !== trackingFields.id)) return undefined;
          return { ...node, selections: [...node.selections, field] };
        },
        leave() {
          covered.pop();
        },
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
export function subjectIdsInArguments(
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  operationName?: string | null,
): string[] {
  const ids = new Set<string>();
  // Strings, and digits as execution coerces them to an ID (an Int literal, a JSON number).
  const consider = (value: unknown) => {
    for (const text of stringsOf(value)) {
      if (text.length < 18 || text.length > 20) continue;
      const parsed = parseSubjectId(text);
      if (parsed.ok) ids.add(parsed.value.id);
    }
  };
  const fromInput = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) fromInput(item);
      return;
    }
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) (SUBJECT_ID_ARGUMENTS.has(key) ? consider : fromInput)(child);
  };
  const operation = getOperationAST(document, operationName);
  const given = operation ? withDefaultsAsText(operation, variables ?? {}) : (variables ?? {});
  for (const node of argumentsOf(document)) {
    const value = argumentValue(node.value, given);
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
