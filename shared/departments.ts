/**
 * The departments of the federation, each defined once: its name (as in the supergraph), titles,
 * default port (gateway 4000, subgraphs 4001+), and — for a department that keeps records about
 * subjects on its own `Subject` field — that field, its GraphQL type names and its record
 * categories with their Chinese labels. Everything that lists departments derives from here:
 * configuration and scopes, the gateway's routing, the evaluation's `@requires` and facts, the
 * credit office's reads for special reports and repair applications, the web app's profile
 * sections and labels, the security, outage, bypass and N+1 tests, the bench. The registry
 * (`subgraphs/registry.ts`) must define exactly these subgraphs (a type error otherwise).
 *
 * Plain data, importing only the division table (plain data too): the web app bundles it.
 */
import { HUZHOU_DISTRICTS } from "./divisions.js";

/** A record category: its Chinese label (what a person reads) and its English description (the enum value's). */
export type CategoryLabel = readonly [zh: string, en: string];

/** What a record department publishes on `Subject`: every consumer reads `<profileField> { records { … } }`. */
export interface RecordsDefinition {
  /** The GraphQL type of `Subject.<profileField>`. */
  readonly profileType: string;
  /** The GraphQL type of one record in its `records` list. */
  readonly recordType: string;
  /** The record table (`npm run import` writes it). */
  readonly table: string;
  /** The category enum: GraphQL name, description, values with their labels. */
  readonly categories: { readonly name: string; readonly description: string; readonly values: Readonly<Record<string, CategoryLabel>> };
}

/**
 * A fact a department publishes beyond its records: a code on its `Subject` field (长兴's household
 * 文明诚信码 colour). Data, read generically: the evaluation @requires it and weighs it by the
 * policy's `factRules`; the 信易+ catalogue may require it (`{ "fact": "<department>.<name>", "anyOf": [...] }`);
 * the department builds its enum from it (shared/facts.ts `factCodes`).
 */
export interface FactDefinition {
  /** Its name within the department: `<department>.<name>` in the policy's and the catalogue's rules. */
  readonly name: string;
  /** What a person reads: 长兴文明诚信码（户） / Changxing household civility code. */
  readonly zh: string;
  readonly en: string;
  /** The object fields from the department's profile down to the code, each with its GraphQL type; a null on the way: the subject has none. */
  readonly path: readonly { readonly field: string; readonly type: string; readonly nullable: boolean }[];
  /** The field holding the code, and its enum: GraphQL name, description, values best first with their label and description. */
  readonly code: {
    readonly field: string;
    readonly name: string;
    readonly description: string;
    readonly values: Readonly<Record<string, { readonly zh: string; readonly en: string }>>;
  };
  /** An Int beside the code that reasons and conditions show (e.g. points), with its unit. */
  readonly detail?: { readonly field: string; readonly zh: string; readonly en: string };
}

/** One department's definition (every entry of DEPARTMENTS is checked against it). */
export interface DepartmentDefinitionData {
  /** As in the supergraph, the `dept:<name>` scope, `XINYI_<NAME>_*` configuration. */
  readonly name: string;
  /** Short titles a person reads: 市税务局 / tax bureau. */
  readonly zh: string;
  readonly en: string;
  readonly defaultPort: number;
  /** Keeps credit records about subjects (has a `dept:<name>` scope that opens the directory). */
  readonly keepsRecords: boolean;
  /** The `Subject` field it adds, with its `records` list; null for none. */
  readonly profileField: string | null;
  readonly records: RecordsDefinition | null;
  /**
   * Whose evaluation needs its field: every subject's when absent. A department that keeps archives
   * of one district's residents only (长兴's village archive) names that district as the directory
   * does (`Subject.district`, where a person lives — not where their ID number was issued): while it
   * is down, only the persons living there have incomplete evaluations.
   */
  readonly personsOfDistrict?: string;
  /** Facts it publishes beyond its records (a department with a `Subject` field only). */
  readonly facts?: readonly FactDefinition[];
}

export const DEPARTMENTS = [
  {
    name: "credit",
    zh: "市信用办",
    en: "credit office",
    defaultPort: 4001,
    keepsRecords: true,
    profileField: null,
    records: null,
  },
  {
    name: "tax",
    zh: "市税务局",
    en: "tax bureau",
    defaultPort: 4002,
    keepsRecords: true,
    profileField: "tax",
    records: {
      profileType: "TaxProfile",
      recordType: "TaxViolation",
      table: "tax_violations",
      categories: {
        name: "TaxViolationCategory",
        description: "Kind of tax violation (税收违法行为).",
        values: {
          LATE_FILING: ["逾期申报", "逾期申报"],
          LATE_PAYMENT: ["逾期缴纳税款", "逾期缴纳税款"],
          INVOICE_VIOLATION: ["违反发票管理规定", "违反发票管理规定"],
          TAX_EVASION: ["偷逃税款", "偷逃税款 (逃避缴纳税款)"],
          FALSE_VAT_INVOICES: ["虚开增值税专用发票", "虚开增值税专用发票"],
          OBSTRUCTING_INSPECTION: ["拒绝、阻挠税务检查", "拒绝、阻挠税务检查"],
        },
      },
    },
  },
  {
    name: "health",
    zh: "市卫健委/医保局",
    en: "health commission",
    defaultPort: 4003,
    keepsRecords: true,
    profileField: "health",
    records: {
      profileType: "HealthProfile",
      recordType: "HealthRecord",
      table: "health_records",
      categories: {
        name: "HealthRecordCategory",
        description: "Kind of health or medical-insurance record (卫生健康、医疗保障领域失信行为).",
        values: {
          PAY_AFTER_DEFAULT: ["医后付欠费逾期", "A pay-after-treatment bill left unpaid past its due date (医后付欠费逾期)."],
          INSURANCE_FRAUD: ["欺诈骗取医保基金", "Fraudulently obtaining medical-insurance funds (欺诈骗取医保基金)."],
          PROVIDER_NONCOMPLIANCE: ["定点医药机构违规", "Violations by a designated medical or pharmacy provider; organisations only (定点医药机构违规)."],
          MEDICAL_ORDER_VIOLATION: ["扰乱医疗秩序", "Disrupting medical order, e.g. at a hospital (扰乱医疗秩序)."],
        },
      },
    },
  },
  {
    name: "transport",
    zh: "市交通运输局",
    en: "transport bureau",
    defaultPort: 4004,
    keepsRecords: true,
    profileField: "transport",
    records: {
      profileType: "TransportProfile",
      recordType: "TransportRecord",
      table: "transport_records",
      categories: {
        name: "TransportRecordCategory",
        description: "Kind of transport record (交通运输失信行为).",
        values: {
          TRAFFIC_VIOLATION: ["交通违法", "Traffic violation (交通违法), e.g. speeding or running a red light."],
          OPERATING_VIOLATION: [
            "违规营运",
            "Operating violation (违规营运), e.g. unlicensed passenger transport (非法营运) or a carrier's operating breach; mostly organisations.",
          ],
          FARE_EVASION: ["逃票", "Fare evasion (逃票), e.g. on buses."],
          PARKING_ARREARS: ["停车欠费", "Unpaid on-street parking fees (停车欠费); the record's amount is the arrears."],
        },
      },
    },
  },
  {
    name: "public-resources",
    zh: "市公管办",
    en: "public resources office",
    defaultPort: 4005,
    keepsRecords: true,
    profileField: "publicResources",
    records: {
      profileType: "PublicResourcesProfile",
      recordType: "TradingRecord",
      table: "trading_records",
      categories: {
        name: "TradingRecordCategory",
        description: "Kind of bad behaviour in public resources trading (公共资源交易不良行为).",
        values: {
          BID_RIGGING: ["串通投标", "Bid rigging or collusive bidding (串通投标)."],
          FALSE_MATERIALS: ["提供虚假材料、弄虚作假", "False materials or fraud in bidding (提供虚假材料、弄虚作假)."],
          CONTRACT_BREACH: ["中标后不履约、违约", "Failing to perform or breaching the contract after winning (中标后不履约、违约)."],
          IMPROPER_CONDUCT: ["其他不良行为", "Other bad behaviour, e.g. unjustified complaints (其他不良行为, 如恶意投诉)."],
        },
      },
    },
  },
  {
    name: "market",
    zh: "市市场监管局",
    en: "market supervision",
    defaultPort: 4006,
    keepsRecords: true,
    profileField: "market",
    records: {
      profileType: "MarketProfile",
      recordType: "MarketRecord",
      table: "market_records",
      categories: {
        name: "MarketRecordCategory",
        description: "Kind of market supervision record (市场监管信用记录).",
        values: {
          ADMINISTRATIVE_PENALTY: ["行政处罚", "Administrative penalty decision (行政处罚)."],
          SPECIAL_EQUIPMENT: [
            "特种设备行政处罚",
            "Administrative penalty in special equipment safety (特种设备行政处罚): boilers, lifts, pressure vessels; its repair waits 1 year.",
          ],
          ABNORMAL_OPERATIONS: ["列入经营异常名录", "Listed in the abnormal operations directory (列入经营异常名录)."],
          SERIOUS_VIOLATION: ["列入严重违法失信名单", "Listed as a serious illegal and dishonest entity (列入严重违法失信名单), SAMR Order No. 44, 2021."],
        },
      },
    },
  },
  {
    name: "village",
    zh: "长兴县村居",
    en: "Changxing villages",
    defaultPort: 4010,
    keepsRecords: true,
    profileField: "village",
    personsOfDistrict: "CHANGXING",
    facts: [
      {
        name: "householdCode",
        zh: "长兴文明诚信码（户）",
        en: "Changxing household civility code",
        path: [
          { field: "household", type: "Household", nullable: true },
          { field: "code", type: "HouseholdCode", nullable: false },
        ],
        code: {
          field: "colour",
          name: "HouseholdCodeColour",
          description: "Colour of a household's 文明诚信码 (thresholds ours, in the village data file).",
          values: {
            BLUE: { zh: "蓝码", en: "蓝码: the most points." },
            GREEN: { zh: "绿码", en: "绿码: at or above the base." },
            YELLOW: { zh: "黄码", en: "黄码: below the base." },
            RED: { zh: "红码", en: "红码: well below the base." },
          },
        },
        detail: { field: "points", zh: "分", en: "points" },
      },
    ],
    records: {
      profileType: "VillageProfile",
      recordType: "VillageRecord",
      table: "village_records",
      categories: {
        name: "VillageRecordCategory",
        description: "Kind of village committee determination (村居失信认定): a decision with a number, not a 文明诚信积分 point event.",
        values: {
          MEDIATION_BREACH: [
            "拒不履行人民调解协议",
            "Refusing to perform a people's mediation agreement (拒不履行人民调解协议), found by the village mediation committee.",
          ],
          RULE_BREACH_UNCORRECTED: [
            "违反村规民约拒不整改",
            "Breaking the village rules and refusing to correct it after notice (违反村规民约拒不整改), e.g. illegal building.",
          ],
        },
      },
    },
  },
  {
    name: "evaluation",
    zh: "公共信用评价",
    en: "evaluation",
    defaultPort: 4007,
    keepsRecords: false,
    profileField: null,
    records: null,
  },
  {
    name: "incentives",
    zh: "信易+激励",
    en: "incentives",
    defaultPort: 4008,
    keepsRecords: false,
    profileField: null,
    records: null,
  },
  {
    name: "audit",
    zh: "审计日志",
    en: "audit log",
    defaultPort: 4009,
    keepsRecords: false,
    profileField: null,
    records: null,
  },
] as const satisfies readonly DepartmentDefinitionData[];

type Department = (typeof DEPARTMENTS)[number];
export type DepartmentName = Department["name"];
/** The departments that keep credit records about subjects (each has a `dept:<name>` scope). */
export type RecordDepartmentName = Extract<Department, { keepsRecords: true }>["name"];
/** The departments that add a profile field with a `records` list to `Subject`. */
export type ProfileDepartment = Extract<Department, { profileField: string }>;
export type ProfileDepartmentName = ProfileDepartment["name"];
export type ProfileField = ProfileDepartment["profileField"];

export const DEPARTMENT_NAMES: readonly DepartmentName[] = DEPARTMENTS.map((d) => d.name);

export const RECORD_DEPARTMENTS = DEPARTMENTS.filter((d): d is Extract<Department, { keepsRecords: true }> => d.keepsRecords).map((d) => d.name);

/** The departments that add a profile field to `Subject`, in order. */
export const PROFILE_DEPARTMENTS: readonly ProfileDepartment[] = DEPARTMENTS.filter((d): d is ProfileDepartment => d.profileField !== null);

/** The departments that add a profile field to `Subject`, with that field. */
export const PROFILE_FIELDS = PROFILE_DEPARTMENTS.map((d) => ({ department: d.name, field: d.profileField }));

/** A department's published fact, with its department: `key` is `<department>.<name>`. */
export type DepartmentFact = FactDefinition & { readonly department: ProfileDepartmentName; readonly profileField: ProfileField; readonly key: string };

/** Every fact the departments publish beyond their records (the evaluation @requires each). */
export const DEPARTMENT_FACTS: readonly DepartmentFact[] = PROFILE_DEPARTMENTS.flatMap((d) => {
  const definition: DepartmentDefinitionData = d;
  return (definition.facts ?? []).map((f) => ({ ...f, department: d.name, profileField: d.profileField, key: `${d.name}.${f.name}` }));
});

/** A published fact by its key (`village.householdCode`), or undefined. */
export const factNamed = (key: string): DepartmentFact | undefined => DEPARTMENT_FACTS.find((f) => f.key === key);

/** One department's definition. */
export const departmentNamed = <N extends DepartmentName>(name: N): Extract<Department, { name: N }> =>
  DEPARTMENTS.find((d): d is Extract<Department, { name: N }> => d.name === name)!;

/** A department's title in a language (市税务局 / tax bureau), or its name for one not listed. */
export function departmentTitle(name: string, lang: "zh" | "en" = "zh"): string {
  const department: DepartmentDefinitionData | undefined = DEPARTMENTS.find((d) => d.name === name);
  return department ? department[lang] : name;
}

/** A record category's label in a language — in English the description's head ("Traffic violation") — or the code itself for one not listed. */
export function categoryLabel(department: string, category: string, lang: "zh" | "en" = "zh"): string {
  const values: Readonly<Record<string, CategoryLabel>> | undefined = DEPARTMENTS.find((d) => d.name === department)?.records?.categories.values;
  const label = values?.[category];
  if (!label) return category;
  return lang === "zh" ? label[0] : label[1].split(/ \(|[,.;]/)[0];
}

/**
 * Whether a subject's evaluation needs department `d`'s field: a person living in its district (the
 * directory's `district`). While the directory does not answer (the evaluation is incomplete for it
 * anyway), the ID number's division is the best guess.
 */
export function needsDepartment(d: DepartmentDefinitionData, subject: { id: string; district?: string | null }): boolean {
  if (d.personsOfDistrict === undefined) return true;
  if (!/^[0-9]{17}[0-9X]$/.test(subject.id)) return false;
  if (subject.district != null) return subject.district === d.personsOfDistrict;
  const division = HUZHOU_DISTRICTS.find((x) => x.key === d.personsOfDistrict)?.code;
  return division === undefined || subject.id.startsWith(division);
}
