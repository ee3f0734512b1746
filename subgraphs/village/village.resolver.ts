/**
 * `Subject.village` (the kernel's record resolver: a person's household and the village's
 * determinations), the village staff's household pages and point-event writes, and the dashboard's
 * figures. Thin: args → validation → repo → result.
 */
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Directive, Field, ID, Info, Int, Mutation, Query, Resolver } from "type-graphql";
import { checkPageSize, selectsField } from "../../shared/pagination.js";
import { recordResolver } from "../../shared/records/department.js";
import { toRecordFields } from "../../shared/records/fields.js";
import { todayInChina } from "../../shared/scalars.js";
import { canReadPii, deptScope, mayReadUnmasked, requiresAnyScope, Scopes, writeRecordsOf } from "../../shared/scopes.js";
import { householdCode } from "./code.js";
import type { VillageContext } from "./context.js";
import type { HouseholdRow, PointEventRow, VillageRecordRow } from "./db.js";
import { correctPointEvent, recordPointEvent } from "./point-events.js";
import { villageData } from "./village-data.js";
import { pageHouseholds, villageFigures } from "./village.repo.js";
import {
  CorrectPointEventInput,
  CorrectVillageRecordInput,
  Household,
  HouseholdConnection,
  HouseholdMember,
  PointEvent,
  RecordPointEventInput,
  RecordVillageRecordInput,
  VillageFigures,
  VillageProfile,
  VillageRecord,
} from "./village.type.js";

/** How many events `recentEvents` lists. */
const RECENT_EVENTS = 20;
/** The village staff (and admin) read households and write point events. */
const VILLAGE_STAFF = writeRecordsOf("village");

const toEvent = (e: PointEventRow): PointEvent => ({
  id: e.id,
  householdId: e.household_id,
  subjectId: e.subject_id,
  ruleCode: e.rule_code,
  category: e.category,
  occurredOn: e.occurred_on,
  points: e.points,
  recordedBy: e.recorded_by,
  evidence: e.evidence,
  withdrawn: e.withdrawn === 1,
});

/**
 * What of a household the caller may read beyond its code and members (who are `Subject`s, masked by
 * the directory and the gateway): the village staff and `pii:read` everything; a member's own
 * `self:read` token the household's address and that member's own events; anyone else the village
 * alone for the address and no member's events (their conduct and evidence are personal data).
 */
function householdAccess(ctx: VillageContext, memberIds: readonly string[]) {
  const { caller } = ctx;
  const all = canReadPii(caller) || caller.scopes.includes(deptScope("village"));
  return {
    address: all || memberIds.some((id) => mayReadUnmasked(caller, id)),
    event: (e: PointEventRow) => all || mayReadUnmasked(caller, e.subject_id),
  };
}

/** A household as the schema shows it, its parts read through the request's loaders (one statement per batch). */
async function householdView(h: HouseholdRow, ctx: VillageContext): Promise<Household> {
  const [village, rules, members, events] = await Promise.all([
    ctx.loaders.villages.load(h.village_id),
    ctx.loaders.rules.load(h.village_id),
    ctx.loaders.members.load(h.id),
    ctx.loaders.events.load(h.id),
  ]);
  const head = members.filter((m) => m.subject_id === h.head_id);
  const may = householdAccess(
    ctx,
    members.map((m) => m.subject_id),
  );
  return {
    id: h.id,
    subjectId: h.head_id,
    address: may.address ? h.address : `${village?.township ?? ""}${village?.name ?? ""}（门牌已隐藏）`,
    demonstrationYear: h.demonstration_year,
    openedOn: h.opened_on,
    village: {
      id: h.village_id,
      name: village?.name ?? "",
      township: village?.township ?? "",
      kind: village?.kind ?? "VILLAGE",
      rules: rules.map((r) => ({ code: r.code, category: r.category, description: r.description, points: r.points })),
    },
    code: householdCode(events, todayInChina()),
    head: { id: h.head_id },
    members: [...head, ...members.filter((m) => m.subject_id !== h.head_id)].map((m) => ({ relation: m.relation, person: { id: m.subject_id } })),
    recentEvents: events.filter(may.event).slice(0, RECENT_EVENTS).map(toEvent),
  };
}

/** The household of a person, if they belong to one. */
async function householdOf(subjectId: string, ctx: VillageContext): Promise<Household | null> {
  const [membership] = await ctx.loaders.memberships.load(subjectId);
  const household = membership && (await ctx.loaders.households.load(membership.household_id));
  return household ? householdView(household, ctx) : null;
}

const VillageSubjectResolver = recordResolver({
  name: "village",
  profile: VillageProfile,
  record: VillageRecord,
  recordInput: RecordVillageRecordInput,
  correctInput: CorrectVillageRecordInput,
  toRecord: (r: VillageRecordRow) => toRecordFields(r),
  describe: {
    subject: "A credit subject, as 长兴's village archive sees it.",
    profile:
      "The subject's page in 长兴's village archive (长兴县村居): its household (null for one in none) and the village committees' determinations; null only when the village archive is unavailable.",
    record: "Records a village committee determination (村居失信认定); its publicity end date follows from its severity.",
    recordInput: "The determination to record.",
    correct: "Corrects an active village determination (更正); the publicity end date follows.",
    correctInput: "The corrected fields.",
    close: "Removes a village determination on a legal basis; it stops counting. Never a repair: repairs go through applyForCreditRepair.",
    closedOn: "Date of the removal; not in the future.",
  },
  async resolveProfile(subjectId: string, ctx: VillageContext): Promise<VillageProfile> {
    const records = await ctx.loaders.records.load(subjectId);
    const today = todayInChina();
    return {
      records: records.map((r) => toRecordFields(r, today)),
      // Read only when asked for: a profile without `household` reads the records alone.
      get household() {
        return householdOf(subjectId, ctx);
      },
    };
  },
});

// The head and the members are `Subject`s: the credit office's directory adds their names (masked without pii:read).
const { subject: VillageSubject } = VillageSubjectResolver;
Field(() => VillageSubject, { description: "The head of household (户主)." })(Household.prototype, "head");
Field(() => VillageSubject, { description: "The member, as the directory knows them." })(HouseholdMember.prototype, "person");

@Resolver(() => VillageSubject)
export class VillageResolver extends VillageSubjectResolver {
  @Directive(VILLAGE_STAFF)
  @Query(() => HouseholdConnection, {
    description: "Households of 长兴's archive for the village staff (dept:village), by id; of one village or township if given.",
  })
  async households(
    @Arg("villageId", () => ID, { nullable: true, description: "Only this village's households." }) villageId: string | null,
    @Arg("township", () => String, { nullable: true, description: "Only this township's households (its code, e.g. T04)." }) township: string | null,
    @Arg("first", () => Int, { nullable: true, description: "Page size (default 20, at most 100)." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "`pageInfo.endCursor` of the previous page." }) after: string | null,
    @Ctx() ctx: VillageContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const size = checkPageSize(first, ctx.caller);
    const afterId = after ? ctx.cursors.decode("households", after) : null;
    const { rows, total } = await pageHouseholds(ctx.db, { villageId, townshipCode: township }, size, afterId, selectsField(info, "totalCount"));
    const nodes = await Promise.all(rows.slice(0, size).map((h) => householdView(h, ctx)));
    const last = nodes[nodes.length - 1];
    return { nodes, totalCount: total, pageInfo: { endCursor: last ? ctx.cursors.encode("households", last.id) : null, hasNextPage: rows.length > size } };
  }

  @Directive(requiresAnyScope(Scopes.METRICS_READ, deptScope("village"), Scopes.ADMIN))
  @Query(() => VillageFigures, { description: "The village archive's figures for the dashboard: archives, codes by township, points by rule category." })
  async villageFigures(@Ctx() ctx: VillageContext): Promise<VillageFigures> {
    const { codes, points, villages, demonstrations } = await villageFigures(ctx.db);
    const townshipName = new Map(villages.map((v) => [v.township_code, v.township]));
    const order = villageData().code.colours.map((c) => c.colour);
    return {
      archives: codes.reduce((s, c) => s + Number(c.n), 0),
      villages: villages.length,
      demonstrationHouseholds: demonstrations,
      codesByTownship: codes
        .map((c) => ({ township: townshipName.get(c.township_code) ?? c.township_code, colour: c.colour, households: Number(c.n) }))
        .sort((a, b) => a.township.localeCompare(b.township) || order.indexOf(a.colour) - order.indexOf(b.colour)),
      pointsByCategory: points
        .map((p) => ({ category: p.category, events: Number(p.n), points: Number(p.points) }))
        .sort((a, b) => a.category.localeCompare(b.category)),
    };
  }

  @Directive(VILLAGE_STAFF)
  @Mutation(() => PointEvent, { description: "Records a 文明诚信积分 event for a household member at their village's points; the household's code follows." })
  async recordPointEvent(@Arg("input", () => RecordPointEventInput, { description: "The event." }) input: RecordPointEventInput, @Ctx() ctx: VillageContext) {
    return toEvent(await recordPointEvent(ctx.pointEvents, input));
  }

  @Directive(VILLAGE_STAFF)
  @Mutation(() => PointEvent, { description: "Corrects or withdraws a point event (更正), with the reason; the household's code follows." })
  async correctPointEvent(
    @Arg("input", () => CorrectPointEventInput, { description: "The correction." }) input: CorrectPointEventInput,
    @Ctx() ctx: VillageContext,
  ) {
    return toEvent(await correctPointEvent(ctx.pointEvents, input));
  }
}
