/**
 * A subject's own token (`self:read`, `self:write`, claim `self`): what it may reach. The scope
 * directives admit `self:read` on the directory, every department's records of a subject, the
 * evaluation and the offers (shared/scopes.ts), so by scopes alone such a token could read anyone;
 * this is the rule that binds it to its own subject, for every route to the executor:
 *
 * - statically, on the document (plugins/use-field-authorization.ts): a field admitted only
 *   through a self scope is either a root field whose `id`/`subjectId` argument — inline, through a
 *   variable, its default, aliased, in a fragment — is the token's own subject, or a field inside
 *   what such a root field returned. Anything else (a list of subjects, a root field without a
 *   subject argument, another subject's id, a subject reached inside another object) is FORBIDDEN
 *   at its path, like a missing scope;
 * - on the result (plugins/use-audit.ts): for a token holding only self scopes, a response that
 *   touched any subject but its own (the audit's tracking of every object that names a subject) is
 *   withheld whole, FORBIDDEN.
 *
 * The owner reads itself unmasked: `mayReadUnmasked` (shared/scopes.ts) in the gateway's masking
 * and the subgraphs'.
 */
import { GraphQLError, type FieldNode, type GraphQLField } from "graphql";
import type { Caller } from "../../shared/caller.js";
import { parseSubjectId } from "../../shared/ids.js";
import { SELF_SCOPES } from "../../shared/scopes.js";
import { argumentValue } from "./argument-values.js";
import { createGatewayError, type GatewayErrorCode } from "./errors.js";

/** The arguments by which a root field names its subject. */
const SUBJECT_ARGUMENTS = ["id", "subjectId"];

/** What the static rule needs of a caller holding a self scope. */
export interface SelfAccess {
  /** The subject the token is (its `self` claim, canonical). */
  self: string;
  /** The same caller without its self scopes: what it may read as anyone. */
  others: Caller;
  /** The operation's variables with their declared defaults. */
  variables: Record<string, unknown>;
}

/** Whether a caller holds a self scope. */
export const holdsSelfScope = (caller: Caller | undefined): boolean => caller?.scopes.some((s) => SELF_SCOPES.includes(s)) === true;

/** The self rule's view of a caller; undefined for one without a self scope (nothing to bind). */
export function selfAccessOf(caller: Caller | undefined, variables: Record<string, unknown>): SelfAccess | undefined {
  if (!caller || !holdsSelfScope(caller)) return undefined;
  return { self: caller.self ?? "", others: { ...caller, scopes: caller.scopes.filter((s) => !SELF_SCOPES.includes(s)) }, variables };
}

/** Whether a field's `id`/`subjectId` argument, as execution will read it, is the token's own subject. */
function namesSelf(field: GraphQLField<unknown, unknown>, node: FieldNode, access: SelfAccess): boolean {
  const name = SUBJECT_ARGUMENTS.find((a) => field.args.some((arg) => arg.name === a));
  if (!name || access.self === "") return false;
  const given = node.arguments?.find((a) => a.name.value === name);
  const value = given ? argumentValue(given.value, access.variables) : field.args.find((a) => a.name === name)?.defaultValue;
  if (typeof value !== "string") return false;
  const parsed = parseSubjectId(value);
  return parsed.ok && parsed.value.id === access.self;
}

export interface SelfField {
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  /** `Type.field`, for the message. */
  where: string;
  path: string[];
  /** Whether the field is on the operation's root type. */
  root: boolean;
  /** Whether the field was admitted only through a self scope. */
  selfAdmitted: boolean;
  /** Whether the field sits inside what a root field bound to the own subject returned. */
  bound: boolean;
  /** Whether the field returns a Subject (or a list of them): a subject not known to be the own one. */
  returnsSubject: boolean;
}

/** The refusal of a field a self token reached outside its own subject. */
const refusal = ({ where, node, path }: SelfField, why: string) =>
  new GraphQLError(`${where} is open to a self:read/self:write token only for its own subject (the token's self claim): ${why}`, {
    nodes: [node],
    path,
    extensions: { code: "FORBIDDEN" satisfies GatewayErrorCode, requiredScopes: [] },
  });

/** A field's verdict under the self rule: refused, or whether what it returns is bound to the own subject. */
export function checkSelfField(access: SelfAccess, at: SelfField): { error?: GraphQLError; bound: boolean } {
  if (at.root) {
    const own = namesSelf(at.field, at.node, access);
    return own || !at.selfAdmitted ? { bound: own } : { error: refusal(at, "its id/subjectId argument must name that subject"), bound: false };
  }
  if (!at.selfAdmitted) return { bound: at.bound && !at.returnsSubject };
  if (!at.bound) return { error: refusal(at, "it is reached outside that subject's own data"), bound: false };
  return { bound: !at.returnsSubject };
}

/**
 * Whether a response touched a subject other than the token's own, for a token holding only self
 * scopes (a token with other scopes too reads under those: the static rule binds its self-admitted fields).
 */
export function touchesOthers(caller: Caller | undefined, subjectIds: readonly string[]): boolean {
  return onlySelf(caller) && subjectIds.some((id) => id !== caller?.self);
}

/** The error of a withheld response (touchesOthers). */
export const touchedOthersError = (): GraphQLError =>
  createGatewayError("FORBIDDEN", "This response would show another subject than the token's own (claim self); nothing is returned");

/** Whether a caller holds self scopes only: all it can reach is its own subject (the response check withholds anything else). */
const onlySelf = (caller: Caller | undefined): boolean =>
  caller !== undefined && caller.scopes.length > 0 && caller.scopes.every((s) => SELF_SCOPES.includes(s));

/**
 * What the audit records as the purpose of an operation: a token holding self scopes only is the
 * subject reading (or changing) itself; a token holding other scopes too may read others under
 * them, so its stated purpose is recorded as it is (its scopes are in the entry).
 */
export const auditPurposeOf = (caller: Caller | undefined): string | undefined =>
  onlySelf(caller) ? `本人查询 (self${caller?.purpose ? `: ${caller.purpose}` : ""})` : caller?.purpose;
