/** `Subject.evaluation`, `Subject.evaluationIf`, `Query.scoringPolicy`, `Query.evaluationSnapshot`. Thin. */
import { createError, ErrorCodes } from "../../shared/errors.js";
import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { DateScalar, todayInChina } from "../../shared/scalars.js";
import { READ_ALL_DEPARTMENTS, requiresAnyScope, Scopes } from "../../shared/scopes.js";
import type { EvaluationContext } from "./context.js";
import { CreditEvaluation, EvaluationSnapshot, ScoringPolicy } from "./evaluation.type.js";
import type { Policy } from "./policy.js";
import { EvaluationSubject, REQUIRED_FIELDS } from "./profile.type.js";
import { evaluateProfile, type ProfileFacts } from "./score.js";
import { loadLatestSnapshot } from "./snapshot.repo.js";

/** The most records one what-if may treat as repaired (a subject rarely has more; the cost limit counts each). */
export const MAX_WHAT_IF_REPAIRS = 50;

function evaluate(profile: ProfileFacts, policy: Policy, asOf: string | undefined, repaired: string[] = []): CreditEvaluation {
  const result = evaluateProfile(profile, policy, asOf ?? todayInChina(), new Set(repaired));
  return { ...result, evaluatedAt: new Date().toISOString() };
}

export function describePolicy(policy: Policy): ScoringPolicy {
  const rules: ScoringPolicy["rules"] = [
    ...policy.directDowngrades.map((d) => ({
      kind: d.kind,
      matches: d.kind === "LIST" ? d.list : d.kind === "RECORD" ? `${d.department}/${d.category}` : d.kind === "TAX_LEVEL" ? `tax/${d.level}` : d.department,
      dimension: null,
      points: null,
      capAt: d.capAt,
      zh: d.zh,
      en: d.en,
    })),
    ...policy.recordRules.map((r) => ({
      kind: "RECORD",
      matches: `${r.department}/${r.category}/${r.severity}`,
      dimension: r.dimension,
      points: r.points ?? r.pointsPerRecordPoint ?? null,
      capAt: null,
      zh: r.zh,
      en: r.en,
    })),
    ...policy.listRules.map((r) => ({ kind: "LIST", matches: r.list, dimension: r.dimension, points: r.points, capAt: null, zh: r.zh, en: r.en })),
    ...policy.taxLevelRules.map((r) => ({
      kind: "TAX_LEVEL",
      matches: `tax/${r.level}`,
      dimension: r.dimension,
      points: r.points,
      capAt: null,
      zh: r.zh,
      en: r.en,
    })),
    ...(policy.factRules ?? []).map((r) => ({
      kind: "FACT",
      matches: `${r.department}.${r.fact}/${r.value}`,
      dimension: r.dimension,
      points: r.points,
      capAt: null,
      zh: r.zh,
      en: r.en,
    })),
    ...policy.commitmentRules.map((r) => ({
      kind: "COMMITMENT",
      matches: `${r.subjectKind ?? "*"}/${r.fulfilment}`,
      dimension: r.dimension,
      points: r.points,
      capAt: null,
      zh: r.zh,
      en: r.en,
    })),
  ];
  return {
    version: policy.version,
    description: policy.description,
    provenance: policy.provenance,
    dimensions: policy.dimensions.map((d) => ({ name: d.name, zh: d.zh, weight: d.weight, score: d.base })),
    levels: policy.levels,
    rules,
  };
}

@Resolver(() => EvaluationSubject)
export class EvaluationResolver {
  @Directive(`@requires(fields: "${REQUIRED_FIELDS}")`)
  @Directive(READ_ALL_DEPARTMENTS)
  @FieldResolver(() => CreditEvaluation, {
    nullable: true,
    description:
      "Live public credit evaluation (公共信用评价) from every department's records, with reasons. Incomplete (no level) when a department is unavailable.",
  })
  evaluation(
    @Root() subject: ProfileFacts,
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Evaluate as of this date (default today): shows why a level changed." }) asOf:
      | string
      | undefined,
    @Ctx() ctx: EvaluationContext,
  ): CreditEvaluation {
    return evaluate(subject, ctx.policy, asOf);
  }

  @Directive(`@requires(fields: "${REQUIRED_FIELDS}")`)
  @Directive(READ_ALL_DEPARTMENTS)
  @FieldResolver(() => CreditEvaluation, {
    nullable: true,
    description: "What-if (修复模拟): the evaluation if these records (of any department, or list entries and commitments) were repaired.",
  })
  evaluationIf(
    @Root() subject: ProfileFacts,
    @Arg("repair", () => [ID], { description: `Ids of the records to treat as repaired (at most ${MAX_WHAT_IF_REPAIRS}).` }) repair: string[],
    @Arg("asOf", () => DateScalar, { nullable: true, description: "Evaluate as of this date (default today)." }) asOf: string | undefined,
    @Ctx() ctx: EvaluationContext,
  ): CreditEvaluation {
    if (repair.length > MAX_WHAT_IF_REPAIRS) {
      throw createError(ErrorCodes.BAD_USER_INPUT, `repair may name at most ${MAX_WHAT_IF_REPAIRS} records, got ${repair.length}`);
    }
    return evaluate(subject, ctx.policy, asOf, repair);
  }

  @Query(() => ScoringPolicy, { description: "The active scoring policy, public: how every evaluation is computed." })
  scoringPolicy(@Ctx() ctx: EvaluationContext): ScoringPolicy {
    return describePolicy(ctx.policy);
  }

  @Directive(requiresAnyScope(Scopes.METRICS_READ, Scopes.ADMIN))
  @Query(() => EvaluationSnapshot, {
    nullable: true,
    description: "The latest finished population snapshot (npm run evaluate -- --all); null before the first.",
  })
  async evaluationSnapshot(@Ctx() ctx: EvaluationContext): Promise<EvaluationSnapshot | null> {
    const latest = await loadLatestSnapshot(ctx.db);
    if (!latest) return null;
    const { snapshot, counts } = latest;
    return {
      id: snapshot.id,
      startedAt: snapshot.started_at,
      finishedAt: snapshot.finished_at,
      policyVersion: snapshot.policy_version,
      asOf: snapshot.as_of,
      subjects: snapshot.subjects,
      distribution: counts.map((c) => ({ kind: c.kind, district: c.district, grade: c.grade, count: c.count })),
    };
  }
}
