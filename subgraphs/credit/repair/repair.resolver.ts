/**
 * 信用修复 as a process: `applyForCreditRepair` (the subject or its agent), `approveCreditRepair` /
 * `rejectCreditRepair` (the owning department), `reviewRepairCommitments` (reinstates records whose
 * repair commitment was broken), `repairRules`, and the applications with their history. The record
 * is read through the gateway as the credit office's service identity; its repair is carried out
 * in its department (shared/record-repair.ts).
 *
 * A decision is one guarded transition (repair.repo.ts `transition`): of an approval and a rejection
 * at the same moment exactly one moves the application, and only an approval that has moved it
 * (to APPROVING, holding the claim) asks the department to repair the record, then finishes
 * (APPROVED, with its commitment). A department that answers no puts the application back to
 * PENDING; one that does not answer leaves it APPROVING, which the next approval after
 * {@link CLAIM_MS} takes over and carries on (the department's routes are idempotent). Reinstatement
 * works the same way: APPROVED → REINSTATING → REINSTATED, or back to APPROVED.
 */
import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { categoryLabel, departmentTitle, RECORD_DEPARTMENTS } from "../../../shared/departments.js";
import { createError, createValidationError, ErrorCodes } from "../../../shared/errors.js";
import { parseSubjectId } from "../../../shared/ids.js";
import { callRepairRoute } from "../../../shared/record-repair.js";
import { addMonths, todayInChina } from "../../../shared/scalars.js";
import { deptScope, readRecordsOf, requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import { checkText } from "../../../shared/text.js";
import type { CreditContext } from "../context.js";
import type { NewCommitment, RepairMaterialRow, RepairRow } from "../db.js";
import { readSubjectRecords } from "../reports/subject-records.js";
import { activeRepairRules } from "./repair-rules.js";
import { checkMaterialList, checkMaterials, materialView, withMaterialFiles } from "./materials.js";
import { checkRepairable, ruleSetViews, ruleViews } from "./conditions.js";
import { fileApplication, findApplication, findPendingFor, fulfilEndedCommitments, loadRunningCommitments, type Step, transition } from "./repair.repo.js";
import { ApplyForCreditRepairInput, RepairApplication, RepairRulesView } from "./repair.type.js";
import { Subject } from "../directory/subject.type.js";

/** Applications are decided by the record's department: any record department may be asked. */
const DECIDE = requiresAnyScope(...RECORD_DEPARTMENTS.filter((d) => d !== "credit").map(deptScope), Scopes.ADMIN);

const recordsOf = async (ctx: CreditContext, subjectId: string, purpose: string) =>
  (await readSubjectRecords(ctx.gateway, subjectId, { actingFor: ctx.caller.sub, purpose, what: "Records cannot be read" })).records;
const may = (ctx: CreditContext, ...scopes: string[]) => scopes.some((s) => ctx.caller.scopes.includes(s)) || ctx.caller.scopes.includes(Scopes.ADMIN);

/** The subject a caller may apply for or follow: named by its token (claim subjects), or any for the credit office. */
export function ownSubject(ctx: CreditContext, subjectId: string): string {
  const parsed = parseSubjectId(subjectId);
  if (!parsed.ok) throw createValidationError([{ field: "subjectId", message: parsed.problem.message }]);
  if (!may(ctx, deptScope("credit")) && !(ctx.caller.subjects ?? []).includes(parsed.value.id)) {
    throw createError(ErrorCodes.FORBIDDEN, "This token does not act for this subject (claim subjects)");
  }
  return parsed.value.id;
}

export async function toApplication(ctx: CreditContext, row: RepairRow): Promise<RepairApplication> {
  const [materials, history] = await Promise.all([ctx.loaders.repairMaterials.load(row.id), ctx.loaders.repairHistory.load(row.id)]);
  return {
    id: row.id,
    subjectId: row.subject_id,
    department: row.department,
    recordId: row.record_id,
    category: row.category,
    appliedOn: row.applied_on,
    decidedOn: row.decided_on,
    status: row.status,
    reason: row.reason,
    decisionReason: row.decision_reason,
    commitmentId: row.commitment_id,
    materials: materials.map((m) => materialView(row, m)),
    history: history.map((h) => ({ at: h.at, action: h.action, actor: h.actor, status: JSON.parse(h.after).status })),
  };
}

/** What a person reads for a repaired record's kind: its department's title and its category's label, not their codes. */
const recordKindOf = (repair: { department: string; category: string | null }): string =>
  [departmentTitle(repair.department), repair.category === null ? null : categoryLabel(repair.department, repair.category)].filter((t) => t !== null).join(" ");

@Resolver(() => Subject)
export class RepairResolver {
  @Query(() => RepairRulesView, {
    description:
      "The credit repair rules (public): the dated rule sets with their sources, each set's minimum and maximum periods, what cannot be repaired early, required materials.",
  })
  repairRules(): RepairRulesView {
    const r = activeRepairRules();
    return {
      version: r.version,
      description: r.description,
      provenance: r.provenance,
      ruleSets: ruleSetViews(),
      rules: ruleViews(),
      requiredMaterials: r.materials.required,
      requiredMaterialsWhenFined: r.materials.requiredWhenFined,
      mimeTypes: r.materials.mimeTypes,
      maxBytes: r.materials.maxBytes,
      commitmentMonths: r.commitmentMonths,
    };
  }

  @Directive(requiresAnyScope(Scopes.REPAIR_APPLY, deptScope("credit"), Scopes.ADMIN))
  @Mutation(() => RepairApplication, {
    description:
      "Applies for credit repair of a record (audited). Refused before the minimum period (REPAIR_TOO_EARLY, with the earliest date and the rule), for a record that cannot be repaired early (REPAIR_NOT_ALLOWED), or — checked after those — without the required materials (a fine receipt only where the decision fined).",
  })
  async applyForCreditRepair(
    @Arg("input", () => ApplyForCreditRepairInput, { description: "The application." }) input: ApplyForCreditRepairInput,
    @Ctx() ctx: CreditContext,
  ) {
    const subjectId = ownSubject(ctx, input.subjectId);
    const reason = checkText("reason", input.reason, 500);
    const commitment = checkText("commitment", input.commitment, 500);
    const texts = [...(reason.problem ? [reason.problem] : []), ...(commitment.problem ? [commitment.problem] : [])];
    if (texts.length > 0) throw createValidationError(texts);
    const records = await recordsOf(ctx, subjectId, "信用修复申请");
    const record = records.find((r) => r.id === input.recordId);
    if (!record) throw createError(ErrorCodes.NOT_FOUND, `No record "${input.recordId}" of this subject`);
    if (record.status !== "ACTIVE") throw createError(ErrorCodes.CONFLICT, `Record "${record.id}" is ${record.status}: nothing to repair`);
    // The rule set's periods and conditions before any content check of the materials.
    const today = todayInChina();
    checkRepairable(record, records, input, today);
    if (await findPendingFor(ctx.db, record.id)) throw createError(ErrorCodes.CONFLICT, `An application for record "${record.id}" is pending already`);
    // The materials after the periods and the pending check (a too-early applicant is told the date
    // whatever it attached): first their count and repeated uploads, then their contents, so an
    // application refused anyway reads no file.
    const list = checkMaterialList(input.materials);
    if (list.length > 0) throw createValidationError(list);
    const materials = await checkMaterials(input.materials, (record.amount ?? 0) > 0, ctx.caller, ctx.config!);
    if (materials.problems.length > 0) throw createValidationError(materials.problems);
    const row: RepairRow = {
      id: `RP-${randomUUID()}`,
      subject_id: subjectId,
      department: record.department,
      record_id: record.id,
      applied_on: today,
      decided_on: null,
      status: "PENDING",
      category: record.category,
      severity: record.severity,
      record_decided_on: record.decidedOn,
      reason: reason.text,
      applicant: ctx.caller.sub,
      decided_by: null,
      decision_reason: null,
      commitment_text: commitment.text,
      commitment_id: null,
      claimed_at: null,
    };
    const files: RepairMaterialRow[] = materials.rows.map((m) => ({ ...m, id: `RM-${randomUUID()}`, repair_id: row.id }));
    await withMaterialFiles(ctx.config!.dataDir, files, () => fileApplication(ctx.db, ctx.scope, row, files));
    return toApplication(ctx, row);
  }

  @Directive(DECIDE)
  @Mutation(() => RepairApplication, {
    description: "The owning department approves an application: the record is closed as REPAIRED on the approval date and the commitment starts. Audited.",
  })
  async approveCreditRepair(
    @Arg("applicationId", () => ID, { description: "The application." }) applicationId: string,
    @Arg("reason", () => String, { description: "Why, 1–500 characters." }) reason: string,
    @Ctx() ctx: CreditContext,
  ) {
    const { application, why } = await decidable(ctx, applicationId, reason);
    const now = new Date();
    const claimedAt = now.toISOString();
    const claimed =
      application.status === "APPROVING" && stale(application, now)
        ? // An approval whose department never answered: taken over and carried on as it was decided.
          await transition(ctx.db, ctx.scope, applicationId, {
            from: "APPROVING",
            claimedAt: application.claimed_at,
            set: { claimed_at: claimedAt },
            action: "RETRY",
          })
        : await transition(ctx.db, ctx.scope, applicationId, {
            from: "PENDING",
            set: { status: "APPROVING", decided_on: todayInChina(), decided_by: ctx.caller.sub, decision_reason: why, claimed_at: claimedAt },
            action: "DECIDE",
          });
    const approvedOn = claimed.decided_on!;
    await carryOut(
      ctx,
      claimed,
      claimedAt,
      `/records/${claimed.record_id}/repair`,
      { repairedOn: approvedOn, applicationId },
      {
        status: "PENDING",
        decided_on: null,
        decided_by: null,
        decision_reason: null,
      },
    );
    const commitment: NewCommitment = {
      id: `CC-${randomUUID()}`,
      subject_id: claimed.subject_id,
      source: "REPAIR",
      department: claimed.department,
      content: claimed.commitment_text,
      matter: `信用修复承诺（${recordKindOf(claimed)}）：${claimed.commitment_text}`,
      committed_on: approvedOn,
      due_on: addMonths(approvedOn, activeRepairRules().commitmentMonths),
      fulfilment: "PENDING",
      fulfilled_on: null,
    };
    const decided = await transition(ctx.db, ctx.scope, applicationId, {
      from: "APPROVING",
      claimedAt,
      set: { status: "APPROVED", commitment_id: commitment.id },
      action: "COMPLETE",
      commitment,
    });
    return toApplication(ctx, decided);
  }

  @Directive(DECIDE)
  @Mutation(() => RepairApplication, { description: "The owning department rejects an application, with its reason; the record is unchanged. Audited." })
  async rejectCreditRepair(
    @Arg("applicationId", () => ID, { description: "The application." }) applicationId: string,
    @Arg("reason", () => String, { description: "Why, 1–500 characters." }) reason: string,
    @Ctx() ctx: CreditContext,
  ) {
    const { why } = await decidable(ctx, applicationId, reason);
    const decided = await transition(ctx.db, ctx.scope, applicationId, {
      from: "PENDING",
      set: { status: "REJECTED", decided_on: todayInChina(), decided_by: ctx.caller.sub, decision_reason: why },
      action: "DECIDE",
    });
    return toApplication(ctx, decided);
  }

  @Directive(requiresAnyScope(deptScope("credit"), Scopes.ADMIN))
  @Mutation(() => Int, {
    description:
      "Checks running repair commitments: a new violation of the same kind within a commitment's term reinstates the repaired record (its commitment BREACHED); ended terms are fulfilled. Returns the records reinstated. Run daily.",
  })
  async reviewRepairCommitments(@Ctx() ctx: CreditContext): Promise<number> {
    const today = todayInChina();
    let reinstated = 0;
    // One read of a subject's records for all its commitments (a read per commitment outran the gateway's timeout at ~100).
    const read = new Map<string, ReturnType<typeof recordsOf>>();
    for (const repair of await loadRunningCommitments(ctx.db)) {
      const now = new Date();
      if (repair.status === "REINSTATING" && !stale(repair, now)) continue; // another review is carrying it out
      if (!read.has(repair.subject_id)) read.set(repair.subject_id, recordsOf(ctx, repair.subject_id, "信用修复承诺复核"));
      const records = await read.get(repair.subject_id)!;
      const repeat = records.find(
        (r) =>
          r.id !== repair.record_id &&
          r.department === repair.department &&
          r.category === repair.category &&
          r.decidedOn >= repair.decided_on! &&
          r.decidedOn <= repair.commitment_due_on &&
          r.status === "ACTIVE",
      );
      if (!repeat && repair.status === "APPROVED") continue;
      const because = repeat ? `违反信用修复承诺：${repeat.decidedOn} 又有同类记录 ${repeat.id}` : "违反信用修复承诺（复核续办）";
      const claimedAt = now.toISOString();
      const step: Step =
        repair.status === "REINSTATING"
          ? { from: "REINSTATING", claimedAt: repair.claimed_at, set: { claimed_at: claimedAt }, action: "RETRY" }
          : { from: "APPROVED", set: { status: "REINSTATING", claimed_at: claimedAt }, action: "REINSTATE" };
      const claimed = await transition(ctx.db, ctx.scope, repair.id, step).catch((error) => {
        if (error instanceof GraphQLError && error.extensions.code === ErrorCodes.CONFLICT) return undefined; // another review took it
        throw error;
      });
      if (!claimed) continue;
      await carryOut(ctx, claimed, claimedAt, `/records/${repair.record_id}/reinstate`, { reason: because }, { status: "APPROVED" });
      await transition(ctx.db, ctx.scope, repair.id, {
        from: "REINSTATING",
        claimedAt,
        set: { status: "REINSTATED", decision_reason: because },
        action: "COMPLETE",
        breach: { id: repair.commitment_id!, on: today, evidence: because },
      });
      reinstated++;
    }
    await fulfilEndedCommitments(ctx.db, today);
    return reinstated;
  }

  @Directive(requiresAnyScope(Scopes.REPAIR_APPLY, Scopes.PROFILE_READ, deptScope("credit"), Scopes.ADMIN))
  @Query(() => [RepairApplication], {
    name: "repairApplications",
    description: "A subject's repair applications with status and history; a subject's token sees its own.",
  })
  async repairApplicationsOf(@Arg("subjectId", () => ID, { description: "The subject." }) subjectId: string, @Ctx() ctx: CreditContext) {
    const id = may(ctx, Scopes.PROFILE_READ) ? ownSubjectOrAny(subjectId) : ownSubject(ctx, subjectId);
    return Promise.all((await ctx.loaders.repairs.load(id)).map((row) => toApplication(ctx, row)));
  }

  @Directive(readRecordsOf("credit"))
  @FieldResolver(() => [RepairApplication], { description: "Credit repair applications (信用修复申请) with status and history, newest first." })
  async repairApplications(@Root() subject: Subject, @Ctx() ctx: CreditContext) {
    return Promise.all((await ctx.loaders.repairs.load(subject.id)).map((row) => toApplication(ctx, row)));
  }
}

const ownSubjectOrAny = (subjectId: string) => {
  const parsed = parseSubjectId(subjectId);
  if (!parsed.ok) throw createValidationError([{ field: "subjectId", message: parsed.problem.message }]);
  return parsed.value.id;
};

/**
 * How long a running approval or reinstatement holds its application before another may take it
 * over: well past the department call's 10 s timeout, so a claim is taken over only once its own
 * call has ended.
 */
export const CLAIM_MS = 60_000;

const stale = (row: RepairRow, now: Date) => !row.claimed_at || Date.parse(row.claimed_at) < now.getTime() - CLAIM_MS;

/** An application the caller's department may decide (its status is the transition's to check), and the checked reason. */
async function decidable(ctx: CreditContext, applicationId: string, reason: string) {
  const why = checkText("reason", reason, 500);
  if (why.problem) throw createValidationError([why.problem]);
  const application = await findApplication(ctx.db, applicationId);
  if (!application) throw createError(ErrorCodes.NOT_FOUND, `No repair application "${applicationId}"`);
  if (!may(ctx, deptScope(application.department)))
    throw createError(ErrorCodes.FORBIDDEN, `Only the ${application.department} department decides this application`);
  return { application, why: why.text };
}

/**
 * Carries a claimed step out in the record's department. If the department answers no (nothing was
 * written there), the claim is released: the application goes back as `back` says, and the
 * department's error is thrown. Without an answer the application stays claimed, to be taken over
 * and retried once the claim is stale.
 */
async function carryOut(ctx: CreditContext, claimed: RepairRow, claimedAt: string, path: string, body: Record<string, unknown>, back: Step["set"]) {
  try {
    const carried = await callRepairRoute(ctx.config!, claimed.department, path, body, ctx.caller.sub);
    if (carried.change) ctx.scope.journal.push(carried.change);
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === ErrorCodes.DOWNSTREAM_SERVICE_ERROR) {
      throw createError(
        ErrorCodes.DOWNSTREAM_SERVICE_ERROR,
        `${error.message}: application "${claimed.id}" stays ${claimed.status} and may be retried after ${CLAIM_MS / 1000} s`,
        { department: claimed.department },
      );
    }
    // A release that fails leaves the application claimed: retried like an unanswered call.
    await transition(ctx.db, ctx.scope, claimed.id, { from: claimed.status, claimedAt, set: back, action: "RELEASE" }).catch(() => undefined);
    throw error;
  }
}
