/** List management (名单管理): the credit office adds and removes red and black list entries. Thin: args → checks → repo → result. */
import { randomUUID } from "node:crypto";
import { Arg, Ctx, Directive, ID, Mutation, Resolver } from "type-graphql";
import { createValidationError } from "../../../shared/errors.js";
import { parseSubjectId } from "../../../shared/ids.js";
import type { Problem } from "../../../shared/records/validation.js";
import { DateScalar, todayInChina } from "../../../shared/scalars.js";
import { writeRecordsOf } from "../../../shared/scopes.js";
import { checkText, findUnsafeCharacter, normaliseDocumentNo } from "../../../shared/text.js";
import type { CreditContext } from "../context.js";
import { ListEntry, ListRemovalReason } from "./credit-record.type.js";
import { addEntry, removeEntry } from "./list-entry.repo.js";
import { LIST_RULES, termOf } from "./list-entry.rules.js";
import { AddListEntryInput, toListEntry } from "./list-entry.type.js";

const WRITE = writeRecordsOf("credit");

/** The problem of a free-text field, if any, and its text. */
function text(field: string, value: string, max: number, problems: Problem[]): string {
  const checked = checkText(field, value, max);
  if (checked.problem) problems.push(checked.problem);
  return checked.text;
}

@Resolver(() => ListEntry)
export class ListEntryResolver {
  @Directive(WRITE)
  @Mutation(() => ListEntry, {
    description:
      "Puts a subject on a red or black list (列入名单) for the credit office (dept:credit), audited with the entry after. The evaluation and 信易+ eligibility read it at once. CONFLICT while the subject has an ACTIVE entry on the same list.",
  })
  async addListEntry(
    @Arg("input", () => AddListEntryInput, { description: "The listing decision." }) input: AddListEntryInput,
    @Ctx() ctx: CreditContext,
  ): Promise<ListEntry> {
    const today = todayInChina();
    const problems: Problem[] = [];
    const subject = parseSubjectId(String(input.subjectId ?? ""));
    if (!subject.ok) problems.push({ field: "subjectId", message: subject.problem.message });
    const authority = text("authority", input.authority, 100, problems);
    const reason = text("reason", input.reason, 200, problems);
    const legalBasis = text("legalBasis", input.legalBasis, 200, problems);
    const documentNumber = normaliseDocumentNo(String(input.documentNumber ?? ""));
    const unsafe = findUnsafeCharacter(documentNumber);
    if (documentNumber.length < 1 || documentNumber.length > 64) problems.push({ field: "documentNumber", message: "must be 1–64 characters" });
    else if (unsafe) problems.push({ field: "documentNumber", message: unsafe });
    const term = termOf({ ...input, subject: subject.ok ? subject.value : undefined }, today);
    problems.push(...term.problems);
    if (!subject.ok || problems.length > 0) throw createValidationError(problems);
    const row = {
      id: `CL-${randomUUID()}`,
      subject_id: subject.value.id,
      list: input.list,
      list_color: LIST_RULES[input.list].color,
      authority,
      reason,
      listed_on: input.listedOn,
      expires_on: term.expiresOn,
      status: "ACTIVE",
      legal_basis: legalBasis,
      document_number: documentNumber,
      term_basis: term.basis,
      removed_on: null,
      removal_reason: null,
      removal_basis: null,
    } as const;
    return toListEntry(await addEntry(ctx.db, ctx.scope, row, today), today);
  }

  @Directive(WRITE)
  @Mutation(() => ListEntry, {
    description:
      "Removes an ACTIVE list entry (移出名单) for the credit office (dept:credit), with its reason and basis, audited with the entry before and after; the evaluation and eligibility stop counting it at once. CONFLICT when it is removed or expired already.",
  })
  async removeListEntry(
    @Arg("id", () => ID, { description: "The entry's id." }) id: string,
    @Arg("reason", () => ListRemovalReason, { description: "Term ended, lifted, or listed in error." }) reason: ListRemovalReason,
    @Arg("basis", () => String, { description: "Basis of the removal (移出依据), 1–200 characters: e.g. the court's decision for LIFTED." }) basis: string,
    @Arg("on", () => DateScalar, { description: "Date of the removal (移出日期): not before the listing, not in the future." }) on: string,
    @Ctx() ctx: CreditContext,
  ): Promise<ListEntry> {
    const today = todayInChina();
    const problems: Problem[] = [];
    const why = text("basis", basis, 200, problems);
    if (on > today) problems.push({ field: "on", message: `${on} is in the future` });
    if (problems.length > 0) throw createValidationError(problems);
    return toListEntry(await removeEntry(ctx.db, ctx.scope, id, { reason, basis: why, on }, today), today);
  }
}
