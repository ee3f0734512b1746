/**
 * 信用承诺 as a process: `recordCommitment` (a department records a commitment a subject made in one
 * of its approvals, 告知承诺制) and `resolveCommitment` (that department, or the credit office,
 * marks it FULFILLED or BREACHED). The department is the caller's own `dept:<name>` scope, never
 * an argument. An open APPROVAL commitment past its due date reads as overdue by itself.
 */
import { randomBytes } from "node:crypto";
import { Arg, Ctx, Directive, ID, Mutation, Resolver } from "type-graphql";
import type { Caller } from "../../../shared/caller.js";
import { RECORD_DEPARTMENTS } from "../../../shared/departments.js";
import { createError, createValidationError, ErrorCodes } from "../../../shared/errors.js";
import { parseSubjectId } from "../../../shared/ids.js";
import { addMonths, DateScalar, todayInChina } from "../../../shared/scalars.js";
import { deptScope, requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import { checkText } from "../../../shared/text.js";
import type { CreditContext } from "../context.js";
import type { CommitmentRow } from "../db.js";
import { insertCommitment, resolveOpenCommitment } from "./commitment.repo.js";
import { COMMITMENT_LIMITS, CommitmentOutcome, RecordCommitmentInput } from "./commitment.type.js";
import { Commitment } from "./credit-record.type.js";

/** Every record department (the credit office among them) records and resolves commitments; admins pass the directive only. */
const DEPARTMENTS = requiresAnyScope(...RECORD_DEPARTMENTS.map(deptScope), Scopes.ADMIN);

type Problem = { field: string; message: string };

/** A stored commitment as read on `today`: overdue when an approval's is still open after its due date. */
export function toCommitment(row: CommitmentRow, today = todayInChina()): Commitment {
  return {
    id: row.id,
    subjectId: row.subject_id,
    source: row.source,
    department: row.department,
    matter: row.matter,
    content: row.content,
    committedOn: row.committed_on,
    dueOn: row.due_on,
    fulfilment: row.fulfilment,
    fulfilledOn: row.fulfilled_on,
    resolvedOn: row.resolved_on,
    evidence: row.evidence,
    overdue: row.source === "APPROVAL" && row.fulfilment === "PENDING" && row.due_on < today,
  };
}

/** The one department the caller's token speaks for (its single `dept:<name>` scope), or FORBIDDEN. */
function departmentOf(caller: Caller): string {
  const held = RECORD_DEPARTMENTS.filter((d) => caller.scopes.includes(deptScope(d)));
  if (held.length === 1) return held[0];
  throw createError(
    ErrorCodes.FORBIDDEN,
    held.length === 0
      ? "A commitment is recorded by a department: this token holds no dept:<name> scope"
      : `A commitment is recorded by one department: this token holds ${held.map(deptScope).join(", ")}`,
  );
}

const textProblem = (field: string, value: string, max: number): Problem[] => {
  const checked = checkText(field, value, max);
  return checked.problem ? [checked.problem] : [];
};

/** The input's subject, or its problems on `today`, each naming its field (the subject ID's names the wrong position). */
function checkInput(input: RecordCommitmentInput, today: string): { subjectId: string; problems: Problem[] } {
  const id = parseSubjectId(String(input.subjectId ?? ""));
  const latestDue = addMonths(input.committedOn, 12 * COMMITMENT_LIMITS.years);
  const problems = [
    ...(id.ok ? [] : [{ field: "subjectId", message: id.problem.message }]),
    ...textProblem("matter", input.matter, COMMITMENT_LIMITS.matter),
    ...textProblem("content", input.content, COMMITMENT_LIMITS.content),
    ...(input.committedOn > today ? [{ field: "committedOn", message: `${input.committedOn} is in the future` }] : []),
    ...(input.dueOn <= input.committedOn
      ? [{ field: "dueOn", message: `must be after committedOn (${input.committedOn}), got ${input.dueOn}` }]
      : input.dueOn > latestDue
        ? [{ field: "dueOn", message: `must be at most ${COMMITMENT_LIMITS.years} years after committedOn (${latestDue}), got ${input.dueOn}` }]
        : []),
  ];
  return { subjectId: id.ok ? id.value.id : "", problems };
}

@Resolver(() => Commitment)
export class CommitmentResolver {
  @Directive(DEPARTMENTS)
  @Mutation(() => Commitment, {
    description:
      "Records a credit commitment (信用承诺) a subject made in one of the caller's department's approvals (告知承诺制): the department is the token's own dept:<name> scope (exactly one). Open (PENDING) until the department resolves it; overdue once past its due date. Audited with the row written.",
  })
  async recordCommitment(
    @Arg("input", () => RecordCommitmentInput, { description: "The commitment as made." }) input: RecordCommitmentInput,
    @Ctx() ctx: CreditContext,
  ): Promise<Commitment> {
    const department = departmentOf(ctx.caller);
    const { subjectId, problems } = checkInput(input, todayInChina());
    if (problems.length > 0) throw createValidationError(problems);
    if (!(await ctx.loaders.subject.load(subjectId))) throw createError(ErrorCodes.NOT_FOUND, "No subject subjectId in the directory");
    const row: CommitmentRow = {
      // Letters and digits at random: no run of digits that reads as a person's ID number.
      id: `CC-${randomBytes(12).toString("base64url")}`,
      subject_id: subjectId,
      source: "APPROVAL",
      department,
      matter: checkText("matter", input.matter, COMMITMENT_LIMITS.matter).text,
      content: checkText("content", input.content, COMMITMENT_LIMITS.content).text,
      committed_on: input.committedOn,
      due_on: input.dueOn,
      fulfilment: "PENDING",
      fulfilled_on: null,
      resolved_on: null,
      evidence: null,
    };
    return toCommitment(await insertCommitment(ctx.db, ctx.scope, row));
  }

  @Directive(DEPARTMENTS)
  @Mutation(() => Commitment, {
    description:
      "Resolves an open commitment made in an approval as FULFILLED or BREACHED (evidence required for a breach): only its recording department or the credit office. A commitment resolved already is CONFLICT (of two resolutions at the same moment, one wins). A breach counts in the evaluation from `on`. Audited with before and after.",
  })
  async resolveCommitment(
    @Arg("id", () => ID, { description: "The commitment (Commitment.id)." }) id: string,
    @Arg("outcome", () => CommitmentOutcome, { description: "Kept or broken." }) outcome: CommitmentOutcome,
    @Arg("evidence", () => String, {
      nullable: true,
      description: `What the resolution rests on (核查依据), 1–${COMMITMENT_LIMITS.evidence} characters; required for BREACHED.`,
    })
    evidence: string | null | undefined,
    @Arg("on", () => DateScalar, {
      nullable: true,
      description: "The day it was found kept or broken: not before the commitment, not in the future. Default today.",
    })
    on: string | null | undefined,
    @Ctx() ctx: CreditContext,
  ): Promise<Commitment> {
    const today = todayInChina();
    const day = on ?? today;
    const given = evidence == null || (outcome === "FULFILLED" && evidence.trim() === "") ? null : evidence;
    const problems = [
      ...(outcome === "BREACHED" && given === null ? [{ field: "evidence", message: "is required for BREACHED" }] : []),
      ...(given === null ? [] : textProblem("evidence", given, COMMITMENT_LIMITS.evidence)),
      ...(day > today ? [{ field: "on", message: `${day} is in the future` }] : []),
    ];
    if (problems.length > 0) throw createValidationError(problems);
    const resolved = await resolveOpenCommitment(ctx.db, ctx.scope, id, (before) => {
      const own = [before.department && deptScope(before.department), deptScope("credit"), Scopes.ADMIN].filter(Boolean) as string[];
      if (!own.some((s) => ctx.caller.scopes.includes(s)))
        throw createError(
          ErrorCodes.FORBIDDEN,
          `Only the department that recorded it (${before.department ?? "none"}) or the credit office resolves this commitment`,
        );
      if (before.source === "REPAIR")
        throw createError(ErrorCodes.CONFLICT, "A repair commitment is resolved by its repair: reviewRepairCommitments fulfils or breaks it");
      if (day < before.committed_on)
        throw createValidationError([{ field: "on", message: `must not be before the commitment (${before.committed_on}), got ${day}` }]);
      return {
        fulfilment: outcome,
        fulfilled_on: outcome === "FULFILLED" ? day : null,
        resolved_on: day,
        evidence: given === null ? null : checkText("evidence", given, COMMITMENT_LIMITS.evidence).text,
      };
    });
    return toCommitment(resolved, today);
  }
}
