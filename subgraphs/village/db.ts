/** 长兴's village archive tables: villages and their rule sets, households (一户一档), members, point events. */
import type { Insertable, Selectable } from "kysely";
import type { RecordColumns } from "../../shared/records/table.js";
import type { CodeColour, RuleCategory, VillageRow, VillageRuleRow } from "./village-data.js";
import type { VillageRecordCategory } from "./village.type.js";

/** A village committee's determinations (拒不履行调解协议 …): the common department record (shared/records/table.ts). */
export type VillageRecordTable = RecordColumns<VillageRecordCategory>;

/** A household's archive (一户一档一码). */
export interface VillageHouseholdTable {
  id: string;
  village_id: string;
  /** The township of its village, kept here so the dashboard's counts by township read one index. */
  township_code: string;
  /** The head of household (户主): a person in the credit office's directory. */
  head_id: string;
  address: string;
  /** Its code as of its last point event (the profile computes it live); the dashboard counts these. */
  colour: CodeColour;
  points: number;
  /** The last year it was named a 年度诚信示范户, if ever. */
  demonstration_year: number | null;
  opened_on: string;
  updated_at: string;
}

/** A person's membership of a household: one household per person. */
export interface VillageMemberTable {
  id: string;
  subject_id: string;
  household_id: string;
  /** 户主, 配偶, 子女, 父母, 其他. */
  relation: string;
}

/** One 文明诚信积分 event: who, under which rule of their village, when, how many points, recorded by whom, on what evidence. */
export interface VillagePointEventTable {
  id: string;
  household_id: string;
  /** The person whose conduct it is (a member of the household). */
  subject_id: string;
  rule_code: string;
  category: RuleCategory;
  occurred_on: string;
  points: number;
  recorded_by: string;
  evidence: string;
  /** 1 once withdrawn by a correction: kept, counted nowhere. */
  withdrawn: number;
  recorded_at: string;
}

export interface VillageDB {
  village_records: VillageRecordTable;
  village_villages: VillageRow;
  village_rules: VillageRuleRow;
  village_households: VillageHouseholdTable;
  village_members: VillageMemberTable;
  village_point_events: VillagePointEventTable;
}

export type VillageRecordRow = Selectable<VillageRecordTable>;
export type HouseholdRow = Selectable<VillageHouseholdTable>;
export type MemberRow = Selectable<VillageMemberTable>;
export type PointEventRow = Selectable<VillagePointEventTable>;
export type NewVillageRecord = Insertable<VillageRecordTable>;
export type NewHousehold = Insertable<VillageHouseholdTable>;
export type NewMember = Insertable<VillageMemberTable>;
export type NewPointEvent = Insertable<VillagePointEventTable>;
