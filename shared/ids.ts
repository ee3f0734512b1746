/**
 * Identifiers of credit subjects: the 18-character 统一社会信用代码 (USCC, GB 32100-2015) of an
 * organisation and the 18-character 居民身份证号码 (GB 11643-1999) of a person.
 *
 * Parsing returns a result rather than throwing (graphql-js `validate()` style); `assertSubjectId`
 * turns a failure into a coded `BAD_USER_INPUT` GraphQL error for resolvers.
 */
import { HUZHOU_DIVISIONS, PROVINCE_CODES } from "./divisions.js";
import type { GraphQLError } from "graphql";
import { createError, ErrorCodes } from "./errors.js";

/** A problem with an identifier, with the 1-based position it concerns when there is one. */
export interface IdProblem {
  reason: "LENGTH" | "CHARSET" | "CHECKSUM" | "BIRTH_DATE" | "DISTRICT" | "ORG_TYPE";
  message: string;
  position?: number;
  expected?: string;
  found?: string;
}

export type OrgType =
  | "GOVERNMENT_BODY"
  | "PUBLIC_INSTITUTION"
  | "MASS_ORGANIZATION"
  | "SOCIAL_ORGANIZATION"
  | "PRIVATE_NON_ENTERPRISE"
  | "FOUNDATION"
  | "ENTERPRISE"
  | "INDIVIDUAL_BUSINESS"
  | "FARMERS_COOPERATIVE"
  | "OTHER";

export interface ParsedUscc {
  kind: "ORGANIZATION";
  id: string;
  /** Position 1: 登记管理部门. */
  registrationDepartment: string;
  /** Positions 1–2 mapped to the organisation subtype (domain.md §6). */
  orgType: OrgType;
  /** Positions 3–8: the registering authority's GB/T 2260 division code. */
  divisionCode: string;
}

export interface ParsedPersonId {
  kind: "PERSON";
  id: string;
  /** Positions 1–6: the address (division) code at issue. */
  divisionCode: string;
  /** Positions 7–14 as an ISO date. */
  birthDate: string;
  sex: "MALE" | "FEMALE";
}

export type ParsedSubjectId = ParsedUscc | ParsedPersonId;
export type IdResult<T> = { ok: true; value: T } | { ok: false; problem: IdProblem };

/** GB 32100-2015 character set: 31 characters, no I, O, S, V, Z; index = value. */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11643-1999 / ISO 7064 MOD 11-2. */
const PERSON_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const PERSON_CHECK = "10X98765432";

/** Department + type pairs of positions 1–2 (domain.md §6). */
const ORG_TYPES: Record<string, OrgType> = {
  "11": "GOVERNMENT_BODY",
  "12": "PUBLIC_INSTITUTION",
  "13": "MASS_ORGANIZATION",
  "51": "SOCIAL_ORGANIZATION",
  "52": "PRIVATE_NON_ENTERPRISE",
  "53": "FOUNDATION",
  "91": "ENTERPRISE",
  "92": "INDIVIDUAL_BUSINESS",
  "93": "FARMERS_COOPERATIVE",
};

const fail = (problem: IdProblem): { ok: false; problem: IdProblem } => ({ ok: false, problem });

/** The check character of the first 17 USCC characters (all must be in the charset). */
export function computeUsccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** The check character of the first 17 digits of a 居民身份证号码. */
export function computePersonCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * PERSON_WEIGHTS[i];
  return PERSON_CHECK[sum % 11];
}

/** The problem of an 18th character that is not the computed check character. */
function checkCharacter(id: string, expected: string): IdProblem | undefined {
  if (id[17] === expected) return undefined;
  return { reason: "CHECKSUM", position: 18, expected, found: id[17], message: `check character at position 18 is "${id[17]}", expected "${expected}"` };
}

function checkDivision(code: string, offset: number): IdProblem | undefined {
  const province = code.slice(0, 2);
  if (!PROVINCE_CODES.has(province)) {
    return {
      reason: "DISTRICT",
      position: offset + 1,
      found: code,
      message: `unknown district: "${code}" at positions ${offset + 1}–${offset + 6} does not start with a province code (GB/T 2260)`,
    };
  }
  if (code.startsWith("3305") && !HUZHOU_DIVISIONS.has(code)) {
    return {
      reason: "DISTRICT",
      position: offset + 1,
      found: code,
      message: `unknown district: "${code}" at positions ${offset + 1}–${offset + 6} is not a Huzhou division code`,
    };
  }
  return undefined;
}

/**
 * Parses a 统一社会信用代码.
 * @example parseUscc("91110000802100433B") // { ok: true, value: { orgType: "ENTERPRISE", ... } }
 */
export function parseUscc(input: string): IdResult<ParsedUscc> {
  const id = input.trim().toUpperCase();
  if (id.length !== 18) {
    return fail({ reason: "LENGTH", found: String(id.length), expected: "18", message: `length is ${id.length}, expected 18 characters` });
  }
  for (let i = 0; i < 18; i++) {
    if (!USCC_CHARSET.includes(id[i])) {
      return fail({
        reason: "CHARSET",
        position: i + 1,
        found: id[i],
        message: `character "${id[i]}" at position ${i + 1} is not allowed (GB 32100 uses ${USCC_CHARSET})`,
      });
    }
  }
  const checksumProblem = checkCharacter(id, computeUsccCheck(id.slice(0, 17)));
  if (checksumProblem) return fail(checksumProblem);
  const divisionProblem = checkDivision(id.slice(2, 8), 2);
  if (divisionProblem) return fail(divisionProblem);
  return {
    ok: true,
    value: {
      kind: "ORGANIZATION",
      id,
      registrationDepartment: id[0],
      orgType: ORG_TYPES[id.slice(0, 2)] ?? "OTHER",
      divisionCode: id.slice(2, 8),
    },
  };
}

/**
 * Parses a 居民身份证号码; `today` bounds the birth date (defaults to now).
 * @example parsePersonId("330502199001011236") // { ok: true, value: { sex: "MALE", birthDate: "1990-01-01", ... } }
 */
export function parsePersonId(input: string, today: Date = new Date()): IdResult<ParsedPersonId> {
  const id = input.trim().toUpperCase();
  if (id.length !== 18) {
    return fail({ reason: "LENGTH", found: String(id.length), expected: "18", message: `length is ${id.length}, expected 18 characters` });
  }
  for (let i = 0; i < 18; i++) {
    const ok = i < 17 ? /[0-9]/.test(id[i]) : /[0-9X]/.test(id[i]);
    if (!ok) {
      return fail({
        reason: "CHARSET",
        position: i + 1,
        found: id[i],
        message: `character "${id[i]}" at position ${i + 1} is not allowed (${i < 17 ? "a digit" : "a digit or X"} expected)`,
      });
    }
  }
  const divisionProblem = checkDivision(id.slice(0, 6), 0);
  if (divisionProblem) return fail(divisionProblem);
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number);
  const birth = new Date(Date.UTC(y, m - 1, d));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return fail({ reason: "BIRTH_DATE", position: 7, found: id.slice(6, 14), message: `impossible birth date "${id.slice(6, 14)}" at positions 7–14` });
  }
  if (y < 1880 || birth.getTime() > today.getTime()) {
    return fail({ reason: "BIRTH_DATE", position: 7, found: id.slice(6, 14), message: `birth date ${birthDate} at positions 7–14 is out of range` });
  }
  const checksumProblem = checkCharacter(id, computePersonCheck(id.slice(0, 17)));
  if (checksumProblem) return fail(checksumProblem);
  return {
    ok: true,
    value: { kind: "PERSON", id, divisionCode: id.slice(0, 6), birthDate, sex: Number(id[16]) % 2 === 1 ? "MALE" : "FEMALE" },
  };
}

/**
 * Parses either kind of subject ID. A 居民身份证号码 is 17 digits plus a digit or X; anything
 * else of 18 characters is read as a USCC, whose problems are then reported.
 */
export function parseSubjectId(input: string, today?: Date): IdResult<ParsedSubjectId> {
  const id = input.trim().toUpperCase();
  if (/^[0-9]{17}[0-9X]$/.test(id)) {
    const person = parsePersonId(id, today);
    if (person.ok) return person;
    // A USCC can be all digits too (e.g. 91 + division + digits): prefer it when it validates, and
    // report its problem when the digits do not even start like a person's (no province at 1–2)
    // but do carry a division at positions 3–8 like a USCC.
    const org = parseUscc(id);
    if (org.ok) return org;
    const readsAsUscc = person.problem.reason === "DISTRICT" && !checkDivision(id.slice(2, 8), 2);
    return readsAsUscc ? org : person;
  }
  return parseUscc(id);
}

/**
 * The canonical subject ID of a resolver argument, or a `BAD_USER_INPUT` error naming what is
 * wrong and where.
 */
export function assertSubjectId(argument: string, value: string): ParsedSubjectId {
  const result = parseSubjectId(value);
  if (!result.ok) throw createInvalidIdError(argument, value, result.problem);
  return result.value;
}

/** The `BAD_USER_INPUT` error for an invalid identifier argument. */
export function createInvalidIdError(argument: string, value: string, problem: IdProblem): GraphQLError {
  return createError(ErrorCodes.BAD_USER_INPUT, `Invalid ${argument} "${value}": ${problem.message}`, {
    invalidId: { argument, ...problem },
  });
}
