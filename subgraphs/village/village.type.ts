/** The village archive's GraphQL types: `Subject.village`, households and their codes, villages and their rules, point events. Fields only, no logic. */
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { factCodes } from "../../shared/facts.js";
import { connectionOf } from "../../shared/pagination.js";
import { DepartmentRecord, recordCategories, recordInputs } from "../../shared/record.type.js";
import { DateScalar } from "../../shared/scalars.js";
import { defineValueSet, type ValueOf } from "../../shared/value-set.js";

/** Its categories and their labels are the department definition's (shared/departments.ts). */
export const VillageRecordCategory = recordCategories("village");
export type VillageRecordCategory = ValueOf<typeof VillageRecordCategory>;

/** The code's colours: the published fact `village.householdCode` (shared/departments.ts), which the evaluation and the 信易+ read. */
export const HouseholdCodeColour = factCodes("village.householdCode");
export type HouseholdCodeColour = ValueOf<typeof HouseholdCodeColour>;

export const VillageRuleCategory = defineValueSet("VillageRuleCategory", "Kind of 村规民约 item (积分类别).", {
  LAW_ABIDING: "遵纪守法 (law-abiding).",
  FAMILY_VIRTUE: "孝老爱亲 (family virtue).",
  NEIGHBOURHOOD: "邻里和睦 (neighbourhood).",
  ENVIRONMENT: "环境卫生 (environment and hygiene).",
  CIVILISED_CUSTOMS: "移风易俗 (civilised customs).",
  VOLUNTEER_SERVICE: "志愿服务 (volunteer service).",
});
export type VillageRuleCategory = ValueOf<typeof VillageRuleCategory>;

@ObjectType({
  description: "A village committee's determination (村居失信认定) with a number and a publicity window; 文明诚信积分 events are PointEvents, not records.",
})
export class VillageRecord extends DepartmentRecord {
  @Field(() => VillageRecordCategory, { description: "Kind of determination (类别)." })
  category!: VillageRecordCategory;
}

@ObjectType({ description: "One item of a village's rules (村规民约) with that village's points: positive rewards, negative deducts." })
export class VillageRule {
  @Field(() => String, { description: "Rule code, unique within the village." })
  code!: string;

  @Field(() => VillageRuleCategory, { description: "Kind of item (积分类别)." })
  category!: VillageRuleCategory;

  @Field(() => String, { description: "The item as the village wrote it." })
  description!: string;

  @Field(() => Int, { description: "Points per event under this village's rules." })
  points!: number;
}

@ObjectType({ description: "A village or community of 长兴县 (村居/社区). Names are synthetic: no source at hand names them." })
export class Village {
  @Field(() => ID, { description: "Village id." })
  id!: string;

  @Field(() => String, { description: "Name (村名/社区名), synthetic." })
  name!: string;

  @Field(() => String, { description: "Its township or subdistrict (乡镇/街道), synthetic." })
  township!: string;

  @Field(() => String, { description: "VILLAGE (村) or COMMUNITY (社区)." })
  kind!: string;

  @Field(() => [VillageRule], { description: "Its rules (村规民约积分细则), rewards first." })
  rules!: VillageRule[];
}

@ObjectType({ description: "A household's 文明诚信码 (一户一码): its base plus the points of its events in the window, and the colour they reach." })
export class HouseholdCode {
  @Field(() => HouseholdCodeColour, { description: "Colour of the code (thresholds ours)." })
  colour!: HouseholdCodeColour;

  @Field(() => Int, { description: "Points: the base plus every event in the window that was not withdrawn." })
  points!: number;

  @Field(() => DateScalar, { description: "The window starts after this day." })
  windowFrom!: string;

  @Field(() => DateScalar, { description: "The window ends on this day (today)." })
  windowTo!: string;
}

@ObjectType({ description: "One 文明诚信积分 event: whose conduct, under which rule, when, how many points, recorded by whom, on what evidence." })
export class PointEvent {
  @Field(() => ID, { description: "Event id (opaque)." })
  id!: string;

  @Field(() => ID, { description: "The household whose code it counts in." })
  householdId!: string;

  @Field(() => ID, { description: "The person whose conduct it is (their ID number; masked without pii:read)." })
  subjectId!: string;

  @Field(() => String, { description: "The village rule applied." })
  ruleCode!: string;

  @Field(() => VillageRuleCategory, { description: "The rule's kind." })
  category!: VillageRuleCategory;

  @Field(() => DateScalar, { description: "Day of the conduct." })
  occurredOn!: string;

  @Field(() => Int, { description: "Points, as the village's rule gave them." })
  points!: number;

  @Field(() => String, { description: "Who recorded it (the staff member's sign-in name)." })
  recordedBy!: string;

  @Field(() => String, { description: "Evidence (证据): what the village committee saw or holds." })
  evidence!: string;

  @Field(() => Boolean, { description: "Withdrawn by a correction: kept, counted nowhere." })
  withdrawn!: boolean;
}

@ObjectType({ description: "A household member (家庭成员): the person, in the directory, and the relation to the head." })
export class HouseholdMember {
  @Field(() => String, { description: "Relation to the head (与户主关系): 户主, 配偶, 子女, 父母, 其他." })
  relation!: string;

  /** `person`: the member as a `Subject` (declared with the Subject type, village.resolver.ts). */
  person!: { id: string };
}

@ObjectType({ description: "A household's archive (一户一档): its village, address, head, members and code." })
export class Household {
  @Field(() => ID, { description: "Household id (opaque)." })
  id!: string;

  @Field(() => ID, {
    description: "The head of household's identifier (户主): the subject the archive is filed under (masked without pii:read; audited as the subject read).",
  })
  subjectId!: string;

  @Field(() => String, { description: "Address (住址)." })
  address!: string;

  @Field(() => Int, { nullable: true, description: "The last year it was named a 年度诚信示范户, if ever." })
  demonstrationYear!: number | null;

  @Field(() => DateScalar, { description: "Day its archive was opened." })
  openedOn!: string;

  @Field(() => Village, { description: "Its village or community." })
  village!: Village;

  @Field(() => HouseholdCode, { description: "Its 文明诚信码, live: the events of the window up to today." })
  code!: HouseholdCode;

  @Field(() => [HouseholdMember], { description: "Its members (persons in the directory; names and ID numbers masked without pii:read), the head first." })
  members!: HouseholdMember[];

  @Field(() => [PointEvent], { description: "Its most recent point events, newest first, at most 20 (withdrawn ones included, marked)." })
  recentEvents!: PointEvent[];

  /** `head`: the head of household as a `Subject` (declared with the Subject type, village.resolver.ts). */
  head!: { id: string };
}

@ObjectType({
  description: "A subject's page in the village archive (长兴县村居): its household, if it belongs to one, and any village committee determinations.",
})
export class VillageProfile {
  @Field(() => Household, {
    nullable: true,
    description:
      "The person's household (一户一档一码); null for a subject in no household (most subjects outside 长兴). The profile itself is null only when the village archive is unavailable.",
  })
  household!: Promise<Household | null>;

  @Field(() => [VillageRecord], { description: "Village committee determinations (村居失信认定), newest decision first." })
  records!: VillageRecord[];
}

export const HouseholdConnection = connectionOf(Household, {
  name: "HouseholdConnection",
  description: "A page of households.",
  nodes: "The households of this page, by village and id.",
  totalCount: "How many households match.",
});

@ObjectType({ description: "How many households of a township hold a code of a colour (as of each household's last event)." })
export class TownshipCodeCount {
  @Field(() => String, { description: "Township or subdistrict (synthetic name)." })
  township!: string;

  @Field(() => HouseholdCodeColour, { description: "Colour." })
  colour!: HouseholdCodeColour;

  @Field(() => Int, { description: "Households." })
  households!: number;
}

@ObjectType({ description: "Points of one rule category: events and their sum, withdrawn events left out." })
export class CategoryPoints {
  @Field(() => VillageRuleCategory, { description: "Rule category." })
  category!: VillageRuleCategory;

  @Field(() => Int, { description: "Events recorded." })
  events!: number;

  @Field(() => Int, { description: "Sum of their points." })
  points!: number;
}

@ObjectType({ description: "The village archive's figures for the dashboard: archives, codes by township, points by rule category (aggregates over indexes)." })
export class VillageFigures {
  @Field(() => Int, { description: "Household archives (文明诚信档案)." })
  archives!: number;

  @Field(() => Int, { description: "Villages and communities (村居)." })
  villages!: number;

  @Field(() => Int, { description: "Households named 诚信示范户 in the latest year with any." })
  demonstrationHouseholds!: number;

  @Field(() => [TownshipCodeCount], { description: "Households by township and code colour." })
  codesByTownship!: TownshipCodeCount[];

  @Field(() => [CategoryPoints], { description: "Events and points by rule category." })
  pointsByCategory!: CategoryPoints[];
}

/** `RecordVillageRecordInput` and `CorrectVillageRecordInput`. */
export const { RecordInput: RecordVillageRecordInput, CorrectInput: CorrectVillageRecordInput } = recordInputs("village", {
  record: "A village committee determination (村居失信认定) to record.",
  correct: "Corrections to a village determination (更正); omitted fields stay as they are.",
  category: "Kind of determination (类别).",
  correctedCategory: "Corrected kind of determination.",
});

@InputType({ description: "A 文明诚信积分 event to record for a household member." })
export class RecordPointEventInput {
  @Field(() => ID, { description: "The person whose conduct it is: an 18-character ID number of a member of a household." })
  subjectId!: string;

  @Field(() => String, { description: "A rule of the person's village (its code)." })
  ruleCode!: string;

  @Field(() => DateScalar, { description: "Day of the conduct; not in the future." })
  occurredOn!: string;

  @Field(() => String, { description: "Evidence (证据), 1–500 characters." })
  evidence!: string;
}

@InputType({ description: "A correction of a point event (更正): another rule, another day, other evidence, or withdrawn. Omitted fields stay." })
export class CorrectPointEventInput {
  @Field(() => ID, { description: "The event to correct." })
  id!: string;

  @Field(() => String, { nullable: true, description: "Another rule of the household's village; its points follow." })
  ruleCode?: string;

  @Field(() => DateScalar, { nullable: true, description: "Corrected day of the conduct; not in the future." })
  occurredOn?: string;

  @Field(() => String, { nullable: true, description: "Corrected evidence, 1–500 characters." })
  evidence?: string;

  @Field(() => Boolean, { nullable: true, description: "true withdraws the event (recorded in error): it stops counting." })
  withdrawn?: boolean;

  @Field(() => String, { description: "Why (更正理由), 1–200 characters." })
  reason!: string;
}
