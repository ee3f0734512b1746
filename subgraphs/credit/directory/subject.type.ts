/** The subject directory's GraphQL types (市信用办 owns `Subject`). Fields only, no logic. */
import { Directive, Field, ID, InputType, ObjectType } from "type-graphql";
import { SUBJECT_ID_DESCRIPTION } from "../../../shared/record.type.js";
import { defineValueSet, type ValueOf } from "../../../shared/value-set.js";
import { FUNCTIONAL_ZONES, HUZHOU_DISTRICTS, type DistrictKey, type FunctionalZoneKey } from "../../../shared/divisions.js";
import type { OrgType } from "../../../shared/ids.js";
import { READ_DIRECTORY } from "../../../shared/scopes.js";
import { connectionOf } from "../../../shared/pagination.js";
import { DateScalar } from "../../../shared/scalars.js";

export const SubjectKind = defineValueSet(
  "SubjectKind",
  "Whether a subject is an organisation (identified by its 统一社会信用代码) or a person (居民身份证号码).",
  {
    ORGANIZATION: "组织: identified by its 统一社会信用代码",
    PERSON: "自然人: identified by a 居民身份证号码",
  },
);
export type SubjectKind = ValueOf<typeof SubjectKind>;

export const OrganizationType = defineValueSet<OrgType>("OrganizationType", "Organisation subtype from the USCC's 1st and 2nd characters (GB 32100-2015).", {
  GOVERNMENT_BODY: "机关 (11)",
  PUBLIC_INSTITUTION: "事业单位 (12)",
  MASS_ORGANIZATION: "群团组织 (13)",
  SOCIAL_ORGANIZATION: "社会团体 (51)",
  PRIVATE_NON_ENTERPRISE: "民办非企业单位 (52)",
  FOUNDATION: "基金会 (53)",
  ENTERPRISE: "企业 (91)",
  INDIVIDUAL_BUSINESS: "个体工商户 (92)",
  FARMERS_COOPERATIVE: "农民专业合作社 (93)",
  OTHER: "其他 (any other department/type pair)",
});
export type OrganizationType = ValueOf<typeof OrganizationType>;

// Declared once, in shared/divisions.ts: the keys and their GB/T 2260 codes.
export const District = defineValueSet(
  "District",
  "Huzhou's five county-level districts (GB/T 2260).",
  Object.fromEntries(HUZHOU_DISTRICTS.map((d) => [d.key, `${d.name} ${d.code}`])) as Record<DistrictKey, string>, // fromEntries loses the key type
);
export type District = ValueOf<typeof District>;

export const FunctionalZone = defineValueSet<FunctionalZoneKey>(
  "FunctionalZone",
  "Functional zone a subject belongs to; not an administrative division (domain.md: 南太湖新区 has no GB/T 2260 code).",
  FUNCTIONAL_ZONES,
);
export type FunctionalZone = ValueOf<typeof FunctionalZone>;

@Directive('@key(fields: "id")')
@ObjectType({ description: "A credit subject (信用主体): an organisation or a person, with records from every department." })
export class Subject {
  @Field(() => ID, { description: SUBJECT_ID_DESCRIPTION })
  id!: string;

  @Directive(READ_DIRECTORY)
  @Field(() => SubjectKind, { description: "Organisation or person." })
  kind!: SubjectKind;

  @Directive(READ_DIRECTORY)
  @Field(() => OrganizationType, { nullable: true, description: "Organisation subtype (机构类别); null for persons." })
  organizationType!: OrgType | null;

  @Directive(READ_DIRECTORY)
  @Field(() => String, { description: "Registered name (名称) of an organisation, or a person's name (姓名), masked 张*三 unless the caller holds pii:read." })
  name!: string;

  @Directive(READ_DIRECTORY)
  @Field(() => District, { description: "County-level district (区县) of registration or residence." })
  district!: District;

  @Directive(READ_DIRECTORY)
  @Field(() => FunctionalZone, { nullable: true, description: "Functional zone (功能区), when the subject lies in one." })
  functionalZone!: FunctionalZone | null;

  @Directive(READ_DIRECTORY)
  @Field(() => String, { nullable: true, description: "Industry (行业) of an organisation; null for persons." })
  industry!: string | null;

  @Directive(READ_DIRECTORY)
  @Field(() => DateScalar, { description: "Date the subject entered the directory: establishment for organisations (成立日期), registration for persons." })
  registeredOn!: string;

  @Directive(READ_DIRECTORY)
  @Field(() => String, { nullable: true, description: "Contact phone (联系电话); masked 138****1234 for a person unless the caller holds pii:read." })
  phone!: string | null;
}

export const SubjectConnection = connectionOf(Subject, {
  description: "A page of subjects.",
  nodes: "The subjects of this page, ordered by id.",
  totalCount: "Number of subjects matching the filter, over all pages.",
});

@InputType({ description: "Which subjects to list; all conditions must hold." })
export class SubjectFilter {
  @Field(() => SubjectKind, { nullable: true, description: "Only organisations or only persons." })
  kind?: SubjectKind;

  @Field(() => District, { nullable: true, description: "Only this district." })
  district?: District;

  @Field(() => String, {
    nullable: true,
    description:
      "Only subjects whose name starts with this text (1–50 characters). Without pii:read only organisations match: persons' names are personal data.",
  })
  namePrefix?: string;
}
