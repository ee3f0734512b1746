/**
 * 长兴's synthetic household archives, at seed 003's proportions scaled to the seed's population:
 * 长兴 persons come in households of 1–4 in the population's order (the first is the head, 户主);
 * 97 % of households have an archive (23万余 archives ≈ 97 % of the county's households), each in
 * one of the 272 villages, with 文明诚信积分 events of the last two years under its village's rules
 * (good conduct more often than bad, bad conduct following the head's latent risk); a household
 * is named 诚信示范户 in a year with the article's rate (524 a year of 23万 archives). Persons
 * outside 长兴 have no household. Village committee determinations (records) are rare and only
 * among the riskiest heads.
 */
import { addDays, createRng, type Rng } from "../../shared/seeding/random.js";
import { buildRecordRow, type DepartmentSeeder, documentSerial, opaqueId, type SyntheticSubject } from "../../shared/seeding/seeder.js";
import { householdCode } from "./code.js";
import type { NewHousehold, NewMember, NewPointEvent, NewVillageRecord } from "./db.js";
import { migrations } from "./migrations/index.js";
import { villageData, villagesOf } from "./village-data.js";
import type { VillageRecordCategory } from "./village.type.js";

const RELATIONS = ["配偶", "子女", "父母", "子女", "其他"];
const DETERMINATIONS: Record<VillageRecordCategory, string> = {
  MEDIATION_BREACH: "拒不履行村人民调解委员会主持达成的调解协议",
  RULE_BREACH_UNCORRECTED: "违章搭建经村委会书面告知后拒不整改",
};

/** The household being filled: its id and how many members it still takes. */
let open: { id: string; remaining: number } | null = null;

function pointEvents(head: SyntheticSubject, householdId: string, villageId: string, asOf: string, rng: Rng): NewPointEvent[] {
  const rules = villagesOf().rules.filter((r) => r.village_id === villageId);
  const good = rules.filter((r) => r.points > 0);
  const bad = rules.filter((r) => r.points < 0);
  const drawn = [
    ...Array.from({ length: rng.int(0, 5) }, () => rng.pick(good)),
    ...Array.from({ length: rng.chance(0.05 + head.risk * 0.6) ? rng.int(1, 3) : 0 }, () => rng.pick(bad)),
  ].filter((r) => r !== undefined);
  return drawn.map((rule, k) => ({
    id: opaqueId("PE", householdId, k + 1),
    household_id: householdId,
    subject_id: head.id,
    rule_code: rule.code,
    category: rule.category,
    occurred_on: addDays(asOf, -rng.int(1, 730)),
    points: rule.points,
    recorded_by: `village-${villageId}`,
    evidence: rule.points > 0 ? "村民小组长核实，村委会公示无异议" : "网格员现场核实，有照片和村委会告知书存档",
    withdrawn: 0,
    recorded_at: `${asOf}T00:00:00.000Z`,
  }));
}

function determinations(head: SyntheticSubject, asOf: string, rng: Rng): NewVillageRecord[] {
  if (head.risk < 0.3 || !rng.chance(0.35)) return [];
  const category = rng.pick(["MEDIATION_BREACH", "RULE_BREACH_UNCORRECTED"] as const);
  const decidedOn = addDays(asOf, -rng.int(10, 700));
  const id = opaqueId("VR", head.id, 1);
  const record = { id, subjectId: head.id, category, severity: "GENERAL" as const, amountFen: null, description: DETERMINATIONS[category], decidedOn };
  return [buildRecordRow("village", { ...record, documentNo: `长兴村调〔${decidedOn.slice(0, 4)}〕${documentSerial(id)}号` }, asOf)];
}

/** A new household headed by `head`: its archive, its head's membership, its events and code. */
function openHousehold(head: SyntheticSubject, asOf: string, rng: Rng) {
  const data = villageData();
  const { villages } = villagesOf();
  const village = rng.pick(villages);
  const id = opaqueId("HH", head.id, 1);
  const events = pointEvents(head, id, village.id, asOf, rng);
  const { colour, points } = householdCode(events, asOf, data);
  // 524 诚信示范户 a year of 23万余 archives, among households with a good code.
  const demonstrationRate = data.seeding.demonstrationsPerYear / data.seeding.archivesReported;
  const year = Number(asOf.slice(0, 4)) - 1;
  const household: NewHousehold = {
    id,
    village_id: village.id,
    township_code: village.township_code,
    head_id: head.id,
    address: `${village.township}${village.name}${rng.int(1, 300)}号`,
    colour,
    points,
    demonstration_year: points >= data.code.base && rng.chance(demonstrationRate * 2) ? year : null,
    opened_on: addDays(asOf, -rng.int(400, 1200)),
    updated_at: `${asOf}T00:00:00.000Z`,
  };
  const [min, max] = data.seeding.householdSize;
  open = { id, remaining: rng.int(min, max) - 1 };
  return { household, events };
}

/** One subject's rows, by table. */
type VillageRows = {
  village_records: NewVillageRecord[];
  village_households: NewHousehold[];
  village_members: NewMember[];
  village_point_events: NewPointEvent[];
};

function generate(subject: SyntheticSubject, asOf: string) {
  const rows: VillageRows = { village_records: [], village_households: [], village_members: [], village_point_events: [] };
  if (subject.kind !== "PERSON" || subject.district !== "CHANGXING") return { rows };
  const rng = createRng(`village:${subject.id}`);
  if (open && open.remaining > 0) {
    open.remaining -= 1;
    rows.village_members.push({ id: opaqueId("HM", subject.id, 1), subject_id: subject.id, household_id: open.id, relation: rng.pick(RELATIONS) });
    return { rows };
  }
  open = null;
  // About 3 % of households keep no archive (23万余 archives are 97 % of the county's households).
  if (!rng.chance(villageData().seeding.archiveShare)) return { rows };
  const { household, events } = openHousehold(subject, asOf, rng);
  rows.village_households.push(household);
  rows.village_members.push({ id: opaqueId("HM", subject.id, 1), subject_id: subject.id, household_id: household.id, relation: "户主" });
  rows.village_point_events.push(...events);
  rows.village_records.push(...determinations(subject, asOf, rng));
  return { rows };
}

export const villageSeeder: DepartmentSeeder = {
  name: "village",
  migrations,
  start: () => {
    open = null;
  },
  generate,
};
